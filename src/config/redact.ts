/**
 * Secret redaction. Every resolved secret is registered here; the HTTP layer,
 * the store's last-error text and error formatting pass strings through
 * `redact()` before anything reaches the screen, a log or the audit file.
 */

export const REDACTED = '[REDACTED]';

/**
 * Credentials recognisable by shape even when never registered (a token pasted
 * into a URL, a header echoed in a vendor error). Each keeps its label and
 * replaces only the value.
 */
const PATTERNS: readonly [RegExp, string][] = [
  // PagerDuty: `Authorization: Token token=abc`
  [/(Token\s+token=)("?)[^\s",;]+/gi, `$1$2${REDACTED}`],
  [/(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`],
  [/(\bBasic\s+)[A-Za-z0-9+/]+=*/gi, `$1${REDACTED}`],
  // user:password@ in any URL
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi, `$1${REDACTED}@`],
  // Datadog key headers, in "name: value" or JSON "name":"value" form
  [/(dd-(?:api|application)-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1${REDACTED}`],
  // Credentials in query strings or form bodies
  [
    /([?&](?:api_key|application_key|client_secret|access_token|refresh_token|password|token)=)[^&\s#"']+/gi,
    `$1${REDACTED}`,
  ],
  // OAuth token responses echoed in errors
  [/("(?:access_token|refresh_token|client_secret|password)"\s*:\s*")[^"]*/gi, `$1${REDACTED}`],
];

/** Shorter values would redact ordinary words and numbers all over the screen. */
const MIN_SECRET_LENGTH = 4;

export class SecretRegistry {
  readonly #values = new Set<string>();
  #sorted: string[] | undefined;

  /** Remember a secret (and its URL-encoded form) so it is scrubbed from any later text. */
  register(value: string): void {
    const trimmed = value.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) return;
    this.#values.add(trimmed);
    const encoded = encodeURIComponent(trimmed);
    if (encoded !== trimmed) this.#values.add(encoded);
    this.#sorted = undefined;
  }

  /** How many values are registered (for tests and `doctor`). */
  get size(): number {
    return this.#values.size;
  }

  /** Replace registered secrets and credential-shaped substrings with [REDACTED]. */
  redact(text: string): string {
    // Longest first, so a secret that contains another is removed whole.
    this.#sorted ??= [...this.#values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const value of this.#sorted) out = out.split(value).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}

/** Pattern-only redaction for places that have no registry at hand. */
export function redactCredentials(text: string): string {
  return new SecretRegistry().redact(text);
}
