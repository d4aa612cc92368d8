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

/**
 * Every PATTERNS entry needs one of these words or characters; text without any (most record
 * fields) skips the seven pattern scans.
 */
const MAY_HOLD_CREDENTIAL = /token|bearer|basic|@|dd-|[?&]|access_|refresh_|client_secret|password/i;
const ASCII = /^[\x00-\x7f]*$/;
/** Strings up to this long are cached (titles and names; not whole response bodies). */
const CACHE_MAX_LENGTH = 256;
const CACHE_ENTRIES = 20_000;

/** Shorter values would redact ordinary words and numbers all over the screen. */
const MIN_SECRET_LENGTH = 4;
/**
 * A base64 fragment this long (6 bytes of the secret) is distinctive enough to stand for the
 * secret wherever it sits inside a longer base64 blob (`user:secret` basic auth).
 */
const MIN_CORE_CHARS = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const toUrl64 = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The base64 text that stands for `bytes` wherever they sit in a larger encoded blob: the
 * secret starts at one of three offsets modulo 3, and for each offset the full 3-byte groups
 * made only of the secret's bytes always encode to the same characters.
 */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    if (whole <= 0) continue;
    const core = bytes.subarray(skip, skip + whole).toString('base64');
    if (core.length >= MIN_CORE_CHARS) out.push(core);
  }
  return out;
}

/** A run of base64 / base64url text (padding included): the unit a core match redacts whole. */
const BASE64_RUN = /[A-Za-z0-9+/_-]+=*/g;

/**
 * Every encoding a secret is commonly printed in, found case-insensitively where the encoding
 * allows (raw, URL-encoded, hex: a plugin that upper-cases a message must not reveal the
 * token), case-sensitively for base64, whose case carries the data.
 */
export class SecretRegistry {
  readonly #values = new Set<string>();
  /** Redacted text by input, for short strings; cleared when a secret is added. */
  readonly #cache = new Map<string, string>();
  #compiled:
    | { text: RegExp | null; asciiLower: string[] | null; cores: Set<string>; coreRe: RegExp | null }
    | undefined;

  /**
   * Remember a secret so it is scrubbed from any later text. Numbers are secrets too
   * (YAML reads `token: 12345` as one).
   */
  register(value: string | number): void {
    const trimmed = String(value).trim();
    if (trimmed.length < MIN_SECRET_LENGTH) return;
    if (this.#values.has(trimmed)) return;
    this.#values.add(trimmed);
    this.#compiled = undefined;
    this.#cache.clear();
  }

  /** How many values are registered (for tests and `doctor`). */
  get size(): number {
    return this.#values.size;
  }

  #compile() {
    const literals = new Set<string>();
    const cores = new Set<string>();
    for (const value of this.#values) {
      const bytes = Buffer.from(value, 'utf8');
      literals.add(value);
      literals.add(encodeURIComponent(value));
      // Form encoding (space as +) and the lone-% forms some clients use.
      literals.add(encodeURIComponent(value).replace(/%20/g, '+'));
      literals.add(bytes.toString('hex'));
      // The whole secret encoded on its own, padding optional: short secrets have no core.
      const alone = bytes.toString('base64').replace(/=+$/, '');
      if (alone.length >= MIN_SECRET_LENGTH) {
        cores.add(alone);
        cores.add(toUrl64(alone));
      }
      for (const core of base64Cores(bytes)) {
        cores.add(core);
        cores.add(toUrl64(core));
      }
    }
    // Longest first, so a secret that contains another is removed whole.
    const sorted = [...literals]
      .filter((l) => l.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length);
    const coreList = [...cores].sort((a, b) => b.length - a.length);
    return {
      text: sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join('|'), 'giu') : null,
      asciiLower: sorted.every((l) => ASCII.test(l)) ? sorted.map((l) => l.toLowerCase()) : null,
      cores,
      coreRe: coreList.length > 0 ? new RegExp(coreList.map(escapeRegExp).join('|')) : null,
    };
  }

  /** Replace registered secrets (in any encoding above) and credential-shaped substrings with [REDACTED]. */
  redact(text: string): string {
    // Records repeat most of their strings (states, names, keys): answer those from a cache.
    const cached = this.#cache.get(text);
    if (cached !== undefined) return cached;
    let out = text;
    if (this.#values.size > 0) {
      this.#compiled ??= this.#compile();
      const { text: literal, coreRe, asciiLower } = this.#compiled;
      // ASCII text and ASCII secrets: a lower-cased substring check decides whether the regex
      // is needed at all (Unicode case folding can match across scripts, so only then).
      let skip = false;
      if (asciiLower !== null && ASCII.test(out)) {
        const lower = out.toLowerCase();
        skip = !asciiLower.some((l) => lower.includes(l));
      }
      if (literal && !skip) out = out.replace(literal, REDACTED);
      // A base64 run holding a secret's core is replaced whole: what is left around the core
      // would still decode to a few bytes of the secret. One scan first: most text has none.
      if (coreRe?.test(out)) out = out.replace(BASE64_RUN, (run) => (coreRe.test(run) ? REDACTED : run));
    }
    if (MAY_HOLD_CREDENTIAL.test(out))
      for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    if (text.length <= CACHE_MAX_LENGTH) {
      if (this.#cache.size >= CACHE_ENTRIES) this.#cache.clear();
      this.#cache.set(text, out);
    }
    return out;
  }
}

/** Pattern-only redaction for places that have no registry at hand. */
export function redactCredentials(text: string): string {
  return new SecretRegistry().redact(text);
}

/**
 * `redact` applied to every string inside plain data (records, action results), keys
 * included; other values are kept. Returns the same object when nothing changed.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = redactDeep(v, redact);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = redact(k);
      const r = redactDeep(v, redact);
      if (r !== v || key !== k) changed = true;
      out[key] = r;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
