/**
 * Vendor text is untrusted: a ticket title can carry `\x1b[2J`, OSC 52 clipboard
 * writes or bidi overrides. Everything a vendor says goes through here before it
 * reaches a <Text>. We keep printable characters and replace line breaks and tabs
 * with spaces so one record stays one row.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL | ESC \), DCS/PM/APC/SOS strings, any other ESC
// sequence (ESC, intermediates, final: RIS `ESC c`, DECSC `ESC 7`, charset `ESC ( B`), C1 CSI.
const ESCAPES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[P^_X][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]/g;
// Remaining C0/C1 controls and DEL, plus bidi overrides/isolates that can reorder what is shown.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const BREAKS = /[\t\n\r\u2028\u2029]+/g;

/** Remove control and escape sequences; collapse line breaks to single spaces. */
export function sanitizeText(input: unknown): string {
  if (input === null || input === undefined) return '';
  const text = typeof input === 'string' ? input : String(input);
  return text.replace(ESCAPES, '').replace(BREAKS, ' ').replace(CONTROLS, '').trim();
}

/** Sanitize every string in a plain-data value, recursively (records, arrays, nested objects). */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = sanitizeDeep(v);
    return out as T;
  }
  return value;
}
