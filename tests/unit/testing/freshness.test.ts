/** Freshness rules (period arithmetic, thresholds, status) and warehouse timestamp parsing. */
import { describe, expect, it } from 'vitest';
import { criteriaOf, exceeds, freshnessStatus, hasFreshness, periodSeconds, thresholdSeconds } from '../../../src/testing/freshness/criteria.js';
import { EMPTY_TABLE_INSTANT, isoUtc, parseWarehouseTimestamp, secondsBetween } from '../../../src/testing/freshness/timestamps.js';

describe('freshness periods and thresholds', () => {
  it('knows the length of each period', () => {
    expect(periodSeconds('minute')).toBe(60);
    expect(periodSeconds('hour')).toBe(3600);
    expect(periodSeconds('day')).toBe(86400);
  });

  it('multiplies count by period, and is off without either', () => {
    expect(thresholdSeconds({ count: 12, period: 'hour' })).toBe(43_200);
    expect(thresholdSeconds({ count: 90, period: 'minute' })).toBe(5_400);
    expect(thresholdSeconds({ count: 2, period: 'day' })).toBe(172_800);
    expect(thresholdSeconds({ count: null, period: 'day' })).toBeUndefined();
    expect(thresholdSeconds({ count: 3, period: null })).toBeUndefined();
    expect(thresholdSeconds(null)).toBeUndefined();
    expect(thresholdSeconds(undefined)).toBeUndefined();
  });

  it('is exceeded only when the age is strictly more than the threshold (as dbt)', () => {
    const hour = { count: 1, period: 'hour' as const };
    expect(exceeds(hour, 3600)).toBe(false);
    expect(exceeds(hour, 3600.001)).toBe(true);
    expect(exceeds(hour, 10)).toBe(false);
    expect(exceeds({ count: null, period: null }, 1e12)).toBe(false);
  });

  it('gives error before warn before pass', () => {
    const criteria = criteriaOf({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' } });
    expect(freshnessStatus(criteria, 30 * 60)).toBe('pass');
    expect(freshnessStatus(criteria, 3 * 3600)).toBe('warn');
    expect(freshnessStatus(criteria, 86_400)).toBe('warn');
    expect(freshnessStatus(criteria, 86_401)).toBe('error');
    // an error_after shorter than warn_after still wins
    expect(freshnessStatus(criteriaOf({ warn_after: { count: 2, period: 'day' }, error_after: { count: 30, period: 'minute' } }), 3600)).toBe('error');
    // only one threshold
    expect(freshnessStatus(criteriaOf({ error_after: { count: 4, period: 'hour' } }), 3 * 3600)).toBe('pass');
    expect(freshnessStatus(criteriaOf({ warn_after: { count: 10, period: 'minute' } }), 1e9)).toBe('warn');
  });

  it('normalises criteria as sources.json writes them', () => {
    expect(criteriaOf({ warn_after: { count: 1, period: 'hour' }, filter: "kind = 'real'" })).toEqual({
      warn_after: { count: 1, period: 'hour' },
      error_after: { count: null, period: null },
      filter: "kind = 'real'",
    });
    expect(criteriaOf(null)).toEqual({ warn_after: { count: null, period: null }, error_after: { count: null, period: null }, filter: null });
  });

  it('checks a table only when a threshold is on', () => {
    expect(hasFreshness(null)).toBe(false);
    expect(hasFreshness({})).toBe(false);
    expect(hasFreshness({ filter: 'x > 1' })).toBe(false);
    expect(hasFreshness({ warn_after: null, error_after: null })).toBe(false);
    expect(hasFreshness({ warn_after: { count: 1, period: 'day' } })).toBe(true);
    expect(hasFreshness({ warn_after: null, error_after: { count: 4, period: 'hour' } })).toBe(true);
  });
});

describe('warehouse timestamps', () => {
  const ms = (iso: string) => Date.parse(iso);

  it('reads a timestamp without a zone as UTC', () => {
    expect(parseWarehouseTimestamp('2024-03-05T10:20:30')).toEqual({ epochMs: ms('2024-03-05T10:20:30Z'), micros: 0 });
    expect(parseWarehouseTimestamp('2024-03-05 10:20:30.123456')).toEqual({ epochMs: ms('2024-03-05T10:20:30.123Z'), micros: 456 });
  });

  it('applies the offset of a timestamp with a zone, in every spelling DuckDB prints', () => {
    const utc = ms('2024-03-05T10:20:30Z');
    expect(parseWarehouseTimestamp('2024-03-05T10:20:30Z')!.epochMs).toBe(utc);
    expect(parseWarehouseTimestamp('2024-03-05 10:20:30+00')!.epochMs).toBe(utc);
    expect(parseWarehouseTimestamp('2024-03-05 15:50:30+05:30')!.epochMs).toBe(utc);
    expect(parseWarehouseTimestamp('2024-03-05 05:20:30-05')!.epochMs).toBe(utc);
    expect(parseWarehouseTimestamp('2024-03-05T05:20:30.5-0500')).toEqual({ epochMs: utc + 500, micros: 0 });
  });

  it('reads a date as midnight UTC', () => {
    expect(parseWarehouseTimestamp('2024-03-05')).toEqual({ epochMs: ms('2024-03-05T00:00:00Z'), micros: 0 });
  });

  it('rejects what is not a date or timestamp', () => {
    for (const value of ['infinity', 'yesterday', '2024-13-01', '2024-02-30', '12:00:00', '', 1700000000, true, { a: 1 }]) {
      expect(parseWarehouseTimestamp(value), String(value)).toBeUndefined();
    }
  });

  it('handles years before 100 (Date.UTC would move them to the 1900s)', () => {
    expect(isoUtc(EMPTY_TABLE_INSTANT)).toBe('0001-01-01T00:00:00+00:00');
    expect(parseWarehouseTimestamp('0001-01-01 00:00:00')).toEqual(EMPTY_TABLE_INSTANT);
  });

  it('measures seconds between instants to the microsecond', () => {
    const earlier = parseWarehouseTimestamp('2024-03-05 10:00:00.000001')!;
    const later = parseWarehouseTimestamp('2024-03-05 11:30:00+00')!;
    expect(secondsBetween(earlier, later)).toBeCloseTo(5399.999999, 6);
    expect(secondsBetween(later, earlier)).toBeCloseTo(-5399.999999, 6);
    // a day across a zone boundary: 00:00 at +02:00 is 22:00 the day before in UTC
    expect(secondsBetween(parseWarehouseTimestamp('2024-03-04 22:00:00')!, parseWarehouseTimestamp('2024-03-06 00:00:00+02:00')!)).toBe(86_400);
  });

  it('writes UTC ISO-8601 as Python isoformat does', () => {
    expect(isoUtc(parseWarehouseTimestamp('2024-03-05 15:50:30.123456+05:30')!)).toBe('2024-03-05T10:20:30.123456+00:00');
    expect(isoUtc(parseWarehouseTimestamp('2024-03-05 10:20:30')!)).toBe('2024-03-05T10:20:30+00:00');
    expect(isoUtc(parseWarehouseTimestamp('2024-03-05 10:20:30.000007')!)).toBe('2024-03-05T10:20:30.000007+00:00');
  });
});
