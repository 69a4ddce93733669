/**
 * DuckDB results in Snowflake's JSON result format: `rowtype` (name, type, precision, scale …)
 * and `rowset` rows of text values as Snowflake sends them (numbers as text, dates as days
 * since the epoch, timestamps as epoch seconds with nine fraction digits, VARIANT as JSON text,
 * VECTOR as `[…]`), which the SDK decodes itself.
 */
import type { DuckDBMaterializedResult, DuckDBType } from '@duckdb/node-api';

export interface RowType {
  name: string;
  type: string;
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
  database: string;
  schema: string;
  table: string;
}

type Encoder = (value: unknown) => string;

interface ColumnCodec {
  rowType: Omit<RowType, 'name'>;
  encode: Encoder;
}

const base = { precision: null, scale: null, length: null, byteLength: null, nullable: true, collation: null, database: '', schema: '', table: '' } as const;

const asText: Encoder = (value) => String(value);
const epochSeconds = (micros: bigint): string => {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  let seconds = abs / 1_000_000n;
  let fraction = abs % 1_000_000n;
  if (negative && fraction > 0n) (seconds += 1n), (fraction = 1_000_000n - fraction);
  return `${negative ? '-' : ''}${seconds}.${String(fraction).padStart(6, '0')}000`;
};

function jsonOf(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  const v = value as { items?: unknown[]; entries?: Record<string, unknown> };
  if (Array.isArray(v.items)) return v.items.map(jsonOf);
  if (v.entries && typeof v.entries === 'object') return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, jsonOf(x)]));
  if (typeof value === 'object') return String(value);
  return value;
}

function codecFor(type: DuckDBType): ColumnCodec {
  const name = type.toString();
  const alias = (type as { alias?: string }).alias;
  if (alias === 'JSON') return { rowType: { ...base, type: 'variant' }, encode: asText };
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(name)) return { rowType: { ...base, type: 'fixed', precision: 38, scale: 0 }, encode: asText };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(name);
  if (decimal) {
    const scale = Number(decimal[2]);
    return {
      rowType: { ...base, type: 'fixed', precision: Number(decimal[1]), scale },
      encode: (value) => {
        const raw = (value as { value: bigint }).value;
        const negative = raw < 0n;
        const digits = String(negative ? -raw : raw).padStart(scale + 1, '0');
        return `${negative ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
      },
    };
  }
  if (name === 'DOUBLE' || name === 'FLOAT') return { rowType: { ...base, type: 'real' }, encode: (v) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) };
  if (name === 'BOOLEAN') return { rowType: { ...base, type: 'boolean' }, encode: (v) => (v ? '1' : '0') };
  if (name === 'DATE') return { rowType: { ...base, type: 'date' }, encode: (v) => String((v as { days: number }).days) };
  if (name === 'TIMESTAMP' || name === 'TIMESTAMP_NS' || name === 'TIMESTAMP_MS' || name === 'TIMESTAMP_S') return { rowType: { ...base, type: 'timestamp_ntz', scale: 9, precision: 0 }, encode: (v) => epochSeconds(BigInt((v as { micros: bigint }).micros)) };
  if (name === 'TIMESTAMP WITH TIME ZONE') return { rowType: { ...base, type: 'timestamp_ltz', scale: 9, precision: 0 }, encode: (v) => epochSeconds(BigInt((v as { micros: bigint }).micros)) };
  if (name === 'TIME') return { rowType: { ...base, type: 'time', scale: 9, precision: 0 }, encode: (v) => epochSeconds(BigInt((v as { micros: bigint }).micros)) };
  if (name === 'BLOB') return { rowType: { ...base, type: 'binary' }, encode: (v) => Buffer.from((v as { bytes: Uint8Array }).bytes).toString('hex').toUpperCase() };
  if (/^(FLOAT|INTEGER)\[\d+\]$/.test(name)) {
    const dimension = Number(/\[(\d+)\]/.exec(name)![1]);
    return { rowType: { ...base, type: 'vector', length: dimension }, encode: (v) => JSON.stringify(jsonOf(v)) };
  }
  if (name.endsWith('[]')) return { rowType: { ...base, type: 'array' }, encode: (v) => JSON.stringify(jsonOf(v)) };
  if (name.startsWith('STRUCT') || name.startsWith('MAP')) return { rowType: { ...base, type: 'object' }, encode: (v) => JSON.stringify(jsonOf(v)) };
  if (name === '"NULL"' || name === 'NULL') return { rowType: { ...base, type: 'text' }, encode: asText };
  return { rowType: { ...base, type: 'text', length: 16777216, byteLength: 16777216 }, encode: asText };
}

export interface EncodedResult {
  rowtype: RowType[];
  rowset: (string | null)[][];
}

export async function encodeResult(result: DuckDBMaterializedResult): Promise<EncodedResult> {
  const names = result.columnNames();
  const codecs = result.columnTypes().map(codecFor);
  const rows = await result.getRows();
  return {
    rowtype: names.map((name, i) => ({ name, ...codecs[i]!.rowType })),
    rowset: rows.map((row) => row.map((value, i) => (value === null || value === undefined ? null : codecs[i]!.encode(value)))),
  };
}
