/**
 * Rows into a BigQuery table as parameterised `INSERT … VALUES` jobs (DML, not the streaming
 * insertAll API, whose buffered rows later DML cannot touch for a while; and not a load job,
 * whose multipart upload the emulator does not speak). Each value is a typed query parameter,
 * vectors as ARRAY<FLOAT64>; batches stay under BigQuery's 10,000 parameters per query.
 * Seeds (read by ../csvSeed.ts) are loaded the same way.
 */
import { KilnError } from '../../errors.js';
import type { ColumnDescription } from '../types.js';
import { paramName } from './placeholders.js';
import { paramTypeForColumn, paramValue, type ParamType } from './values.js';

/** BigQuery allows 10,000 parameters a query; half keeps requests modest. */
const MAX_PARAMS = 5_000;

export interface InsertStatement {
  sql: string;
  params: Record<string, unknown>;
  types: Record<string, ParamType>;
}

/** The INSERT statements that put `values` (column by column) into `table`. */
export function insertStatements(table: string, columns: ColumnDescription[], values: unknown[][], quote: (name: string) => string): InsertStatement[] {
  const rowCount = values[0]?.length ?? 0;
  if (values.length !== columns.length) throw new KilnError(`the rows have ${values.length} values each, but ${table} has ${columns.length} columns`);
  values.forEach((column, index) => {
    if (column.length !== rowCount) throw new KilnError(`column ${index + 1} has ${column.length} values, but column 1 has ${rowCount}: every row needs a value (or null) for every column`);
  });
  const types = columns.map((c) => paramTypeForColumn(c.dataType));
  const names = columns.map((c) => quote(c.name)).join(', ');
  const batchRows = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, columns.length)));
  const statements: InsertStatement[] = [];
  for (let start = 0; start < rowCount; start += batchRows) {
    const params: Record<string, unknown> = {};
    const paramTypes: Record<string, ParamType> = {};
    const tuples: string[] = [];
    let n = 0;
    for (let row = start; row < Math.min(rowCount, start + batchRows); row++) {
      const cells = columns.map((column, c) => {
        const value = values[c]![row];
        // The SDK cannot send a NULL array, and wants its own wrappers for time types: NULL and text with a CAST instead.
        if (Array.isArray(types[c]) && (value === null || value === undefined)) return 'NULL';
        const name = paramName(++n);
        const timeType = typeof types[c] === 'string' && TIME_TYPES.has(types[c] as string);
        params[name] = timeType ? timeText(value) : cellValue(value, types[c]!);
        paramTypes[name] = timeType ? 'STRING' : types[c]!;
        return timeType ? `CAST(@${name} AS ${column.dataType})` : `@${name}`;
      });
      tuples.push(`(${cells.join(', ')})`);
    }
    statements.push({ sql: `INSERT INTO ${table} (${names}) VALUES ${tuples.join(',\n')}`, params, types: paramTypes });
  }
  return statements;
}

const TIME_TYPES = new Set(['DATE', 'DATETIME', 'TIMESTAMP', 'TIME']);

function timeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

function cellValue(value: unknown, type: ParamType): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(type)) {
    const items = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
    if (!Array.isArray(items)) throw new KilnError(`${JSON.stringify(value)} is not an array, but the column holds arrays`);
    return items;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  // Typed by the column, so a text cell bound for INT64 goes as its digits.
  if (type === 'INT64' || type === 'NUMERIC' || type === 'BIGNUMERIC') return typeof value === 'string' ? value : paramValue(value);
  if (type === 'FLOAT64') return Number(value);
  if (type === 'BOOL') return typeof value === 'string' ? value.toLowerCase() === 'true' : Boolean(value);
  return typeof value === 'string' ? value : String(paramValue(value));
}
