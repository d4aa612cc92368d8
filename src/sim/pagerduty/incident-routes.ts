/** Reading incidents: GET /incidents, /incidents/{id}, its log entries and notes. */
import { DAY } from '../clock.js';
import type { SimResponse } from '../http/server.js';
import type { Incident, LogEntry } from '../world.js';
import type { Route, RouteContext } from './context.js';
import { invalidInput, notFound } from './errors.js';
import { many, oneOf, page, QueryError, time } from './query.js';
import * as render from './render.js';

const STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
const URGENCIES = ['high', 'low'] as const;
const SORT_FIELDS = ['incident_number', 'created_at', 'resolved_at', 'urgency'] as const;
const DEFAULT_WINDOW = 30 * DAY;
const MAX_WINDOW = 180 * DAY;

/** An incident by id (or by number, which PagerDuty also accepts). */
export function findIncident(c: RouteContext, id: string): Incident | undefined {
  const all = c.world.incidents();
  return /^\d+$/.test(id) ? all.find((i) => i.number === Number(id)) : all.find((i) => i.id === id);
}

type Comparator = (a: Incident, b: Incident) => number;

function sorter(raw: string | null): Comparator {
  const parts = (raw ?? 'created_at:asc').split(',').filter(Boolean);
  if (parts.length > 2) throw new QueryError(invalidInput('sort_by accepts at most 2 fields'));
  const comparators = parts.map((part): Comparator => {
    const [field, dir = 'asc'] = part.split(':');
    if (!SORT_FIELDS.includes(field as (typeof SORT_FIELDS)[number]) || (dir !== 'asc' && dir !== 'desc')) {
      throw new QueryError(
        invalidInput(`sort_by "${part}" is not one of ${SORT_FIELDS.join(', ')} with :asc or :desc`),
      );
    }
    const sign = dir === 'asc' ? 1 : -1;
    const key = (i: Incident): number =>
      field === 'incident_number'
        ? i.number
        : field === 'created_at'
          ? i.createdAt
          : field === 'resolved_at'
            ? (i.resolvedAt ?? Number.POSITIVE_INFINITY)
            : i.urgency === 'high'
              ? 1
              : 0;
    return (a, b) => sign * (key(a) - key(b));
  });
  return (a, b) => {
    for (const cmp of comparators) {
      const d = cmp(a, b);
      if (d !== 0) return d;
    }
    return a.number - b.number;
  };
}

/** created_at window: `date_range=all` means none; otherwise since/until, one month by default. */
function window(c: RouteContext, q: URLSearchParams): [number, number] | undefined {
  if (q.get('date_range') === 'all') return undefined;
  if (q.has('date_range')) throw new QueryError(invalidInput('date_range must be "all"'));
  const since = time(q, 'since');
  const until = time(q, 'until');
  const end = until ?? (since !== undefined ? Math.max(c.now, since + 1) : c.now);
  const start = since ?? end - DEFAULT_WINDOW;
  if (end <= start) throw new QueryError(invalidInput('until must be after since'));
  if (end - start > MAX_WINDOW)
    throw new QueryError(invalidInput('The since/until range may not exceed 6 months'));
  return [start, end];
}

export const listIncidents: Route = (c, req) => {
  const q = req.query;
  const statuses = oneOf(q, 'statuses', STATUSES);
  const urgencies = oneOf(q, 'urgencies', URGENCIES);
  const services = many(q, 'service_ids');
  const teams = many(q, 'team_ids');
  const users = many(q, 'user_ids');
  const key = q.get('incident_key');
  const range = window(c, q);
  const compare = sorter(q.get('sort_by'));
  // include[] (assignees, services, …) would only expand references; accepted and ignored.
  const items = c.world
    .incidents()
    .filter(
      (i) =>
        (statuses.length === 0 || statuses.includes(i.status)) &&
        (urgencies.length === 0 || urgencies.includes(i.urgency)) &&
        (services.length === 0 || services.includes(i.serviceId)) &&
        (teams.length === 0 || teams.includes(c.world.service(i.serviceId).teamId)) &&
        (users.length === 0 || i.assignments.some((a) => users.includes(a.userId))) &&
        (key === null || i.incidentKey === key) &&
        (range === undefined || (i.createdAt >= range[0] && i.createdAt < range[1])),
    );
  return page(q, 'incidents', [...items].sort(compare), (i) => render.incident(c, i));
};

export const getIncident: Route = (c, _req, [id]) => {
  const inc = findIncident(c, id!);
  return inc ? { status: 200, json: { incident: render.incident(c, inc) } } : notFound();
};

/** The key changes PagerDuty shows in its overview (`is_overview=true`). */
const OVERVIEW = new Set<LogEntry['type']>([
  'trigger_log_entry',
  'acknowledge_log_entry',
  'escalate_log_entry',
  'resolve_log_entry',
  'annotate_log_entry',
]);

export const listLogEntries: Route = (c, req, [id]) => {
  const inc = findIncident(c, id!);
  if (!inc) return notFound();
  const q = req.query;
  const since = time(q, 'since') ?? Number.NEGATIVE_INFINITY;
  const until = time(q, 'until') ?? Number.POSITIVE_INFINITY;
  const overview = q.get('is_overview') === 'true';
  const entries = inc.log
    .filter((e) => e.at >= since && e.at < until && (!overview || OVERVIEW.has(e.type)))
    .reverse();
  return page(q, 'log_entries', entries, (e) => render.logEntry(c, inc, e));
};

/**
 * `GET /log_entries`: every incident's log across the account, newest first, in a created_at
 * window (default the last month, at most 6 months; `since` alone runs to now). `is_overview`
 * keeps the key changes; `include[]=incidents` puts the incident as it is *now* in each entry
 * instead of its reference, as PagerDuty does. Pages shift as entries arrive (newest first):
 * a client paging through a busy account sees repeats, as it would on the real API.
 */
export const listAccountLogEntries: Route = (c, req) => {
  const q = req.query;
  const range = window(c, q) ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  // Without `until` the window runs to now *inclusive*: on a still (test) clock every new entry
  // is stamped exactly now, and a client following the log must see it.
  if (!q.has('until')) range[1] = Number.POSITIVE_INFINITY;
  const overview = q.get('is_overview') === 'true';
  const withIncidents = many(q, 'include').includes('incidents');
  const entries: { inc: Incident; e: LogEntry }[] = [];
  for (const inc of c.world.incidents())
    for (const e of inc.log)
      if (e.at >= range[0] && e.at < range[1] && (!overview || OVERVIEW.has(e.type)))
        entries.push({ inc, e });
  // Newest first; entries of one instant keep their log order reversed, like the per-incident list.
  entries.sort((a, b) => b.e.at - a.e.at || (a.e.id < b.e.id ? 1 : a.e.id > b.e.id ? -1 : 0));
  return page(q, 'log_entries', entries, ({ inc, e }) => {
    const entry = render.logEntry(c, inc, e);
    return withIncidents ? { ...entry, incident: render.incident(c, inc) } : entry;
  });
};

export const listNotes: Route = (c, _req, [id]): SimResponse => {
  const inc = findIncident(c, id!);
  if (!inc) return notFound();
  return { status: 200, json: { notes: inc.notes.map((n) => render.note(c, n)) } };
};
