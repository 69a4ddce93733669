/**
 * Bulk rows through DuckDB's Appender, a data chunk (2,048 rows) at a time: much faster
 * than INSERT … VALUES (run history, fixtures, TypeScript models), and the only fast way
 * in for vectors (`FLOAT[n]`). Values are converted to each column's type here, because
 * the Appender does not cast; a value that does not fit is an error naming its row and
 * column, never a silent truncation. Other nested types go through SQL instead.
 */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './driver.js';
import { KilnError } from '../../errors.js';
import type { RelationRef } from '../types.js';

const { DuckDBDataChunk, DuckDBDateValue, DuckDBTimestampValue, DuckDBTypeId, arrayValue, listValue } = duckdb;
type DuckDBTypeId = import('@duckdb/node-api').DuckDBTypeId;

/** JS value → the DuckDB value of one column type; throws a plain message when it does not fit. */
type ToDuckDb = (value: unknown) => DuckDBValue;

const MS_PER_DAY = 86_400_000;
const CHUNK_ROWS = 2048;

function epochMs(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value).replace(' ', 'T').replace(/(?<![Zz]|[+-]\d\d:?\d\d)$/, 'Z'));
  if (Number.isNaN(ms)) throw new Error('is not a date or timestamp');
  return ms;
}

function finite(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(number)) throw new Error('is not a number');
  return number;
}

function whole(value: unknown): number {
  const number = finite(value);
  if (!Number.isInteger(number)) throw new Error('is not a whole number');
  return number;
}

function numbers(value: unknown): number[] {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(finite);
  throw new Error('is not an array of numbers');
}

const SCALARS: Partial<Record<DuckDBTypeId, ToDuckDb>> = {
  [DuckDBTypeId.BOOLEAN]: (v) => Boolean(v),
  [DuckDBTypeId.TINYINT]: whole,
  [DuckDBTypeId.SMALLINT]: whole,
  [DuckDBTypeId.INTEGER]: whole,
  [DuckDBTypeId.BIGINT]: (v) => (typeof v === 'bigint' ? v : BigInt(whole(v))),
  [DuckDBTypeId.FLOAT]: finite,
  [DuckDBTypeId.DOUBLE]: finite,
  [DuckDBTypeId.VARCHAR]: (v) => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v)),
  [DuckDBTypeId.TIMESTAMP]: (v) => new DuckDBTimestampValue(BigInt(epochMs(v)) * 1000n),
  [DuckDBTypeId.DATE]: (v) => new DuckDBDateValue(Math.floor(epochMs(v) / MS_PER_DAY)),
};

const NUMERIC_ITEMS = new Set<DuckDBTypeId>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT]);

function converterFor(type: DuckDBType): ToDuckDb | undefined {
  const scalar = SCALARS[type.typeId];
  if (scalar) return scalar;
  if (type.typeId === DuckDBTypeId.ARRAY || type.typeId === DuckDBTypeId.LIST) {
    const item = (type as unknown as { valueType: DuckDBType }).valueType;
    if (!NUMERIC_ITEMS.has(item.typeId)) return undefined;
    const items = item.typeId === DuckDBTypeId.BIGINT ? (v: unknown) => numbers(v).map((n): DuckDBValue => BigInt(Math.trunc(n))) : numbers;
    if (type.typeId === DuckDBTypeId.LIST) return (v) => listValue(items(v));
    const length = (type as unknown as { length: number }).length;
    return (v) => {
      const values = items(v);
      if (values.length !== length) throw new Error(`has ${values.length} numbers, the column holds ${length}`);
      return arrayValue(values);
    };
  }
  return undefined;
}

/** Append rows given column by column (`columns[c][r]`), in the table's column order. */
export async function appendColumns(connection: DuckDBConnection, relation: RelationRef, catalog: string, columns: unknown[][]): Promise<number> {
  const appender = await connection.createAppender(relation.identifier, relation.schema, catalog);
  try {
    const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
    if (columns.length !== types.length) throw new KilnError(`the rows have ${columns.length} values each, but ${relation.identifier} has ${types.length} columns`);
    const rowCount = columns[0]?.length ?? 0;
    columns.forEach((values, index) => {
      if (values.length !== rowCount) throw new KilnError(`column ${index + 1} has ${values.length} values, but column 1 has ${rowCount}: every row needs a value (or null) for every column`);
    });
    const converters = types.map((type, i) => {
      const convert = converterFor(type);
      if (!convert) throw new KilnError(`appendColumns cannot append to column ${i + 1} of ${relation.identifier}, of type ${type.toString()}`, { hint: 'use an INSERT statement for nested or exotic types' });
      return convert;
    });
    const floatArrays = types.map((type) => floatArrayLength(type));
    for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rowCount - start);
      const chunk = DuckDBDataChunk.create(types, count);
      for (let column = 0; column < types.length; column++) {
        const source = columns[column]!;
        if (floatArrays[column] !== undefined && fillFloatArrays(chunk, column, floatArrays[column]!, source, start, count)) continue;
        const values = new Array<DuckDBValue>(count);
        for (let offset = 0; offset < count; offset++) {
          const value = source[start + offset];
          values[offset] = value === null || value === undefined ? null : convertValue(converters[column]!, value, relation, start + offset, column, types[column]!);
        }
        chunk.setColumnValues(column, values);
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    return rowCount;
  } catch (error) {
    appender.clear(); // closing flushes: drop the rows of a failed batch first
    throw error;
  } finally {
    appender.closeSync();
  }
}

/** The length of a `FLOAT[n]` column (embeddings), else undefined. */
function floatArrayLength(type: DuckDBType): number | undefined {
  if (type.typeId !== DuckDBTypeId.ARRAY) return undefined;
  const { valueType, length } = type as unknown as { valueType: DuckDBType; length: number };
  return valueType.typeId === DuckDBTypeId.FLOAT ? length : undefined;
}

/**
 * Vectors straight into the chunk's float buffer: a setItem per float (what the binding
 * offers) costs about 10x more for 384-float embeddings. Relies on the binding's vector
 * layout, so if that is not what it expects it returns false and the general path runs.
 */
function fillFloatArrays(chunk: import('@duckdb/node-api').DuckDBDataChunk, column: number, length: number, values: unknown[], start: number, count: number): boolean {
  const vector = chunk.getColumnVector(column) as unknown as { childData?: { items?: unknown }; setItem(i: number, v: null): void; flush(): void };
  const floats = vector.childData?.items;
  if (!(floats instanceof Float32Array) || floats.length < count * length) return false;
  for (let offset = 0; offset < count; offset++) {
    const value = values[start + offset];
    if (value === null || value === undefined) {
      vector.setItem(offset, null);
      continue;
    }
    const items = value instanceof Float32Array ? value : Array.isArray(value) ? value : undefined;
    if (!items || items.length !== length || (Array.isArray(items) && !items.every((n) => typeof n === 'number' && Number.isFinite(n)))) return false;
    floats.set(items, offset * length);
  }
  vector.flush();
  return true;
}

function convertValue(convert: ToDuckDb, value: unknown, relation: RelationRef, row: number, column: number, type: DuckDBType): DuckDBValue {
  try {
    return convert(value);
  } catch (error) {
    const shown = typeof value === 'string' ? `'${value.slice(0, 40)}'` : ArrayBuffer.isView(value) || Array.isArray(value) ? 'the array' : String(value);
    throw new KilnError(`row ${row + 1}, column ${column + 1} of ${relation.identifier}: ${shown} ${(error as Error).message} (the column is ${type.toString()})`);
  }
}
