/**
 * The host validates (zod) and sanitizes every record a plugin returns. At 50,000 tickets that
 * is hundreds of milliseconds per poll, nearly all of it for records that did not change. This
 * cache keeps, per stream, the records the last poll produced by identity (kind and id); a
 * record the plugin returns again with the same content is the product itself, so it is reused
 * without validating or sanitizing again (both are idempotent on their own output: a clean,
 * valid record parses and sanitizes to itself). Whatever differs in any field goes the full way.
 * Only the last poll's products are kept: the cache never outgrows the stream.
 */
import type { DomainRecord } from '../domain/model.js';
import { identityOf, sameData } from '../domain/same-record.js';

export interface RecordCache {
  /** A poll starts: forget what an unfinished one kept. */
  begin(): void;
  /** The record the last poll produced for this raw item, when the item is exactly that record. */
  reuse(raw: unknown): DomainRecord | undefined;
  /** The record the last poll produced with this identity (`identityOf`), if any. */
  get(identity: string): DomainRecord | undefined;
  /**
   * A record this poll produced, under the identity of the raw item it came from (by default
   * its own: the two differ only when checking changed an id).
   */
  keep(record: DomainRecord, identity?: string): void;
  /** The poll is over: what it produced is what the next one compares against. */
  commit(): void;
}

export function createRecordCache(instance: string): RecordCache {
  let last = new Map<string, DomainRecord>();
  let next = new Map<string, DomainRecord>();
  return {
    begin() {
      next = new Map();
    },
    reuse(raw) {
      if (!raw || typeof raw !== 'object') return undefined;
      const candidate = last.get(identityOf(raw as DomainRecord));
      if (!candidate) return undefined;
      // The host stamps `source`; the plugin's own value never counts.
      return sameData({ ...(raw as object), source: instance }, candidate) ? candidate : undefined;
    },
    get(identity) {
      return last.get(identity);
    },
    keep(record, identity = identityOf(record)) {
      next.set(identity, record);
    },
    commit() {
      last = next;
      next = new Map();
    },
  };
}
