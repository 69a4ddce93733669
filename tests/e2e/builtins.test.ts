/**
 * dbt's global-project helpers from a real project (tests/fixtures/builtins_project), built by
 * the CLI on DuckDB: persist_docs, create_indexes and apply_grants in post-hooks (as a
 * package's materialization calls them), make_temp_relation(this) and set_sql_header in a
 * model, a run-operation that reads the relation listing and catalog macros, and on-run-end's schemas.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("dbt's adapter helpers in a project", () => {
  it('persist_docs comments the table and its built columns, create_indexes builds the configured index, apply_grants only warns on DuckDB', async () => {
    const dir = fixtureCopy('builtins_project');
    dirs.push(dir);
    const run = kiln(['run'], dir);
    expect(run.code).toBe(0);
    // Warnings go to stderr: the undocumented column (validate_doc_columns) and DuckDB's missing grants, once.
    expect(run.stderr).toContain('The following columns are specified in the schema but are not present in the database: not_built');
    expect(run.stderr.match(/Grants for relations are not supported by DuckDB/g)).toHaveLength(1);

    expect(await query(dir, "select comment from duckdb_tables() where table_name = 'documented'")).toEqual([{ comment: "Documented: with 'quotes' and $dollars$" }]);
    expect(await query(dir, "select column_name, comment from duckdb_columns() where table_name = 'documented' order by column_index")).toEqual([
      { column_name: 'id', comment: 'the key' },
      { column_name: 'label', comment: null },
    ]);
    expect(await query(dir, "select is_unique, expressions from duckdb_indexes() where table_name = 'documented'")).toEqual([{ is_unique: true, expressions: '[id]' }]);

    const [headed] = await query(dir, 'select temp_identifier, header, typeof(snapped_at) as snapped_type from headed');
    expect(headed).toEqual({ temp_identifier: 'headed__dbt_tmp', header: 'set threads = 1;', snapped_type: 'TIMESTAMP' });

    // on-run-end sees the schemas (and database.schema pairs) the run built into.
    expect(await query(dir, 'select schemas, database_schemas from run_end')).toEqual([{ schemas: 'main', database_schemas: 'kiln.main' }]);

    const report = kiln(['run-operation', 'report_catalog'], dir);
    expect(report.code).toBe(0);
    const tables = await query(dir, "select table_name, table_type from information_schema.tables where table_schema = 'main' order by table_name");
    const expectedRelations = tables.map((t) => `relation kiln ${t['table_name']} main ${t['table_type'] === 'VIEW' ? 'view' : 'table'}`);
    expect(report.stdout.split('\n').filter((l) => l.startsWith('relation '))).toEqual(expectedRelations);
    expect(report.stdout).toContain('column id INTEGER the key\ncolumn label VARCHAR None\nschema exists 1\npartitions 20240101 20240102');
  }, 60_000);
});
