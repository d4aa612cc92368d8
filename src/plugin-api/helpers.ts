/**
 * Small helpers both built-in connectors use.
 * @experimental added within plugin API v1 (issue 8).
 */

/** `items` in slices of at most `size` (ids per request, to keep URLs under proxy limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk(): size must be a whole number ≥ 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * "#4211 (API p99 latency > 2s)": a record's key and title for an action's result message,
 * the title cut to `maxTitle` characters (code points, so an emoji is never split).
 */
export function recordLabel(record: { key: string; title: string }, maxTitle = 60): string {
  const chars = [...record.title];
  const title =
    chars.length > maxTitle ? `${chars.slice(0, Math.max(0, maxTitle - 1)).join('')}…` : record.title;
  return `${record.key} (${title})`;
}

/**
 * `record` without its keys whose value is undefined, so a mapped record stays tidy JSON
 * (snapshots, equality, `exactOptionalPropertyTypes`). Changes and returns the same object.
 */
export function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}
