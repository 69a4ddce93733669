/**
 * Rows into a Postgres table without one literal per value: each column travels as one
 * bound array parameter and `unnest` turns the arrays back into rows, so a batch of
 * thousands of rows is one statement with a handful of parameters. Array-typed columns
 * (vectors as `real[]`) travel as their text literals, since `unnest` would flatten them.
 * Seeds (read by ../csvSeed.ts) are loaded the same way.
 */
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
