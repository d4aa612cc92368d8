/**
 * `vi.waitFor` gives up after 1 s unless told otherwise. On a busy 2-core box (CI beside
 * other jobs, a stress test) an Ink render or a child process can take longer than that,
 * and a test that waits for the right frame fails although nothing is wrong. Every test
 * gets a deadline sized for a loaded machine instead; a test that states its own timeout
 * keeps it. Waiting longer never makes a wrong frame pass: the assertion still has to hold.
 */
import { vi } from 'vitest';

export const WAIT_FOR_TIMEOUT_MS = 15_000;

const original = vi.waitFor.bind(vi);
type WaitFor = typeof vi.waitFor;

vi.waitFor = ((callback, options) => {
  const given = typeof options === 'number' ? { timeout: options } : (options ?? {});
  return original(callback, { ...given, timeout: given.timeout ?? WAIT_FOR_TIMEOUT_MS });
}) as WaitFor;
