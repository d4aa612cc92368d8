/**
 * The one got factory. Every connector receives an instance made here (via its
 * PluginContext), so timeouts, retry policy, proxy/CA and secret redaction are
 * decided once, not per vendor.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import got, { type Got, type RetryObject } from 'got';
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
      afterResponse: [
        (response) => {
          const info = readRateLimit(response.headers);
          if (info && options.onRateLimit) options.onRateLimit(info);
          return response;
        },
      ],
      beforeError: [
        (error) => {
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
