/**
 * Seeds through DuckDB's own CSV reader (`read_csv`): one CREATE OR REPLACE TABLE … AS
 * SELECT * FROM read_csv(…) inside a transaction, so a bad file leaves the old table as
 * it was. Without `replace`, rows are appended (by column name) to the existing table,
 * which is created when missing.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CsvLoadOptions, QueryResult, RelationRef } from '../types.js';
import type { DuckDbDialect } from './dialect.js';
import { catalogFor, findRelationType } from './introspection.js';
import { runStatement } from './run-statement.js';
import { inTransaction } from './transaction.js';
import type { DuckDbTarget } from './target.js';


export interface CsvLoadContext {
  connection: DuckDBConnection;
  target: DuckDbTarget;
  dialect: DuckDbDialect;
  projectRoot: string;
}

export async function loadCsv(context: CsvLoadContext, relation: RelationRef, file: string, options: CsvLoadOptions): Promise<QueryResult> {
  const { connection, target, dialect } = context;
  const csvPath = path.resolve(context.projectRoot, file);
  const readCsv = readCsvSql(dialect, options);
  const params = [csvPath];
  const relationSql = dialect.renderRelation(relation);
  const schemaSql = dialect.createSchemaSql(catalogFor(target, relation.database), relation.schema);

  return inTransaction(connection, async () => {
    await runStatement(connection, schemaSql, { fetch: false });
    const existing = await findRelationType(connection, target, relation);
    if (!options.replace && existing === 'table') {
      const inserted = await runStatement(connection, `INSERT INTO ${relationSql} BY NAME SELECT * FROM ${readCsv}`, { params, fetch: false });
      return { columns: [], rows: [], rowsAffected: inserted.rowsAffected, message: `INSERT ${inserted.rowsAffected ?? 0}` };
    }
    // CREATE OR REPLACE is atomic inside this transaction: a bad file leaves the old table.
    if (existing && existing !== 'table') await runStatement(connection, dialect.dropRelationSql({ ...relation, type: existing }), { fetch: false });
    const created = await runStatement(connection, `CREATE OR REPLACE TABLE ${relationSql} AS SELECT * FROM ${readCsv}`, { params, fetch: false });
    return { columns: [], rows: [], rowsAffected: created.rowsAffected, message: `LOAD ${created.rowsAffected ?? 0}` };
  });
}

/** `read_csv($1, delim = ';', header = true, types = {'id': 'VARCHAR'})`; the file path is bound as $1. */
function readCsvSql(dialect: DuckDbDialect, options: CsvLoadOptions): string {
  // Seeds are RFC 4180 CSV, as dbt reads them: double quotes, and no rows skipped. Left to guess,
  // DuckDB's sniffer can take a malformed first rows as junk and skip them, loading a file silently short.
  const settings = [`delim = ${dialect.quoteString(options.delimiter || ',')}`, `header = ${options.header === false ? 'false' : 'true'}`, `quote = '"'`, `escape = '"'`, 'skip = 0'];
  const typed = Object.entries(options.columnTypes ?? {});
  if (typed.length > 0) {
    const entries = typed.map(([column, type]) => `${dialect.quoteString(column)}: ${dialect.quoteString(type)}`);
    settings.push(`types = {${entries.join(', ')}}`);
  }
  return `read_csv($1, ${settings.join(', ')})`;
}
