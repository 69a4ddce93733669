/**
 * Warehouse timestamp values → instants. Adapters hand values over as ISO-8601-ish
 * strings: a TIMESTAMP without a zone (`2024-01-02T03:04:05.123456`), a TIMESTAMPTZ
 * with one (`…Z`, `…+05:30`, `…-05`), or a DATE (`2024-01-02`). As dbt does, a value
 * without a zone is read as UTC and a DATE as midnight UTC. Microseconds are kept.
 */

/** An instant: whole milliseconds since the epoch plus the microseconds below them. */
export interface Instant {
  epochMs: number;
  /** 0–999 */
  micros: number;
}

const PATTERN =
  /^([+-]?\d{4,6})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/i;

/** dbt's stand-in for the `max_loaded_at` of an empty table: 0001-01-01 00:00 UTC, "infinitely long ago". */
export const EMPTY_TABLE_INSTANT: Instant = { epochMs: utcMs(1, 1, 1, 0, 0, 0), micros: 0 };

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 1900–1999
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function offsetSeconds(zone: string | undefined): number {
  if (!zone || /^(Z|UTC)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(/:/g, '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  const seconds = Number(digits.slice(4, 6) || '0');
  return sign * (hours * 3600 + minutes * 60 + seconds);
}

/** The instant a warehouse value stands for, or undefined when it is not a date or timestamp. */
export function parseWarehouseTimestamp(value: unknown): Instant | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { epochMs: value.getTime(), micros: 0 };
  if (typeof value !== 'string') return undefined;
  const match = PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const local = utcMs(year, month, day, hour, minute, second);
  const check = new Date(local);
  if (hour < 24 && second < 60 && (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1)) return undefined; // 2024-02-31
  const digits = fraction.padEnd(6, '0');
  const ms = Number(digits.slice(0, 3));
  const micros = Number(digits.slice(3, 6));
  return { epochMs: local + ms - offsetSeconds(zone) * 1000, micros };
}

/** Seconds from `from` to `to` (positive when `to` is later), to the microsecond. */
export function secondsBetween(from: Instant, to: Instant): number {
  const ms = to.epochMs - from.epochMs;
  return (ms * 1000 + (to.micros - from.micros)) / 1_000_000;
}

/** UTC ISO-8601 as Python's `isoformat()` writes an aware datetime: `2024-01-02T03:04:05.123456+00:00` (fraction only when non-zero). */
export function isoUtc(instant: Instant): string {
  const iso = new Date(instant.epochMs).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ (±YYYYYY beyond 0000–9999)
  const ms = instant.epochMs - Math.floor(instant.epochMs / 1000) * 1000;
  const fraction = ms || instant.micros ? `.${String(ms).padStart(3, '0')}${String(instant.micros).padStart(3, '0')}` : '';
  return `${iso.slice(0, iso.indexOf('.'))}${fraction}+00:00`;
}
