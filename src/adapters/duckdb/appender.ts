/**
 * Bulk rows through DuckDB's Appender: much faster than INSERT … VALUES for many scalar
 * rows (run history, fixtures). Values are converted to each column's type here, because
 * the Appender does not cast. Nested and exotic column types are refused with a clear
 * error; those go through SQL instead.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from './driver.js';
import { KilnError } from '../../errors.js';
import type { RelationRef } from '../types.js';

const { DuckDBDateValue, DuckDBTimestampValue, DuckDBTypeId } = duckdb;
type DuckDBTypeId = import('@duckdb/node-api').DuckDBTypeId;

type Append = (appender: DuckDBAppender, value: unknown) => void;

const MS_PER_DAY = 86_400_000;

function epochMs(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value).replace(' ', 'T').replace(/(?<![Zz]|[+-]\d\d:?\d\d)$/, 'Z'));
  if (Number.isNaN(ms)) throw new KilnError(`cannot append '${String(value)}' as a date or timestamp`);
  return ms;
}

const APPENDERS: Partial<Record<DuckDBTypeId, Append>> = {
  [DuckDBTypeId.BOOLEAN]: (a, v) => a.appendBoolean(Boolean(v)),
  [DuckDBTypeId.TINYINT]: (a, v) => a.appendTinyInt(Number(v)),
  [DuckDBTypeId.SMALLINT]: (a, v) => a.appendSmallInt(Number(v)),
  [DuckDBTypeId.INTEGER]: (a, v) => a.appendInteger(Number(v)),
  [DuckDBTypeId.BIGINT]: (a, v) => a.appendBigInt(BigInt(typeof v === 'number' ? Math.trunc(v) : String(v))),
  [DuckDBTypeId.FLOAT]: (a, v) => a.appendFloat(Number(v)),
  [DuckDBTypeId.DOUBLE]: (a, v) => a.appendDouble(Number(v)),
  [DuckDBTypeId.VARCHAR]: (a, v) => a.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v)),
  [DuckDBTypeId.TIMESTAMP]: (a, v) => a.appendTimestamp(new DuckDBTimestampValue(BigInt(epochMs(v)) * 1000n)),
  [DuckDBTypeId.DATE]: (a, v) => a.appendDate(new DuckDBDateValue(Math.floor(epochMs(v) / MS_PER_DAY))),
};

export async function appendRows(connection: DuckDBConnection, relation: RelationRef, catalog: string, rows: unknown[][]): Promise<number> {
  const appender = await connection.createAppender(relation.identifier, relation.schema, catalog);
  try {
    const columns = Array.from({ length: appender.columnCount }, (_, i) => {
      const type = appender.columnType(i);
      const append = APPENDERS[type.typeId];
      if (!append) throw new KilnError(`appendRows cannot append to column ${i + 1} of ${relation.identifier}, of type ${type.toString()}`, { hint: 'use an INSERT statement for nested or exotic types' });
      return append;
    });
    for (const [index, row] of rows.entries()) {
      if (row.length !== columns.length) throw new KilnError(`row ${index + 1} has ${row.length} values, but ${relation.identifier} has ${columns.length} columns`);
      row.forEach((value, i) => (value === null || value === undefined ? appender.appendNull() : columns[i]!(appender, value)));
      appender.endRow();
    }
    appender.flushSync();
    return rows.length;
  } catch (error) {
    appender.clear(); // closing flushes: drop the rows of a failed batch first
    throw error;
  } finally {
    appender.closeSync();
  }
}
