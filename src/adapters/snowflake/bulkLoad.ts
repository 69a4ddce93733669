/**
 * Rows into a Snowflake table without a stage: batches of `INSERT … SELECT … FROM VALUES`,
 * each value a literal through the dialect's quoting, each column cast to the table's type
 * (VARIANT and VECTOR through PARSE_JSON, which Snowflake does not allow inside VALUES itself).
 * Seeds: the CSV is parsed here (csv-parse) and each column's type inferred as DuckDB's
 * reader would (BOOLEAN, NUMBER(38,0), FLOAT, DATE, TIMESTAMP_NTZ, else VARCHAR; empty is NULL).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { KilnError } from '../../errors.js';
import type { ColumnDescription } from '../types.js';
import type { SnowflakeDialect } from './dialect.js';
import { sqlLiteral } from './values.js';

/** Statement text per INSERT, well under Snowflake's 1 MB default statement limit. */
const BATCH_CHARS = 512 * 1024;
const BATCH_ROWS = 16_384;

/** The INSERT statements that append `values` (column by column) to `table`. */
export function insertStatements(dialect: SnowflakeDialect, table: string, columns: ColumnDescription[], values: unknown[][]): { sql: string; rows: number }[] {
  const rowCount = values[0]?.length ?? 0;
  if (values.length !== columns.length) throw new KilnError(`the rows have ${values.length} values each, but ${table} has ${columns.length} columns`);
  values.forEach((column, index) => {
    if (column.length !== rowCount) throw new KilnError(`column ${index + 1} has ${column.length} values, but column 1 has ${rowCount}: every row needs a value (or null) for every column`);
  });
  const names = columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  const selected = columns.map((c, i) => selectExpression(`COLUMN${i + 1}`, c.dataType)).join(', ');
  const head = `INSERT INTO ${table} (${names})\nSELECT ${selected}\nFROM VALUES\n`;
  const quote = (text: string) => dialect.quoteString(text);
  const statements: { sql: string; rows: number }[] = [];
  let tuples: string[] = [];
  let size = head.length;
  const flush = () => {
    if (tuples.length) statements.push({ sql: head + tuples.join(',\n'), rows: tuples.length });
    tuples = [];
    size = head.length;
  };
  for (let row = 0; row < rowCount; row++) {
    const tuple = `(${values.map((column) => sqlLiteral(column[row], quote)).join(', ')})`;
    if (tuples.length && (size + tuple.length > BATCH_CHARS || tuples.length >= BATCH_ROWS)) flush();
    tuples.push(tuple);
    size += tuple.length + 2;
  }
  flush();
  return statements;
}

function selectExpression(column: string, dataType: string): string {
  const type = dataType.toUpperCase();
  if (type.startsWith('VECTOR')) return `CAST(CAST(PARSE_JSON(${column}) AS ARRAY) AS ${dataType})`;
  if (type === 'VARIANT' || type === 'OBJECT' || type === 'ARRAY') return `CAST(PARSE_JSON(${column}) AS ${dataType})`;
  return `CAST(${column} AS ${dataType})`;
}

export interface ParsedCsv {
  columns: ColumnDescription[];
  values: (string | null)[][];
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
  if (present.length === 0) return 'VARCHAR';
  const all = (pattern: RegExp) => present.every((v) => pattern.test(v));
  if (all(BOOLEAN)) return 'BOOLEAN';
  if (all(INTEGER) && present.every((v) => BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n)) return 'NUMBER(38,0)';
  if (all(DOUBLE)) return 'FLOAT';
  if (all(DATE)) return 'DATE';
  if (all(TIMESTAMP)) return 'TIMESTAMP_NTZ';
  return 'VARCHAR';
}
