/** ServiceNow's error envelope: `{"error":{"message","detail"},"status":"failure"}`. */
import type { SimResponse } from '../http/server.js';

export function snError(status: number, message: string, detail: string | null = null): SimResponse {
  return { status, json: { error: { message, detail }, status: 'failure' } };
}

export const notAuthenticated = () =>
  snError(401, 'User Not Authenticated', 'Required to provide Auth information');
export const noRecord = () =>
  snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
export const invalidTable = (name: string) => snError(404, `Invalid table ${name}`);
export const aclDenied = () =>
  snError(403, 'Operation Failed', 'ACL Exception Update Failed due to security constraints');
export const badQuery = (detail: string) => snError(400, 'Invalid query', detail);
export const badRequest = (message: string, detail: string | null = null) => snError(400, message, detail);

/** Default body for an injected fault status. */
export function faultBody(status: number): unknown {
  const message =
    status === 429
      ? 'Rate limit exceeded'
      : status === 401
        ? 'User Not Authenticated'
        : status >= 500
          ? 'Internal server error'
          : 'Simulated failure';
  return { error: { message, detail: 'Injected by the simulator' }, status: 'failure' };
}
