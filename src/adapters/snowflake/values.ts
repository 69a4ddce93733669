/**
 * snowflake-sdk values → kiln's plain values, the same shapes the DuckDB adapter hands over
 * (src/adapters/types.ts, QueryResult.rows). Numbers arrive as text (fetchAsString), so
 * integers beyond 2^53 stay exact as strings; dates and timestamps become ISO-8601 strings
 * from the SDK's epoch seconds and nanoseconds; VECTOR values (text `[1,2]`) become arrays.
 */
import type { ColumnDescription } from '../types.js';

/** What the SDK tells of a result column (its `Column` objects). */
export interface SdkColumn {
  getName(): string;
  getType(): string;
  getScale(): number;
  getPrecision(): number;
  isNullable(): boolean;
}

interface SfDate extends Date {
  getEpochSeconds?(): number;
  getNanoSeconds?(): number;
}

export type ValueConverter = (value: unknown) => unknown;

export function describeColumns(columns: SdkColumn[] | undefined): ColumnDescription[] {
  return (columns ?? []).map((c) => ({ name: c.getName(), dataType: typeNameOf(c), nullable: c.isNullable() }));
}

/** A result column's type as the catalog spells it. */
function typeNameOf(column: SdkColumn): string {
  switch (column.getType()) {
    case 'fixed':
      return `NUMBER(${column.getPrecision() ?? 38},${column.getScale() ?? 0})`;
    case 'real':
      return 'FLOAT';
    case 'text':
      return 'VARCHAR';
    case 'timestamp_ntz':
      return 'TIMESTAMP_NTZ';
    case 'timestamp_ltz':
      return 'TIMESTAMP_LTZ';
    case 'timestamp_tz':
      return 'TIMESTAMP_TZ';
    default:
      return column.getType().toUpperCase();
  }
}

export function converters(columns: SdkColumn[] | undefined): ValueConverter[] {
  return (columns ?? []).map(converterFor);
}

export function convertRow(row: unknown[], convert: ValueConverter[]): unknown[] {
  return row.map((value, index) => (value === null || value === undefined ? null : convert[index]!(value)));
}

function converterFor(column: SdkColumn): ValueConverter {
  switch (column.getType()) {
    case 'fixed':
      return column.getScale() > 0 ? Number : integerValue;
    case 'real':
      return Number;
    case 'date':
      return (value) => isoTimestamp(value as SfDate).slice(0, 10);
    case 'timestamp_ntz':
      return (value) => isoTimestamp(value as SfDate);
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return (value) => `${isoTimestamp(value as SfDate)}Z`;
    case 'vector':
      return (value) => (typeof value === 'string' ? JSON.parse(value) : value);
    case 'variant':
    case 'object':
      return (value) => (typeof value === 'string' ? value : JSON.stringify(value));
    case 'binary':
      return (value) => (Buffer.isBuffer(value) ? value.toString('base64') : value);
    case 'time':
      return (value) => String((value as { toString(): string }).toString());
    default:
      return (value) => value;
  }
}

function integerValue(value: unknown): number | string {
  const text = String(value);
  const parsed = Number(text);
  return Number.isSafeInteger(parsed) ? parsed : text;
}

/** `2024-01-02T03:04:05.123` (UTC wall clock, fraction to the nanosecond, trailing zeros dropped), as DuckDB prints it. */
function isoTimestamp(value: SfDate): string {
  const seconds = value.getEpochSeconds?.() ?? Math.floor(value.getTime() / 1000);
  const nanos = value.getNanoSeconds?.() ?? (value.getTime() % 1000) * 1e6;
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A value as a Snowflake SQL literal, for bulk inserts (strings through the dialect's quoting). */
export function sqlLiteral(value: unknown, quoteString: (text: string) => string): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoteString(String(value));
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return quoteString(value.toISOString().replace('T', ' ').replace('Z', ''));
  if (ArrayBuffer.isView(value)) return quoteString(JSON.stringify(Array.from(value as unknown as ArrayLike<number>)));
  if (typeof value === 'object') return quoteString(JSON.stringify(value));
  return quoteString(String(value));
}
