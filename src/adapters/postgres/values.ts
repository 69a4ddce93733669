/**
 * PostgreSQL values → kiln's plain values, the same shapes the DuckDB adapter hands over
 * (src/adapters/types.ts, QueryResult.rows): bigint → number when safe else string,
 * numeric → number, dates and times as ISO-8601 strings (the session runs in UTC),
 * json kept as text, bytea → base64, intervals as Postgres prints them.
 */
import pg from 'pg';

const { types } = pg;
const OID = { int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184, date: 1082, json: 114, jsonb: 3802, bytea: 17, interval: 1186, int8Array: 1016, numericArray: 1231 } as const;

function numberOrString(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

const isoTimestamp = (text: string): string => text.replace(' ', 'T');
const isoTimestampTz = (text: string): string => isoTimestamp(text).replace(/\+00(:00)?$/, 'Z');

/** Array literals of these element parsers, e.g. `{1,2}` → [1, 2]. */
const arrayOf = (parse: (text: string) => unknown) => (text: string) => (types.arrayParser as unknown as { create(source: string, transform: (value: string) => unknown): { parse(): unknown } }).create(text, parse).parse();

const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.int8]: numberOrString,
  [OID.numeric]: Number,
  [OID.timestamp]: isoTimestamp,
  [OID.timestamptz]: isoTimestampTz,
  [OID.date]: (text) => text,
  [OID.json]: (text) => text,
  [OID.jsonb]: (text) => text,
  [OID.interval]: (text) => text,
  [OID.bytea]: (text) => (text.startsWith('\\x') ? Buffer.from(text.slice(2), 'hex').toString('base64') : text),
  [OID.int8Array]: arrayOf(numberOrString),
  [OID.numericArray]: arrayOf(Number),
};

/** The `types` option of a pg client: kiln's parsers first, pg's own for the rest. */
export const plainValueTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary' && PARSERS[oid]) return PARSERS[oid];
    return types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

/** A bound parameter as Postgres reads it: dates as ISO-8601 text, bigints as decimal text, the rest as they are. */
export function scalarParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}
