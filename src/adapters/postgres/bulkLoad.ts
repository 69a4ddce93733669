/**
 * Rows into a Postgres table without one literal per value: each column travels as one
 * bound array parameter and `unnest` turns the arrays back into rows, so a batch of
 * thousands of rows is one statement with a handful of parameters. Array-typed columns
 * (vectors as `real[]`) travel as their text literals, since `unnest` would flatten them.
 * Seeds: the CSV is parsed here (csv-parse), each column's type inferred as DuckDB's
 * reader would (BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, else text; empty is NULL),
 * and loaded the same way.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { KilnError } from '../../errors.js';
import type { ColumnDescription } from '../types.js';
import { scalarParam } from './values.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Rows per INSERT: bound arrays keep the statement small, so batches can be large. */
const BATCH_ROWS = 5_000;

export async function insertColumns(client: Queryable, table: string, columns: ColumnDescription[], values: unknown[][], quote: (name: string) => string): Promise<number> {
  const rowCount = values[0]?.length ?? 0;
  if (values.length !== columns.length) throw new KilnError(`the rows have ${values.length} values each, but ${table} has ${columns.length} columns`);
  values.forEach((column, index) => {
    if (column.length !== rowCount) throw new KilnError(`column ${index + 1} has ${column.length} values, but column 1 has ${rowCount}: every row needs a value (or null) for every column`);
  });
  const names = columns.map((c) => quote(c.name));
  const isArray = columns.map((c) => /\[\]$/.test(c.dataType));
  const unnestTypes = columns.map((c, i) => (isArray[i] ? 'text[]' : `${c.dataType}[]`));
  const selected = columns.map((c, i) => (isArray[i] ? `CAST(${quote(`c${i}`)} AS ${c.dataType})` : quote(`c${i}`)));
  const sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selected.join(', ')} FROM unnest(${unnestTypes.map((t, i) => `$${i + 1}::${t}`).join(', ')}) AS kiln_rows(${columns.map((_, i) => quote(`c${i}`)).join(', ')})`;
  let inserted = 0;
  for (let start = 0; start < rowCount; start += BATCH_ROWS) {
    const params = values.map((column, i) => column.slice(start, start + BATCH_ROWS).map((value) => toParam(value, isArray[i]!)));
    const result = await client.query(sql, params);
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

function toParam(value: unknown, arrayColumn: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (arrayColumn) {
    const items = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
    if (!Array.isArray(items)) throw new KilnError(`${JSON.stringify(value)} is not an array, but the column holds arrays`);
    return `{${items.map((item) => (item === null ? 'NULL' : typeof item === 'number' ? String(item) : JSON.stringify(String(item)))).join(',')}}`;
  }
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return scalarParam(value);
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
  if (present.length === 0) return 'text';
  const all = (pattern: RegExp) => present.every((v) => pattern.test(v));
  if (all(BOOLEAN)) return 'boolean';
  if (all(INTEGER) && present.every((v) => BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n)) return 'bigint';
  if (all(DOUBLE)) return 'double precision';
  if (all(DATE)) return 'date';
  if (all(TIMESTAMP)) return 'timestamp';
  return 'text';
}
