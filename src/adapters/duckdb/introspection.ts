/**
 * Catalog queries: schemas, relations and columns, read from DuckDB's
 * information_schema. Names compare case-insensitively, as DuckDB resolves them;
 * a database name that means the main catalog (the profile's `database`) is
 * mapped to the catalog DuckDB actually uses.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDescription, Relation, RelationDescription, RelationRef, RelationType } from '../types.js';
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

/**
 * A relation's columns. A temporary table (a staging table made with create_table_as(True, …))
 * lives in the `temp` catalog under the same schema and, as DuckDB resolves names, wins over a
 * table of the same name in the database.
 */
export async function getColumns(connection: DuckDBConnection, target: DuckDbTarget, relation: RelationRef): Promise<ColumnDescription[]> {
  const result = await runStatement(
    connection,
    `SELECT column_name, data_type, is_nullable, table_catalog FROM information_schema.columns
     WHERE lower(table_catalog) IN (lower($1), 'temp') AND lower(table_schema) = lower($2) AND lower(table_name) = lower($3)
     ORDER BY table_catalog = 'temp' DESC, ordinal_position`,
    { params: [catalogFor(target, relation.database), relation.schema, relation.identifier] },
  );
  const catalog = result.rows[0]?.[3];
  return result.rows.filter((row) => row[3] === catalog).map(([name, dataType, nullable]) => ({
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

/**
 * The catalog of many relations in two queries, whatever their number: columns (with
 * comments) from information_schema for the schemas involved, row counts from
 * duckdb_tables() (DuckDB keeps an exact count per table; views have none).
 */
export async function describeRelations(connection: DuckDBConnection, target: DuckDbTarget, relations: RelationRef[]): Promise<RelationDescription[]> {
  if (relations.length === 0) return [];
  const key = (catalog: string, schema: string, table: string): string => `${catalog}\0${schema}\0${table}`.toLowerCase();
  const wanted = new Map(relations.map((r) => [key(catalogFor(target, r.database), r.schema, r.identifier), r]));
  const schemas = [...new Set(relations.map((r) => `${catalogFor(target, r.database)}.${r.schema}`.toLowerCase()))];
  // The schema list travels as one bound JSON parameter.
  const inSchemas = (catalog: string, schema: string): string => `list_contains(from_json($1, '["VARCHAR"]'), lower(${catalog} || '.' || ${schema}))`;
  const params = [JSON.stringify(schemas)];
  const columns = await runStatement(
    connection,
    `SELECT c.table_catalog, c.table_schema, c.table_name, t.table_type, t.table_comment, c.column_name, c.data_type, c.is_nullable, c.column_comment
     FROM information_schema.columns c
     JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
     WHERE ${inSchemas('c.table_catalog', 'c.table_schema')}
     ORDER BY c.table_catalog, c.table_schema, c.table_name, c.ordinal_position`,
    { params },
  );
  const counts = await runStatement(
    connection,
    `SELECT database_name, schema_name, table_name, estimated_size FROM duckdb_tables() WHERE ${inSchemas('database_name', 'schema_name')}`,
    { params },
  );
  const rowCounts = new Map(counts.rows.map(([d, s, t, n]) => [key(String(d), String(s), String(t)), Number(n)]));
  const described = new Map<string, RelationDescription>();
  for (const [catalog, schema, table, tableType, tableComment, column, dataType, nullable, comment] of columns.rows) {
    const k = key(String(catalog), String(schema), String(table));
    const requested = wanted.get(k);
    if (!requested) continue;
    let entry = described.get(k);
    if (!entry) {
      entry = { ...requested, schema: String(schema), identifier: String(table), type: relationType(String(tableType)), columns: [], comment: tableComment == null ? null : String(tableComment), rowCount: rowCounts.get(k) ?? null, bytes: null };
      described.set(k, entry);
    }
    entry.columns.push({ name: String(column), dataType: String(dataType), nullable: nullable === 'YES', comment: comment == null ? null : String(comment) });
  }
  return [...described.values()];
}
