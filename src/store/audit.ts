import type { StateChange } from '../domain/model.js';
import type { ActionCapability } from '../plugin-api/index.js';

/**
 * Where a write stands in the audit trail. `intent` is written and flushed before the
 * request leaves; one of the other three completes it (same `id`):
 * - `succeeded`: the vendor confirmed it;
 * - `failed`: the vendor certainly did not apply it (it refused, or nothing was sent);
 * - `unknown`: it may have been applied (timeout, reset or hang-up after sending, 5xx, quit
 *   while waiting). An `intent` with no completion means the process died while waiting:
 *   treat it as `unknown`.
 */
export type AuditPhase = 'intent' | 'succeeded' | 'failed' | 'unknown';

/** One line of the audit log (JSONL, format 2). See docs/audit.md. */
export interface AuditEntry {
  /** Line format version. */
  v: 2;
  /** Id of the write: its `intent` line and its completion share it. */
  id: string;
  phase: AuditPhase;
  /** When this line was written (ISO 8601, wall clock). */
  at: string;
  /** OS user who acted. */
  actor: string;
  /** Connector instance (the key under `connectors:`). */
  instance: string;
  action: ActionCapability;
  /** Human key of the record, e.g. #4211. */
  target: string;
  targetId: string;
  /** Note or resolution text sent. */
  text?: string;
  /** Escalation level asked for. */
  level?: number;
  /** State change asked for. */
  change?: StateChange;
  /** Completions: what the cockpit said about the outcome. */
  message?: string;
  /** Completions that did not succeed: the error code (e.g. INVALID, OUTCOME_UNKNOWN, TIMEOUT). */
  code?: string;
  /** Completions: milliseconds from the intent line to the answer (or to giving up). */
  ms?: number;
  /** A `failed` line with no `intent`: the cockpit refused before anything was attempted. */
  refused?: true;
}

const VERBS: Record<ActionCapability, string> = {
  'incidents.ack': 'acknowledge',
  'incidents.escalate': 'escalate',
  'incidents.resolve': 'resolve',
  'incidents.note': 'add a note to',
  'incidents.assign': 'assign',
  'incidents.state': 'change the state of',
};

const NOUNS: Record<ActionCapability, string> = {
  'incidents.ack': 'acknowledgement',
  'incidents.escalate': 'escalation',
  'incidents.resolve': 'resolution',
  'incidents.note': 'note',
  'incidents.assign': 'assignment',
  'incidents.state': 'state change',
};

export function actionVerb(capability: ActionCapability): string {
  return VERBS[capability];
}

/** "escalation", "acknowledgement": the write as a thing, for "your escalation of #4211". */
export function actionNoun(capability: ActionCapability): string {
  return NOUNS[capability];
}
