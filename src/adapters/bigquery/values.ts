/**
 * BigQuery values ↔ kiln's plain values. Rows come decoded by the SDK (its f/v format merged
 * with the schema, integers wrapped so none loses digits) and leave here as the DuckDB adapter
 * hands them over (src/adapters/types.ts, QueryResult.rows): INT64 → number when safe else
 * string, NUMERIC → number, DATE → `YYYY-MM-DD`, TIMESTAMP/DATETIME → ISO-8601 without a
 * zone (UTC), REPEATED → arrays, RECORD → objects, BYTES → base64, JSON as text.
 */
import type { ColumnDescription } from '../types.js';

export interface SchemaField {
  name: string;
  type: string;
  mode?: string;
  fields?: SchemaField[];
}

/** The REST API's legacy type names → GoogleSQL's, as INFORMATION_SCHEMA spells them. */
const STANDARD_NAMES: Record<string, string> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', RECORD: 'STRUCT' };

export function fieldTypeName(field: SchemaField): string {
  const base = STANDARD_NAMES[field.type] ?? field.type;
  const type = base === 'STRUCT' ? `STRUCT<${(field.fields ?? []).map((f) => `${f.name} ${fieldTypeName(f)}`).join(', ')}>` : base;
  return field.mode === 'REPEATED' ? `ARRAY<${type}>` : type;
}

export function describeFields(fields: SchemaField[] | undefined): ColumnDescription[] {
  return (fields ?? []).map((f) => ({ name: f.name, dataType: fieldTypeName(f), nullable: f.mode !== 'REQUIRED' }));
}

/** `2024-01-02T03:04:05.120000Z` → `2024-01-02T03:04:05.12`: DuckDB's spelling of the same instant. */
export function plainTimestamp(text: string): string {
  return text
    .replace(' ', 'T')
    .replace(/(Z|[+-]00(:?00)?)$/, '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

function numberOrString(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

/** One decoded cell → a plain value, by its schema field. */
export function plainValue(field: SchemaField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED' && Array.isArray(value)) return value.map((item) => plainValue({ ...field, mode: 'NULLABLE' }, item));
  switch (field.type) {
    case 'INTEGER':
    case 'INT64':
      return numberOrString(String((value as { value?: string }).value ?? value));
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return Number(String(value));
    case 'FLOAT':
    case 'FLOAT64':
    case 'BOOLEAN':
    case 'BOOL':
    case 'STRING':
    case 'JSON':
      return value;
    case 'TIMESTAMP':
    case 'DATETIME':
      return plainTimestamp(String((value as { value: string }).value ?? value));
    case 'DATE':
    case 'TIME':
    case 'GEOGRAPHY':
      return String((value as { value: string }).value ?? value);
    case 'BYTES':
      return Buffer.isBuffer(value) ? value.toString('base64') : String(value);
    case 'RECORD':
    case 'STRUCT': {
      const record = value as Record<string, unknown>;
      return Object.fromEntries((field.fields ?? []).map((f) => [f.name, plainValue(f, record[f.name])]));
    }
    default:
      return typeof value === 'object' && 'value' in (value as object) ? String((value as { value: unknown }).value) : value;
  }
}

/** Decoded row objects → row arrays in schema order. */
export function plainRows(fields: SchemaField[], rows: Record<string, unknown>[]): unknown[][] {
  return rows.map((row) => fields.map((f) => plainValue(f, row[f.name])));
}

/** A query parameter's type as the SDK takes it: `INT64`, `['FLOAT64']` for arrays. */
export type ParamType = string | ParamType[];

/** The SDK's parameter type for a bound value; nulls need one, so they are sent as STRING. */
export function paramTypeOf(value: unknown): ParamType {
  if (value === null || value === undefined) return 'STRING';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
  if (typeof value === 'boolean') return 'BOOL';
  if (value instanceof Date) return 'TIMESTAMP';
  if (ArrayBuffer.isView(value)) return ['FLOAT64'];
  if (Array.isArray(value)) return [value.some((v) => typeof v === 'number' && !Number.isInteger(v)) ? 'FLOAT64' : paramTypeOf(value.find((v) => v !== null && v !== undefined)) as string];
  return 'STRING';
}

/** A bound value as the SDK sends it: typed arrays as plain arrays, bigints as decimal text. */
export function paramValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** A table column's GoogleSQL type → the SDK's parameter type (vectors are ARRAY<FLOAT64>). */
export function paramTypeForColumn(dataType: string): ParamType {
  const t = dataType.trim().toUpperCase();
  const array = /^ARRAY<(.*)>$/.exec(t);
  if (array) return [paramTypeForColumn(array[1]!) as string];
  const base = t.replace(/\(.*\)$/, '');
  return STANDARD_NAMES[base] ?? base;
}
