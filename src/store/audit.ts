import type { StateChange } from '../domain/model.js';
import {
  type ActionDescriptor,
  type ActionValues,
  type ActionWording,
  actionSpec,
} from '../plugin-api/index.js';

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
  /** When this line was written (ISO 8601, real clock). */
  at: string;
  /** OS user who acted. */
  actor: string;
  /** Connector instance (the key under `connectors:`). */
  instance: string;
  /** The action's id: a capability (`incidents.ack`) or a plugin's own (`acme.snooze`). */
  action: string;
  /** Human key of the record, e.g. #4211. */
  target: string;
  targetId: string;
  /** Note or resolution text sent. */
  text?: string;
  /** Escalation level asked for. */
  level?: number;
  /** State change asked for. */
  change?: StateChange;
  /** What was entered for a plugin's own action, by field. */
  values?: ActionValues;
  /** Completions: what the cockpit said about the outcome. */
  message?: string;
  /** Completions that did not succeed: the error code (e.g. INVALID, OUTCOME_UNKNOWN, TIMEOUT). */
  code?: string;
  /** Completions: milliseconds from the intent line to the answer (or to giving up). */
  ms?: number;
  /** A `failed` line with no `intent`: the cockpit refused before anything was attempted. */
  refused?: true;
}

/**
 * The words for an action: its descriptor's (the connector declared it), else the standard
 * action's defaults, else its id: a refusal must still say something for an action nobody has.
 */
export function actionWording(
  actionId: string,
  descriptor?: Pick<ActionDescriptor, 'wording'>,
): ActionWording {
  if (descriptor) return descriptor.wording;
  const spec = actionSpec(actionId);
  if (spec) return spec.wording;
  return {
    title: actionId,
    short: actionId,
    verb: actionId,
    ability: actionId,
    noun: actionId,
    progress: actionId,
    question: `${actionId} {subject}?`,
    lines: [],
    confirmLabel: actionId,
    again: actionId,
  };
}
