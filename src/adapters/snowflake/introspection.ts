/**
 * Catalog queries on each database's INFORMATION_SCHEMA: schemas, relations and columns, and
 * the docs catalog of many relations in one query per database. Names are looked up as
 * Snowflake stores them (storedIdentifier: `orders` is ORDERS), and come back that way.
 */
import type { ColumnDescription, Relation, RelationDescription, RelationRef, RelationType } from '../types.js';
import { SnowflakeDialect, storedIdentifier } from './dialect.js';

export type RunQuery = (sql: string, binds?: unknown[]) => Promise<unknown[][]>;

const dialect = new SnowflakeDialect();
const informationSchema = (database: string, view: string) => `${dialect.quoteIdentifier(database)}.INFORMATION_SCHEMA.${view}`;

const TABLE_TYPES: Record<string, RelationType> = { 'BASE TABLE': 'table', 'TEMPORARY TABLE': 'table', 'LOCAL TEMPORARY': 'table', VIEW: 'view', 'MATERIALIZED VIEW': 'materialized_view', 'EXTERNAL TABLE': 'external' };

/** Relations asked about per statement: keeps the statement text well under Snowflake's limit. */
const DESCRIBE_BATCH = 500;

export async function listSchemas(query: RunQuery, database: string): Promise<string[]> {
  const rows = await query(`SELECT SCHEMA_NAME FROM ${informationSchema(database, 'SCHEMATA')} WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA' ORDER BY SCHEMA_NAME`);
  return rows.map((row) => String(row[0]));
}

export async function listRelations(query: RunQuery, database: string, schema: string): Promise<Relation[]> {
  const rows = await query(`SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM ${informationSchema(database, 'TABLES')} WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`, [storedIdentifier(schema)]);
  return rows.map(([catalog, schemaName, name, type]) => ({ database: String(catalog), schema: String(schemaName), identifier: String(name), type: TABLE_TYPES[String(type)] ?? 'table' }));
}

const COLUMN_FIELDS = 'COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE';

export async function getColumns(query: RunQuery, relation: RelationRef): Promise<ColumnDescription[]> {
  const rows = await query(
    `SELECT ${COLUMN_FIELDS} FROM ${informationSchema(relation.database, 'COLUMNS')} WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [storedIdentifier(relation.schema), storedIdentifier(relation.identifier)],
  );
  return rows.map(columnOf);
}

function columnOf([name, dataType, length, precision, scale, nullable]: unknown[]): ColumnDescription {
  return { name: String(name), dataType: catalogTypeName(String(dataType), length, precision, scale), nullable: nullable !== 'NO' };
}

/** The catalog's DATA_TYPE with its size, as DDL spells it: NUMBER(38,0), VARCHAR(16777216) … */
export function catalogTypeName(dataType: string, length: unknown, precision: unknown, scale: unknown): string {
  const type = dataType.toUpperCase();
  if (type === 'NUMBER' && precision !== null && precision !== undefined) return `NUMBER(${String(precision)},${String(scale ?? 0)})`;
  if (type === 'TEXT') return length === null || length === undefined ? 'VARCHAR' : `VARCHAR(${String(length)})`;
  return type;
}

/** Columns, comments, row counts and bytes of many relations, in one query per database (and batch). */
export async function describeRelations(query: RunQuery, relations: RelationRef[]): Promise<RelationDescription[]> {
  const byDatabase = new Map<string, RelationRef[]>();
  for (const relation of relations) byDatabase.set(relation.database, [...(byDatabase.get(relation.database) ?? []), relation]);
  const described: RelationDescription[] = [];
  for (const [database, wanted] of byDatabase) {
    for (let start = 0; start < wanted.length; start += DESCRIBE_BATCH) described.push(...(await describeBatch(query, database, wanted.slice(start, start + DESCRIBE_BATCH))));
  }
  return described;
}

async function describeBatch(query: RunQuery, database: string, relations: RelationRef[]): Promise<RelationDescription[]> {
  const key = (schema: string, identifier: string) => `${schema}\0${identifier}`;
  const wanted = new Map(relations.map((r) => [key(storedIdentifier(r.schema), storedIdentifier(r.identifier)), r]));
  const match = [...wanted.keys()]
    .map((k) => k.split('\0'))
    .map(([schema, identifier]) => `(t.TABLE_SCHEMA = ${dialect.quoteString(schema!)} AND t.TABLE_NAME = ${dialect.quoteString(identifier!)})`)
    .join('\n   OR ');
  const rows = await query(
    `SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE, t.COMMENT, t.ROW_COUNT, t.BYTES,
            c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.IS_NULLABLE, c.COMMENT
     FROM ${informationSchema(database, 'TABLES')} t
     JOIN ${informationSchema(database, 'COLUMNS')} c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
     WHERE ${match}
     ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME, c.ORDINAL_POSITION`,
  );
  const described = new Map<string, RelationDescription>();
  for (const [schema, name, tableType, tableComment, rowCount, bytes, ...column] of rows) {
    const k = key(String(schema), String(name));
    let entry = described.get(k);
    if (!entry) {
      const type = TABLE_TYPES[String(tableType)] ?? 'table';
      const count = type === 'view' || rowCount === null ? null : Number(rowCount);
      entry = { ...wanted.get(k)!, type, columns: [], comment: (tableComment as string | null) ?? null, rowCount: count, bytes: bytes === null ? null : Number(bytes) };
      described.set(k, entry);
    }
    entry.columns.push({ ...columnOf(column.slice(0, 6)), comment: (column[6] as string | null) ?? null });
  }
  return [...described.values()];
}
