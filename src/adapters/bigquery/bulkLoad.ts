/**
 * Rows into a BigQuery table as parameterised `INSERT … VALUES` jobs (DML, not the streaming
 * insertAll API, whose buffered rows later DML cannot touch for a while; and not a load job,
 * whose multipart upload the emulator does not speak). Each value is a typed query parameter,
 * vectors as ARRAY<FLOAT64>; batches stay under BigQuery's 10,000 parameters per query.
 * Seeds: the CSV is parsed here (csv-parse), each column's type inferred as DuckDB's reader
 * would (INT64, FLOAT64, BOOL, DATE, TIMESTAMP, else STRING; empty is NULL).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
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

export interface ParsedCsv {
  columns: ColumnDescription[];
  values: unknown[][];
}

export function readCsvFile(file: string, options: { delimiter: string; header: boolean; columnTypes: Record<string, string> }): ParsedCsv {
  let records: string[][];
  try {
    records = parse(readFileSync(file), { delimiter: options.delimiter || ',', relax_column_count: false, bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new KilnError(`${file}: ${(error as Error).message}`, { hint: 'seeds are RFC 4180 CSV: double quotes around values with delimiters, quotes doubled inside them', cause: error });
  }
  const header = options.header ? (records.shift() ?? []) : (records[0] ?? []).map((_, i) => `column${i}`);
  const values = header.map((_, column) => records.map((record) => (record[column] === '' ? null : record[column]!)));
  const declared = new Map(Object.entries(options.columnTypes).map(([name, type]) => [name.toLowerCase(), type]));
  const columns = header.map((name, i) => ({ name, dataType: declared.get(name.toLowerCase()) ?? inferType(values[i]!) }));
  return { columns, values };
}

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The narrowest type every non-empty value fits, in DuckDB's order of candidates. */
function inferType(values: (string | null)[]): string {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return 'STRING';
  const all = (pattern: RegExp) => present.every((v) => pattern.test(v));
  if (all(BOOLEAN)) return 'BOOL';
  if (all(INTEGER) && present.every((v) => BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n)) return 'INT64';
  if (all(DOUBLE)) return 'FLOAT64';
  if (all(DATE)) return 'DATE';
  if (all(TIMESTAMP)) return 'TIMESTAMP';
  return 'STRING';
}
