/**
 * Catalog queries on pg_catalog (information_schema leaves out materialized views):
 * schemas, relations and columns of the current database, and the docs catalog of many
 * relations in one query. Unquoted names fold to lower case in Postgres, and kiln
 * compares them as Postgres stores them.
 */
import type pg from 'pg';
import type { ColumnDescription, Relation, RelationDescription, RelationRef, RelationType } from '../types.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

const RELATION_KINDS: Record<string, RelationType> = { r: 'table', p: 'table', v: 'view', m: 'materialized_view', f: 'external' };

export async function listSchemas(client: Queryable): Promise<string[]> {
  const result = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY nspname`);
  return result.rows.map((row) => row.nspname);
}

export async function listRelations(client: Queryable, database: string, schema: string): Promise<Relation[]> {
  const result = await client.query<{ relname: string; relkind: string; nspname: string }>(
    `SELECT c.relname, c.relkind, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname`,
    [schema],
  );
  return result.rows.map((row) => ({ database, schema: row.nspname, identifier: row.relname, type: RELATION_KINDS[row.relkind] ?? 'table' }));
}

export async function getColumns(client: Queryable, relation: RelationRef): Promise<ColumnDescription[]> {
  const result = await client.query<{ attname: string; type: string; attnotnull: boolean }>(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [relation.schema, relation.identifier],
  );
  return result.rows.map((row) => ({ name: row.attname, dataType: row.type, nullable: !row.attnotnull }));
}

/** Columns, comments, row estimates and sizes of many relations in one query, whatever their number. */
export async function describeRelations(client: Queryable, relations: RelationRef[]): Promise<RelationDescription[]> {
  if (relations.length === 0) return [];
  const result = await client.query<{ nspname: string; relname: string; relkind: string; table_comment: string | null; reltuples: number; bytes: string | null; attname: string; type: string; attnotnull: boolean; column_comment: string | null }>(
    `SELECT n.nspname, c.relname, c.relkind, obj_description(c.oid, 'pg_class') AS table_comment, c.reltuples::float8 AS reltuples,
            CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_total_relation_size(c.oid)::text END AS bytes,
            a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, col_description(c.oid, a.attnum) AS column_comment
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     JOIN unnest($1::text[], $2::text[]) AS wanted(schema_name, relation_name) ON wanted.schema_name = n.nspname AND wanted.relation_name = c.relname
     ORDER BY n.nspname, c.relname, a.attnum`,
    [relations.map((r) => r.schema), relations.map((r) => r.identifier)],
  );
  const wanted = new Map(relations.map((r) => [`${r.schema}\0${r.identifier}`, r]));
  const described = new Map<string, RelationDescription>();
  for (const row of result.rows) {
    const key = `${row.nspname}\0${row.relname}`;
    let entry = described.get(key);
    if (!entry) {
      const type = RELATION_KINDS[row.relkind] ?? 'table';
      // reltuples is an estimate, -1 until the table is first analyzed.
      const rowCount = type === 'view' || row.reltuples < 0 ? null : Math.round(row.reltuples);
      entry = { ...wanted.get(key)!, type, columns: [], comment: row.table_comment, rowCount, bytes: row.bytes === null ? null : Number(row.bytes) };
      described.set(key, entry);
    }
    entry.columns.push({ name: row.attname, dataType: row.type, nullable: !row.attnotnull, comment: row.column_comment });
  }
  return [...described.values()];
}
