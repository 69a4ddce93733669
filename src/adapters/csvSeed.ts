/**
 * A seed's CSV read in kiln, for warehouses without a local CSV reader of their own (Postgres,
 * Snowflake, BigQuery): parsed by csv-parse, empty values as NULL, and each column's type
 * inferred as DuckDB's reader infers it (boolean, bigint, float, date, timestamp, else string),
 * named in the warehouse's own words through its dialect.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { KilnError } from '../errors.js';
import type { AdapterDialect, ColumnDescription } from './types.js';

export interface ParsedCsv {
  columns: ColumnDescription[];
  /** Column by column, as the cells' text (NULL for an empty cell). */
  values: (string | null)[][];
}

export function readCsvSeed(file: string, options: { delimiter: string; header: boolean; columnTypes: Record<string, string> }, dialect: Pick<AdapterDialect, 'typeName'>): ParsedCsv {
  let records: string[][];
  try {
    records = parse(readFileSync(file), { delimiter: options.delimiter || ',', relax_column_count: false, bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new KilnError(`${file}: ${(error as Error).message}`, { hint: 'seeds are RFC 4180 CSV: double quotes around values with delimiters, quotes doubled inside them', cause: error });
  }
  const header = options.header ? (records.shift() ?? []) : (records[0] ?? []).map((_, i) => `column${i}`);
  const values = header.map((_, column) => records.map((record) => (record[column] === '' ? null : record[column]!)));
  const declared = new Map(Object.entries(options.columnTypes).map(([name, type]) => [name.toLowerCase(), type]));
  const columns = header.map((name, i) => ({ name, dataType: declared.get(name.toLowerCase()) ?? dialect.typeName(inferPortableType(values[i]!)) }));
  return { columns, values };
}

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The narrowest portable type every non-empty value fits, in DuckDB's order of candidates. */
export function inferPortableType(values: (string | null)[]): 'boolean' | 'bigint' | 'float' | 'date' | 'timestamp' | 'string' {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return 'string';
  const all = (pattern: RegExp) => present.every((v) => pattern.test(v));
  if (all(BOOLEAN)) return 'boolean';
  if (all(INTEGER) && present.every((v) => BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n)) return 'bigint';
  if (all(DOUBLE)) return 'float';
  if (all(DATE)) return 'date';
  if (all(TIMESTAMP)) return 'timestamp';
  return 'string';
}
