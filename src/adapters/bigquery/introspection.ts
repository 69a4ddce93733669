/**
 * The catalog, as dbt-bigquery reads it: datasets and tables through the REST API
 * (datasets.list, tables.list, tables.get: paginated by the SDK), and the docs catalog of
 * many relations from INFORMATION_SCHEMA in one query (a UNION ALL over their datasets).
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { ColumnDescription, Relation, RelationDescription, RelationRef, RelationType } from '../types.js';
import type { BigQueryDialect } from './dialect.js';
import { isNotFound } from './errors.js';
import type { JobRequest } from './jobs.js';
import type { QueryResult } from '../types.js';
import { describeFields, type SchemaField } from './values.js';

const TABLE_TYPES: Record<string, RelationType> = { TABLE: 'table', VIEW: 'view', MATERIALIZED_VIEW: 'materialized_view', EXTERNAL: 'external', SNAPSHOT: 'table', 'BASE TABLE': 'table', 'MATERIALIZED VIEW': 'materialized_view' };

export async function listSchemas(bigquery: BigQuery, database: string): Promise<string[]> {
  const [datasets] = await bigquery.getDatasets({ projectId: database });
  return datasets.map((d) => d.id!).sort();
}

export async function listRelations(bigquery: BigQuery, database: string, schema: string): Promise<Relation[]> {
  try {
    const [tables] = await bigquery.dataset(schema, { projectId: database }).getTables();
    return tables.map((t) => ({ database, schema, identifier: t.id!, type: TABLE_TYPES[String(t.metadata?.type)] ?? 'table' })).sort((a, b) => a.identifier.localeCompare(b.identifier));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

export async function getColumns(bigquery: BigQuery, relation: RelationRef): Promise<ColumnDescription[]> {
  try {
    const [metadata] = await bigquery.dataset(relation.schema, { projectId: relation.database }).table(relation.identifier).getMetadata();
    return describeFields((metadata.schema?.fields ?? []) as SchemaField[]);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** One query for any number of relations: their columns, types and stats from each dataset's INFORMATION_SCHEMA and __TABLES__. */
export async function describeRelations(query: (request: JobRequest) => Promise<QueryResult>, dialect: BigQueryDialect, relations: RelationRef[]): Promise<RelationDescription[]> {
  if (relations.length === 0) return [];
  const datasets = new Map<string, RelationRef[]>();
  for (const r of relations) datasets.set(`${r.database}\0${r.schema}`, [...(datasets.get(`${r.database}\0${r.schema}`) ?? []), r]);
  const params: Record<string, unknown> = {};
  const types: Record<string, string[]> = {};
  const selects = [...datasets.values()].map((wanted, i) => {
    const dataset = dialect.renderRelation({ ...wanted[0]!, identifier: '' });
    params[`names_${i}`] = wanted.map((r) => r.identifier);
    types[`names_${i}`] = ['STRING'];
    return `SELECT ${dialect.quoteString(wanted[0]!.database)} AS table_catalog, c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.ordinal_position, s.row_count, s.size_bytes
FROM ${dataset}.INFORMATION_SCHEMA.COLUMNS AS c
JOIN ${dataset}.INFORMATION_SCHEMA.TABLES AS t ON t.table_name = c.table_name
LEFT JOIN ${dataset}.__TABLES__ AS s ON s.table_id = c.table_name
WHERE c.table_name IN UNNEST(@names_${i})`;
  });
  const result = await query({ sql: `${selects.join('\nUNION ALL\n')}\nORDER BY table_schema, table_name, ordinal_position`, params, types });
  const described = new Map<string, RelationDescription>();
  for (const [catalog, schema, name, tableType, column, dataType, isNullable, , rowCount, sizeBytes] of result.rows as [string, string, string, string, string, string, string, number, number | null, number | null][]) {
    const key = `${catalog}\0${schema}\0${name}`;
    let entry = described.get(key);
    if (!entry) {
      const type = TABLE_TYPES[tableType] ?? 'table';
      const isTable = type === 'table';
      entry = { database: catalog, schema, identifier: name, type, columns: [], comment: null, rowCount: isTable && rowCount !== null ? Number(rowCount) : null, bytes: isTable && sizeBytes !== null ? Number(sizeBytes) : null };
      described.set(key, entry);
    }
    entry.columns.push({ name: column, dataType, nullable: isNullable !== 'NO', comment: null });
  }
  return [...described.values()];
}
