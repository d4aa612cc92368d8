/**
 * Record kinds: what the cockpit knows about each kind of record independent of any vendor.
 * Each kind says how a record of it is identified (`idOf`), what a person calls it (`keyOf`:
 * `#4211`, `INC0012345`), how it is described in one line, and what is typed to confirm a
 * dangerous action on it. The record key `${source}:${id}` is built and parsed only here.
 *
 * Three registries share these ids, one per layer: this one (identity, pure), the schemas in
 * `plugin-api/record-schemas.ts` (what a plugin must return), and the UI's kind views
 * (`ui/kinds/`: how a detail shows one). Each is typed as a complete map over `RecordKindId`,
 * so adding a kind (hosts, monitors, SLOs) without its schema or its view does not compile.
 */
import type {
  About,
  DomainRecord,
  EscalationPolicy,
  Host,
  Incident,
  Monitor,
  OnCallShift,
  RecordRef,
  Service,
  SlaClock,
  Slo,
} from './model.js';

export type RecordKindId = DomainRecord['kind'];

/** The record type of a kind. */
export type RecordOfKind<K extends RecordKindId> = Extract<DomainRecord, { kind: K }>;

export interface KindSpec<R> {
  /** "incident": used in messages ("Select an incident to …"). */
  noun: string;
  plural: string;
  /** Its identity within its source (the vendor id, or a composite for records without one). */
  idOf(record: R): string;
  /** What a person calls it: shown in lists, messages, the audit's `target`. */
  keyOf(record: R): string;
  /** A few words about it (a title), when it has any. */
  titleOf(record: R): string | undefined;
  /**
   * What it is about, for linking it to records of other sources (`correlation.ts`); kinds
   * without it never link. A new kind plugs into correlation by saying this.
   */
  aboutOf?(record: R): AboutFacts;
}

/** What correlation reads of a record: raw names and tokens, normalized by correlation itself. */
export interface AboutFacts {
  /** Host and CI names. */
  names: readonly string[];
  /** Service names (a weaker link). */
  services: readonly string[];
  /** Tokens it cites. */
  refs: readonly string[];
  /** Its own tokens. */
  ids: readonly string[];
  /** Free text to look for names and ticket keys in (a title). */
  text?: string | undefined;
}

/** The token every record may be cited by: `rec:<source>:<id>` (an SLA clock cites its ticket so). */
export function recordToken(ref: RecordRef): string {
  return `rec:${ref.source}:${ref.id}`;
}

const list = (...parts: (readonly string[] | string | undefined)[]): string[] =>
  parts.flatMap((p) => (p === undefined ? [] : typeof p === 'string' ? [p] : p));

/** The generic part: what `about` says, plus the record's own token. */
function aboutFacts(
  record: { source: string; id: string; about?: About | undefined },
  more: Partial<AboutFacts> = {},
): AboutFacts {
  const a = record.about;
  return {
    names: list(a?.hosts, a?.cis, more.names),
    services: list(a?.services, more.services),
    refs: list(a?.refs, more.refs),
    ids: list(a?.ids, recordToken(record), more.ids),
    text: more.text,
  };
}

const incident: KindSpec<Incident> = {
  noun: 'incident',
  plural: 'incidents',
  idOf: (r) => r.id,
  keyOf: (r) => r.key,
  titleOf: (r) => r.title,
  aboutOf: (r) => aboutFacts(r, { services: list(r.service), text: r.title }),
};

const sla: KindSpec<SlaClock> = {
  noun: 'SLA clock',
  plural: 'SLA clocks',
  idOf: (r) => r.id,
  keyOf: (r) => r.taskKey,
  titleOf: (r) => r.name,
  // A clock belongs to its ticket: it follows the ticket's links (see `correlation.ts`).
  aboutOf: (r) => aboutFacts(r, { refs: [recordToken({ source: r.source, id: r.taskId })] }),
};

const oncall: KindSpec<OnCallShift> = {
  noun: 'on-call shift',
  plural: 'on-call shifts',
  // A shift has no vendor id: one person at one level of one policy is one shift.
  idOf: (r) => `${r.policyId}:${r.level}:${r.userId}`,
  keyOf: (r) => r.userName,
  titleOf: (r) => `${r.policyName} level ${r.level}`,
};

