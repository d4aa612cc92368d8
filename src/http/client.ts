/**
 * The one got factory. Every connector receives an instance made here (via its
 * PluginContext), so timeouts, retry policy, proxy/CA and secret redaction are
 * decided once, not per vendor.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import got, { type Got, type HandlerFunction, type Progress, type RetryObject } from 'got';
import { computeRetryDelay, type RateLimitInfo, readRateLimit } from './retry.js';

export interface Redactor {
  redact(text: string): string;
}

export interface HttpClientOptions {
  /** Whole-request timeout per attempt (ms). */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  retries?: number;
  /** Longest server-requested wait we sit through inside one call (ms); longer waits surface as rate-limited. */
  maxRetryAfterMs?: number;
  /** HTTP(S) proxy URL for vendor traffic (loopback is never proxied). */
  proxy?: string;
  /** PEM file with extra CA certificates (corporate TLS inspection). */
  caFile?: string;
  userAgent?: string;
  redactor?: Redactor;
  /** Called after every response that carries rate-limit headers. */
  onRateLimit?: (info: RateLimitInfo) => void;
  /** Counting hooks (the host's per-connector stats): every attempt, every response, every request without one. */
  hooks?: HttpHooks;
  /** Largest response body read (bytes, after decompression); default `DEFAULT_MAX_RESPONSE_BYTES`. */
  maxResponseBytes?: number;
}

/**
 * One vendor page is at most a few MB (PagerDuty 100 records, ServiceNow 1000 rows).
 * Anything far beyond is a server or proxy gone wrong, and reading it whole would eat
 * the machine's memory at 3 a.m.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Same value as `RESPONSE_TOO_LARGE` in the plugin API (`http/` may not import it;
 * a unit test keeps the two equal). Connectors test for it with `isResponseTooLarge`.
 */
export const RESPONSE_TOO_LARGE_CODE = 'ERR_RESPONSE_TOO_LARGE';

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  readonly code = RESPONSE_TOO_LARGE_CODE;
  constructor(
    readonly limit: number,
    readonly received: number,
  ) {
    super(
      `the response body passed ${mib(limit)} (the most itops-tui reads from one response); ` +
        `stopped reading after ${mib(received)}. A server or proxy is sending far more than one page.`,
    );
  }
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MiB`;

/**
 * got has no size limit, so watch the download and abort past `limit`. The abort goes
 * through the request's own signal (combined with the caller's), and the generic
 * AbortError that comes back is replaced by a ResponseTooLargeError saying why.
 */
function limitResponseSize(limit: number): HandlerFunction {
  return (options, next) => {
    const controller = new AbortController();
    let tooLarge: ResponseTooLargeError | undefined;
    const watch = (progress: Progress, abort: (err: Error) => void) => {
      if (tooLarge) return;
      // A declared Content-Length over the limit is refused before the body is read.
      const size = Math.max(progress.transferred, progress.total ?? 0);
      if (size > limit) {
        tooLarge = new ResponseTooLargeError(limit, progress.transferred);
        abort(tooLarge);
      }
    };
    if (options.isStream) {
      const result = next(options);
      const stream = result as unknown as ReturnType<Got['stream']>;
      stream.on('downloadProgress', (p: Progress) => watch(p, (err) => stream.destroy(err)));
      return result;
    }
    const outer = options.signal as AbortSignal | undefined;
    options.signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    const request = next(options) as ReturnType<Got>;
    request.on('downloadProgress', (p: Progress) => watch(p, (err) => controller.abort(err)));
    // got copies its helpers (.json(), .on()) onto a handler's wrapped promise.
    return request.catch((err: unknown) => {
      throw tooLarge ?? err;
    }) as ReturnType<typeof next>;
  };
}

/** What the host counts per connector; each retry is a request of its own. */
export interface HttpHooks {
  request(): void;
  response(status: number, rateLimit?: RateLimitInfo): void;
  noResponse(): void;
}

const identity: Redactor = { redact: (t) => t };

function proxyAgents(proxy: string) {
  // Node ≥ 24.5 agents speak HTTP CONNECT proxies themselves; no extra dependency needed.
  const proxyEnv = { HTTP_PROXY: proxy, HTTPS_PROXY: proxy, NO_PROXY: 'localhost,127.0.0.1,::1' };
  const agentOptions = { keepAlive: true, proxyEnv } as http.AgentOptions;
  return { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
}

export function createHttpClient(options: HttpClientOptions = {}): Got {
  const redactor = options.redactor ?? identity;
  const retries = options.retries ?? 2;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
  const ca = options.caFile ? readFileSync(options.caFile) : undefined;

  return got.extend({
    handlers: [limitResponseSize(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)],
    timeout: { request: options.timeoutMs ?? 10_000 },
    headers: { 'user-agent': options.userAgent ?? 'itops-tui' },
    ...(options.proxy ? { agent: proxyAgents(options.proxy) } : {}),
    ...(ca ? { https: { certificateAuthority: ca } } : {}),
    retry: {
      limit: retries,
      // We apply our own rules (which methods, which statuses) in computeRetryDelay.
      enforceRetryRules: false,
      maxRetryAfter: maxRetryAfterMs,
      calculateDelay: ({ attemptCount, error, retryAfter }: RetryObject) =>
        computeRetryDelay({
          attempt: attemptCount,
          limit: retries,
          method: error.options.method,
          status: error.response?.statusCode,
          code: error.code,
          headers: error.response?.headers ?? {},
          retryAfterMs: retryAfter,
          maxRetryAfterMs,
        }),
    },
    hooks: {
      beforeRequest: [
        () => {
          options.hooks?.request();
        },
      ],
      afterResponse: [
        (response) => {
          const info = readRateLimit(response.headers);
          if (info && options.onRateLimit) options.onRateLimit(info);
          options.hooks?.response(response.statusCode, info);
          return response;
        },
      ],
      beforeRetry: [
        (error) => {
          if (!error.response) options.hooks?.noResponse();
        },
      ],
      beforeError: [
        (error) => {
          if (!error.response) options.hooks?.noResponse();
          // got puts the full URL (and our error formatting may put headers) into messages:
          // scrub registered secrets and credentials before anything can print or log it.
          error.message = redactor.redact(error.message);
          return error;
        },
      ],
    },
  });
}

export type { RateLimitInfo } from './retry.js';
