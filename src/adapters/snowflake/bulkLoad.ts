/**
 * Rows into a Snowflake table without a stage: batches of `INSERT … SELECT … FROM VALUES`,
 * each value a literal through the dialect's quoting, each column cast to the table's type
 * (VARIANT and VECTOR through PARSE_JSON, which Snowflake does not allow inside VALUES itself).
 * Seeds (read by ../csvSeed.ts) are loaded the same way.
 */
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