const policy: KindSpec<EscalationPolicy> = {
  noun: 'escalation policy',
  plural: 'escalation policies',
  idOf: (r) => r.id,
  keyOf: (r) => r.name,
  titleOf: () => undefined,
};

const service: KindSpec<Service> = {
  noun: 'service',
  plural: 'services',
  idOf: (r) => r.id,
  keyOf: (r) => r.name,
  titleOf: (r) => r.status,
};

const host: KindSpec<Host> = {
  noun: 'host',
  plural: 'hosts',
  idOf: (r) => r.id,
  // The name people know it by: what a containment confirmation asks to be typed.
  keyOf: (r) => r.hostname,
  // "Windows 11" already says Windows; the platform alone when the OS is unknown.
  titleOf: (r) => r.os || r.platform || undefined,
  aboutOf: (r) => aboutFacts(r, { names: list(r.hostname, r.fqdn) }),
};

const monitor: KindSpec<Monitor> = {
  noun: 'monitor',
  plural: 'monitors',
  idOf: (r) => r.id,
  // Monitor names are long and not unique; the id is what people quote ("monitor 9100001").
  keyOf: (r) => `monitor ${r.monitorId}`,
  titleOf: (r) => r.name,
  // Its groups' hosts and its service; the token others cite it by comes from its connector.
  aboutOf: (r) => aboutFacts(r, { names: r.hosts, services: list(r.service), text: r.name }),
};

const slo: KindSpec<Slo> = {
  noun: 'SLO',
  plural: 'SLOs',
  idOf: (r) => r.id,
  keyOf: (r) => r.name,
  titleOf: (r) => `${r.target}% over ${r.timeframe}`,
};

export const RECORD_KINDS: { readonly [K in RecordKindId]: KindSpec<RecordOfKind<K>> } = {
  incident,
  sla,
  oncall,
  escalation_policy: policy,
  service,
  host,
  monitor,
  slo,
};

export const RECORD_KIND_IDS = Object.keys(RECORD_KINDS) as RecordKindId[];

export function isRecordKind(kind: string): kind is RecordKindId {
  return Object.hasOwn(RECORD_KINDS, kind);
}

function specOf(record: DomainRecord): KindSpec<DomainRecord> {
  return RECORD_KINDS[record.kind] as unknown as KindSpec<DomainRecord>;
}

/** `${source}:${id}`: the one spelling of a record's key in maps, selections and the store. */
export function recordKey(ref: RecordRef): string {
  return `${ref.source}:${ref.id}`;
}

/** The reference in a record key. Ids may contain colons; connector instance names may not. */
export function parseRecordKey(key: string): RecordRef | undefined {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return undefined;
  return { source: key.slice(0, at), id: key.slice(at + 1) };
}

export function refOf(record: DomainRecord): RecordRef {
  return { source: record.source, id: specOf(record).idOf(record) };
}

/** The key of a record: `recordKey(refOf(record))`. */
export function keyOfRecord(record: DomainRecord): string {
  return recordKey(refOf(record));
}

/**
 * What an action acts on: a record reference and its kind, with the record as the user saw it
 * (connectors need more than the id, and the user confirmed that picture) and its human key.
 */
export interface Subject<R extends DomainRecord = DomainRecord> {
  kind: R['kind'];
  ref: RecordRef;
  /** What a person calls it (`#4211`): messages, the audit's `target`, typed confirmations. */
  label: string;
  record: R;
}

export function subjectOf<R extends DomainRecord>(record: R): Subject<R> {
  const spec = specOf(record);
  return { kind: record.kind, ref: refOf(record), label: spec.keyOf(record), record };
}

/** What a record is about, when its kind links at all. */
export function aboutOfRecord(record: DomainRecord): AboutFacts | undefined {
  return specOf(record).aboutOf?.(record);
}

/** A record's few words (its title), when its kind has any. */
export function titleOf(record: DomainRecord): string | undefined {
  return specOf(record).titleOf(record);
}
