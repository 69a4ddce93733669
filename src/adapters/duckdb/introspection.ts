/**
 * Catalog queries: schemas, relations and columns, read from DuckDB's
 * information_schema. Names compare case-insensitively, as DuckDB resolves them;
 * a database name that means the main catalog (the profile's `database`) is
 * mapped to the catalog DuckDB actually uses.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDescription, Relation, RelationRef, RelationType } from '../types.js';
import { runStatement } from './run-statement.js';
import type { DuckDbTarget } from './target.js';

export function catalogFor(target: DuckDbTarget, database: string): string {
  return !database || target.catalogAliases.includes(database.toLowerCase()) ? target.catalog : database;
}

export async function listSchemas(connection: DuckDBConnection, target: DuckDbTarget, database: string): Promise<string[]> {
  const result = await runStatement(
    connection,
    `SELECT schema_name FROM information_schema.schemata WHERE lower(catalog_name) = lower($1) ORDER BY schema_name`,
    { params: [catalogFor(target, database)] },
  );
  return result.rows.map((row) => String(row[0]));
}

export async function listRelations(connection: DuckDBConnection, target: DuckDbTarget, database: string, schema: string): Promise<Relation[]> {
  const result = await runStatement(
    connection,
    `SELECT table_schema, table_name, table_type FROM information_schema.tables
     WHERE lower(table_catalog) = lower($1) AND lower(table_schema) = lower($2)
     ORDER BY table_name`,
    { params: [catalogFor(target, database), schema] },
  );
  return result.rows.map(([schemaName, name, tableType]) => ({
    database,
    schema: String(schemaName),
    identifier: String(name),
    type: relationType(String(tableType)),
  }));
}

export async function getColumns(connection: DuckDBConnection, target: DuckDbTarget, relation: RelationRef): Promise<ColumnDescription[]> {
  const result = await runStatement(
    connection,
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns
     WHERE lower(table_catalog) = lower($1) AND lower(table_schema) = lower($2) AND lower(table_name) = lower($3)
     ORDER BY ordinal_position`,
    { params: [catalogFor(target, relation.database), relation.schema, relation.identifier] },
  );
  return result.rows.map(([name, dataType, nullable]) => ({
    name: String(name),
    dataType: String(dataType),
    nullable: nullable === 'YES',
  }));
}

/** The type of an existing relation, or undefined when there is none. */
export async function findRelationType(connection: DuckDBConnection, target: DuckDbTarget, relation: RelationRef): Promise<RelationType | undefined> {
  const found = await listRelations(connection, target, relation.database, relation.schema);
  return found.find((candidate) => candidate.identifier.toLowerCase() === relation.identifier.toLowerCase())?.type;
}

function relationType(tableType: string): RelationType {
  return tableType === 'VIEW' ? 'view' : 'table';
}
