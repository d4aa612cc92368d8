/**
 * How ServiceNow writes values on the wire: `yyyy-MM-dd HH:mm:ss` dates (UTC
 * raw, the API user's time zone for display), glide durations as an offset
 * from the epoch (`1970-01-01 02:15:00` = 2 h 15 m), and 32-hex sys_ids.
 */
import type { Rng } from '../random.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Raw (stored) form of a date: UTC, no zone suffix. '' for null. */
export function snDate(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
}

/** Parse a raw date back to epoch ms (UTC); NaN when malformed. */
export function parseSnDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
/** Offsets change at most hourly; caching per zone+hour keeps display_value=all listings fast. */
const offsetCache = new Map<string, number>();

function zoneOffsetMs(zone: string, ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  const key = `${zone}|${hour}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(zone, f);
  }
  const base = hour * 3_600_000;
  const p = Object.fromEntries(f.formatToParts(base).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  const offset = local - base;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** Display form of a date: same layout, in the reading user's time zone (as ServiceNow does). */
export function snDisplayDate(ms: number | null, zone: string): string {
  if (ms === null) return '';
  return snDate(ms + zoneOffsetMs(zone, ms));
}

/** Raw glide_duration: the span as a date after 1970-01-01 00:00:00. */
export function snDuration(ms: number): string {
  return snDate(Math.max(0, Math.floor(ms / 1000) * 1000));
}

/** Display glide_duration, e.g. "2 Hours 15 Minutes" (ServiceNow drops zero parts). */
export function snDisplayDuration(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['Day', 86_400],
    ['Hour', 3_600],
    ['Minute', 60],
    ['Second', 1],
  ] as const) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 Seconds';
}

/** A sys_id: 32 lower-case hex digits from the seeded stream. */
export function sysId(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += rng.int(0, 0xffffffff).toString(16).padStart(8, '0');
  return out;
}
