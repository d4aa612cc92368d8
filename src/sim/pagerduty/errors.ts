/**
 * PagerDuty's error bodies: `{"error": {"code", "message", "errors": [...]}}`,
 * with the codes its documentation lists (see /work/shared/api/pagerduty.md §5).
 */
import type { SimResponse } from '../http/server.js';
import { WorldError } from '../world.js';

export function pdError(status: number, code: number, message: string, errors?: string[]): SimResponse {
  return { status, json: { error: { message, code, ...(errors ? { errors } : {}) } } };
}

export const invalidInput = (...errors: string[]) => pdError(400, 2001, 'Invalid Input Provided', errors);
export const argumentsError = (...errors: string[]) => pdError(400, 2002, 'Arguments Caused Error', errors);
export const notFound = () => pdError(404, 2100, 'Not Found');
export const unauthorized = () => pdError(401, 2006, 'Authentication Failed');
export const forbidden = (why: string) => pdError(403, 2010, 'Access Denied', [why]);
export const rateLimited = () => pdError(429, 2020, 'Rate Limit Exceeded');

/** Default body for an injected fault status. */
export function faultBody(status: number): unknown {
  const message =
    status === 429 ? 'Rate Limit Exceeded' : status >= 500 ? 'Internal Server Error' : 'Simulated failure';
  return { error: { message, code: status === 429 ? 2020 : 2000 } };
}

/** A refused world change → the PagerDuty answer for it. */
export function fromWorldError(err: unknown): SimResponse {
  if (!(err instanceof WorldError)) throw err;
  switch (err.kind) {
    case 'not_found':
      return notFound();
    case 'already_resolved':
      return pdError(400, 1001, 'Incident Already Resolved', [err.message]);
    case 'cannot_escalate':
      return pdError(400, 1006, 'Incident Cannot Be Escalated', [err.message]);
    case 'not_acknowledged':
      return pdError(400, 1012, 'Incident is not Acknowledged', [err.message]);
    case 'nobody_on_call':
      return pdError(400, 1015, 'Escalation Policy Has No One On Call', [err.message]);
    case 'invalid':
      return invalidInput(err.message);
    case 'invalid_priority':
      return pdError(400, 1020, 'Invalid Priority', [err.message]);
  }
}
