/**
 * Seeds through DuckDB's own CSV reader (`read_csv`): the file is read into a
 * table built under a temporary name, then swapped in inside one transaction, so a
 * bad file leaves the old table as it was. Without `replace`, rows are appended
 * (by column name) to the existing table, which is created when missing.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CsvLoadOptions, QueryResult, RelationRef } from '../types.js';
import type { DuckDbDialect } from './dialect.js';
import { catalogFor, findRelationType } from './introspection.js';
import { runStatement } from './run-statement.js';
import { inTransaction } from './transaction.js';
import type { DuckDbTarget } from './target.js';

export const CSV_LOAD_TEMP_SUFFIX = '__kiln_load';

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
    const temporary = { ...relation, identifier: `${relation.identifier}${CSV_LOAD_TEMP_SUFFIX}` };
    const created = await runStatement(
      connection,
      `CREATE OR REPLACE TABLE ${dialect.renderRelation(temporary)} AS SELECT * FROM ${readCsv}`,
      { params, fetch: false },
    );
    if (existing) await runStatement(connection, dialect.dropRelationSql({ ...relation, type: existing }), { fetch: false });
    await runStatement(connection, dialect.renameRelationSql({ ...temporary, type: 'table' }, relation.identifier), { fetch: false });
    return { columns: [], rows: [], rowsAffected: created.rowsAffected, message: `LOAD ${created.rowsAffected ?? 0}` };
  });
}

/** `read_csv($1, delim = ';', header = true, types = {'id': 'VARCHAR'})`; the file path is bound as $1. */
function readCsvSql(dialect: DuckDbDialect, options: CsvLoadOptions): string {
  const settings = [`delim = ${dialect.quoteString(options.delimiter || ',')}`, `header = ${options.header === false ? 'false' : 'true'}`];
  const typed = Object.entries(options.columnTypes ?? {});
  if (typed.length > 0) {
    const entries = typed.map(([column, type]) => `${dialect.quoteString(column)}: ${dialect.quoteString(type)}`);
    settings.push(`types = {${entries.join(', ')}}`);
  }
  return `read_csv($1, ${settings.join(', ')})`;
}
