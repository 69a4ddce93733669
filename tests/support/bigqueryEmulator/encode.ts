/**
 * DuckDB results in BigQuery's REST shapes: a table schema (legacy type names, modes
 * NULLABLE/REQUIRED/REPEATED, RECORD fields) and rows in the f/v format, every scalar as a
 * string, TIMESTAMP as int64 microseconds since the epoch (the SDK asks for
 * formatOptions.useInt64Timestamp) or float seconds otherwise.
 */
import type { DuckDBType } from '@duckdb/node-api';

export interface TableFieldSchema {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  fields?: TableFieldSchema[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INTEGER = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

function baseType(type: DuckDBType): Omit<TableFieldSchema, 'name' | 'mode'> & { repeated?: boolean } {
  const name = type.toString();
  const typed = type as unknown as { valueType?: DuckDBType; entryNames?: string[]; entryTypes?: DuckDBType[] };
  if ((name.endsWith('[]') || /\[\d+\]$/.test(name)) && typed.valueType) return { ...baseType(typed.valueType), repeated: true };
  if (name.startsWith('STRUCT') && typed.entryNames) return { type: 'RECORD', fields: typed.entryNames.map((n, i) => fieldSchema(n, typed.entryTypes![i]!)) };
  if (INTEGER.has(name)) return { type: 'INTEGER' };
  if (name === 'DOUBLE' || name === 'FLOAT') return { type: 'FLOAT' };
  if (name.startsWith('DECIMAL')) return { type: 'NUMERIC' };
  if (name === 'BOOLEAN') return { type: 'BOOLEAN' };
  if (name === 'DATE') return { type: 'DATE' };
  if (name.startsWith('TIMESTAMP')) return { type: 'TIMESTAMP' };
  if (name.startsWith('TIME')) return { type: 'TIME' };
  if (name === 'BLOB') return { type: 'BYTES' };
  if (name === 'JSON') return { type: 'JSON' };
  if (name === 'INTERVAL') return { type: 'INTERVAL' };
  return { type: 'STRING' };
}

export function fieldSchema(name: string, type: DuckDBType, nullable = true): TableFieldSchema {
  const { repeated, ...base } = baseType(type);
  return { name, ...base, mode: repeated ? 'REPEATED' : nullable ? 'NULLABLE' : 'REQUIRED' };
}

/** `2024-01-02 03:04:05.123` (UTC) → microseconds since the epoch. */
export function timestampMicros(text: string): bigint {
  const m = /^(-?\d+)-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(text);
  if (!m) throw new Error(`not a timestamp: ${text}`);
  const seconds = BigInt(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))) / 1000n;
  const fraction = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  return seconds * 1_000_000n + fraction;
}

function cell(field: TableFieldSchema, value: Json, int64Timestamps: boolean): { v: unknown } {
  if (value === null) return { v: null };
  if (field.mode === 'REPEATED') return { v: (value as Json[]).map((item) => cell({ ...field, mode: 'NULLABLE' }, item, int64Timestamps)) };
  switch (field.type) {
    case 'RECORD': {
      const record = value as Record<string, Json>;
      return { v: { f: field.fields!.map((f) => cell(f, record[f.name] ?? null, int64Timestamps)) } };
    }
    case 'TIMESTAMP': {
      const micros = timestampMicros(String(value));
      return { v: int64Timestamps ? micros.toString() : (Number(micros) / 1e6).toString() };
    }
    case 'BOOLEAN':
      return { v: value ? 'true' : 'false' };
    case 'FLOAT':
      return { v: typeof value === 'number' ? (Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN') : String(value) };
    case 'BYTES':
      return { v: Buffer.from(String(value), 'latin1').toString('base64') };
    case 'INTERVAL':
      return { v: typeof value === 'object' ? JSON.stringify(value) : String(value) };
    case 'STRING':
      return { v: typeof value === 'object' ? JSON.stringify(value) : String(value) };
    default:
      return { v: String(value) };
  }
}

export function encodeRows(fields: TableFieldSchema[], rows: Json[][], int64Timestamps: boolean): { f: { v: unknown }[] }[] {
  return rows.map((row) => ({ f: fields.map((field, i) => cell(field, row[i] ?? null, int64Timestamps)) }));
}
