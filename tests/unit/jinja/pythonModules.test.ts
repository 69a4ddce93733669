/**
 * The `modules.datetime` / `modules.pytz` values templates get, against what Python prints
 * (outputs taken from CPython 3's datetime).
 */
import { describe, expect, it } from 'vitest';
import { PyDateTime, pythonModules } from '../../../src/jinja/pythonModules.js';

const { datetime, date } = pythonModules.datetime;
const show = (dt: PyDateTime): string => `${String(dt)} ${dt.tzinfo === null ? 'None' : String(dt.tzinfo)} ${dt.strftime('%z %Z')}`;

describe('datetime.fromisoformat', () => {
  it('reads an offset as an aware datetime in a fixed-offset zone, and Z as UTC', () => {
    expect(show(datetime.fromisoformat('2026-08-31T15:00:00+00:00'))).toBe('2026-08-31 15:00:00+00:00 UTC +0000 UTC');
    expect(show(datetime.fromisoformat('2026-08-31T15:00:00Z'))).toBe('2026-08-31 15:00:00+00:00 UTC +0000 UTC');
    expect(show(datetime.fromisoformat('2026-08-31 15:00:00.5-07:00'))).toBe('2026-08-31 15:00:00.500000-07:00 UTC-07:00 -0700 UTC-07:00');
    expect(show(datetime.fromisoformat('2026-08-31T15:00:00+09:30'))).toBe('2026-08-31 15:00:00+09:30 UTC+09:30 +0930 UTC+09:30');
  });
  it('gives the instant of the offset, not of the wall time', () => {
    expect(datetime.fromisoformat('2026-08-31T15:00:00+00:00').timestamp()).toBe(1788188400);
    expect(datetime.fromisoformat('2026-08-31 15:00:00.5-07:00').timestamp()).toBe(1788213600.5);
    expect(String(datetime.fromisoformat('2026-08-31T15:00:00+09:30').astimezone(pythonModules.pytz.utc))).toBe('2026-08-31 05:30:00+00:00');
  });
  it('leaves a text without an offset naive, a date alone at midnight', () => {
    expect(show(datetime.fromisoformat('2026-09-01'))).toBe('2026-09-01 00:00:00 None  ');
    expect(show(datetime.fromisoformat('2026-09-01T06:59:59'))).toBe('2026-09-01 06:59:59 None  ');
    expect(String(date.fromisoformat('2026-09-01'))).toBe('2026-09-01');
  });
  it('refuses what Python refuses', () => {
    expect(() => datetime.fromisoformat('2026-02-30')).toThrowError("Invalid isoformat string: '2026-02-30'");
    expect(() => datetime.fromisoformat('yesterday')).toThrowError(/Invalid isoformat string/);
    expect(() => date.fromisoformat('2026-09-01T00:00:00')).toThrowError(/Invalid isoformat string/);
  });
});

describe('pytz zones', () => {
  it('localize keeps the wall time; the instant is that of the zone (pytz.timezone(...).localize)', () => {
    const tokyoMidnight = pythonModules.pytz.timezone('Asia/Tokyo').localize(datetime.strptime('2026-09-01', '%Y-%m-%d'));
    expect(String(tokyoMidnight)).toBe('2026-09-01 00:00:00+09:00');
    expect(tokyoMidnight.timestamp()).toBe(datetime.fromisoformat('2026-08-31T15:00:00Z').timestamp());
  });
  it('knows only tz-database names, as pytz: a fixed-offset name is unknown', () => {
    expect(() => pythonModules.pytz.timezone('UTC+09:30')).toThrowError("UnknownTimeZoneError: 'UTC+09:30'");
    expect(() => pythonModules.pytz.timezone('Mars/Olympus')).toThrowError(/UnknownTimeZoneError/);
  });
});
