/** Refused world changes, and who did something (a person or the service itself). */
import type { Agent } from './types.js';

export type WorldErrorKind =
  | 'not_found'
  | 'already_resolved'
  | 'cannot_escalate'
  | 'not_acknowledged'
  | 'invalid'
  | 'invalid_priority'
  | 'nobody_on_call';

/** A refused change; the vendor simulators turn `kind` into their own error codes. */
export class WorldError extends Error {
  constructor(
    readonly kind: WorldErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'WorldError';
  }
}

export const userAgent = (id: string): Agent => ({ kind: 'user', id });
export const serviceAgent = (id: string): Agent => ({ kind: 'service', id });
