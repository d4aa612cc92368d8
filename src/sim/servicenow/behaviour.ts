/**
 * What a real instance does that a friendly test server would not, as switches
 * on `ServiceNowSim.behaviour`. The defaults are what an out-of-the-box instance
 * does (invalid conditions dropped, data policies and the membership business
 * rule enforced); ACLs and mid-load updates are set by the tests that need them.
 */
import type { Ctx } from './table-kit.js';

/** A read ACL on rows: matching rows vanish from list pages after the page is cut. */
export interface RowAcl {
  table: string;
  /** True when the caller may not see `row`. */
  hides(row: unknown, c: Ctx): boolean;
}

export interface ListPageInfo {
  table: string;
  /** sysparm_query as sent. */
  query: string;
  offset: number;
  limit: number;
}

export interface InstanceBehaviour {
  /**
   * Row read ACLs. ServiceNow evaluates them after it has fetched a page, so a page can be short
   * or empty while later pages still hold rows; X-Total-Count and Link still count hidden rows
   * (KB0718678). A direct GET of a hidden row answers 404.
   */
  rowAcls: RowAcl[];
  /** Field read ACLs, as `table.field`: the column reads back as "" (value and display value). */
  hiddenFields: Set<string>;
  /**
   * Field write ACLs, as `table.field`: a PATCH that sets the column answers 200 with the record
   * unchanged in that column — no error, no hint.
   */
  readOnlyFields: Set<string>;
  /**
   * The `glide.invalid_query.returns_no_rows` property. Off (the default on most instances): a
   * condition on a column that does not exist is dropped and the rest of the query runs, so a
   * typo widens the result. On: such a query returns no rows.
   */
  invalidQueryReturnsNoRows: boolean;
  /**
   * Business rule on incident: the assignee must be a member of the assignment group. Refused
   * with 403 and the rule's message, as an aborted update is.
   */
  assigneeMustBeMember: boolean;
  /**
   * Instance-specific data policies: `field` (a column the simulator does not store, e.g. a
   * custom u_cause_code) must be sent when an incident moves to `whenState`. Refused with 403.
   */
  dataPolicies: { field: string; label: string; whenState: number }[];
  /** Called before each list page is served: tests update rows "between the pages" of a load. */
  beforeListPage: ((page: ListPageInfo) => void) | undefined;
}

export function defaultBehaviour(): InstanceBehaviour {
  return {
    rowAcls: [],
    hiddenFields: new Set(),
    readOnlyFields: new Set(),
    invalidQueryReturnsNoRows: false,
    assigneeMustBeMember: true,
    dataPolicies: [],
    beforeListPage: undefined,
  };
}

/** Does a row ACL hide `row` of `table` from the caller? */
export function hidden(b: InstanceBehaviour, table: string, row: unknown, c: Ctx): boolean {
  return b.rowAcls.some((acl) => acl.table === table && acl.hides(row, c));
}
