import type { StateChange } from '../domain/model.js';
import type { ActionCapability } from '../plugin-api/index.js';

/** One line of the audit log (JSONL): who did what to which record, and how it went. */
export interface AuditEntry {
  at: string;
  actor: string;
  instance: string;
  action: ActionCapability;
  /** Human key of the record, e.g. #4211. */
  target: string;
  targetId: string;
  result: 'ok' | 'failed';
  message: string;
  text?: string;
  level?: number;
  change?: StateChange;
}

const VERBS: Record<ActionCapability, string> = {
  'incidents.ack': 'acknowledge',
  'incidents.escalate': 'escalate',
  'incidents.resolve': 'resolve',
  'incidents.note': 'add a note to',
  'incidents.assign': 'assign',
  'incidents.state': 'change the state of',
};

export function actionVerb(capability: ActionCapability): string {
  return VERBS[capability];
}
