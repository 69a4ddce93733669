/**
 * End to end: dbt-duckdb's external and table_function materializations, built by the CLI on a
 * copy of tests/fixtures/duckdb_external. Files are read back with DuckDB; rebuilds replace them;
 * failed builds keep the working view.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kilnFails as fails, kilnOk as ok, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const count = async (dir: string, from: string): Promise<number> => Number((await query(dir, `select count(*) as n from ${from}`))[0]!['n']);

function writeOrders(dir: string, rows: string[]): void {
  writeFileSync(join(dir, 'seeds', 'orders.csv'), ['id,customer,region,amount', ...rows, ''].join('\n'));
}

describe('external and table_function models on DuckDB', () => {
  const dir = fixtureCopy('duckdb_external');
  dirs.push(dir);
  const out = (path: string): string => join(dir, 'out', path);

  it('writes each external model to its file, with a view over it that downstream models read', async () => {
    ok(dir, 'build');
    // Files where the configs put them: default parquet under external_root, csv at its location, a partitioned folder.
    expect(existsSync(out('orders_file.parquet'))).toBe(true);
    expect(existsSync(out('exports/customers.csv'))).toBe(true);
    expect(readdirSync(out('orders_by_region')).sort()).toEqual(['region=east', 'region=north', 'region=south']);
    expect(await count(dir, `read_parquet('${out('orders_file.parquet')}')`)).toBe(5);
    expect(await count(dir, `read_csv('${out('exports/customers.csv')}', delim='|', header=true)`)).toBe(5);
    expect(await count(dir, `read_parquet('${out('orders_by_region')}/*/*.parquet')`)).toBe(5);
    // An empty model's file keeps its columns with one row of nulls, which its view hides.
    expect(await count(dir, `read_json('${out('no_orders.json')}')`)).toBe(1);
    expect(await count(dir, 'main.no_orders')).toBe(0);

    const views = await query(dir, "select table_name from information_schema.tables where table_type = 'VIEW' order by 1");
    expect(views.map((v) => v['table_name'])).toEqual(['customers_csv', 'no_orders', 'orders_by_region', 'orders_file']);
    expect(await query(dir, 'select * from main.order_summary')).toEqual([{ orders: 5, customers: 5, north_amount: 40, no_orders: 0, late_orders: 2 }]);
    expect(await query(dir, 'select id::integer as id, customer from main.late_orders order by id')).toEqual([{ id: 4, customer: 'dave' }, { id: 5, customer: 'erin' }]);
    // The table function is a DuckDB table macro taking the configured parameter.
    expect(await query(dir, "select function_type, parameters from duckdb_functions() where function_name = 'orders_from'")).toEqual([{ function_type: 'table_macro', parameters: ['min_id'] }]);
    // No staging relation is left behind.
    expect(await count(dir, "information_schema.tables where table_name like '%\\_\\_dbt\\_%' escape '\\'")).toBe(0);
  });

  it('a rebuild replaces the files, the partitioned folder included', async () => {
    writeOrders(dir, ['1,alice,north,10', '2,bob,south,20', '3,carol,north,30', '4,dave,east,40', '5,erin,south,50', '6,frank,west,60']);
    ok(dir, 'build');
    expect(await count(dir, `read_parquet('${out('orders_file.parquet')}')`)).toBe(6);
    expect(await count(dir, `read_parquet('${out('orders_by_region')}/*/*.parquet')`)).toBe(6);
    expect(readdirSync(out('orders_by_region'))).toContain('region=west');
    expect(await query(dir, 'select * from main.order_summary')).toEqual([{ orders: 6, customers: 6, north_amount: 40, no_orders: 0, late_orders: 3 }]);
  });

  it('a failing model, write or read leaves the previous view reading its file', async () => {
    const model = join(dir, 'models', 'orders_file.sql');
    writeFileSync(model, "{{ config(materialized='external') }}\nselect * from {{ ref('orders') }} where no_such_column > 0\n");
    expect(fails(dir, 'run', '-s', 'orders_file')).toContain('no_such_column');
    expect(await count(dir, 'main.orders_file')).toBe(6);

    writeFileSync(model, "{{ config(materialized='external', options={'compression': 'no_such_codec'}) }}\nselect * from {{ ref('orders') }} where id < 3\n");
    expect(fails(dir, 'run', '-s', 'orders_file')).toContain('compression');
    expect(await count(dir, 'main.orders_file')).toBe(6);

    writeFileSync(model, "{{ config(materialized='external', format='xlsx') }}\nselect 1 as id\n");
    expect(fails(dir, 'run', '-s', 'orders_file')).toContain('Invalid format: xlsx. Allowed formats are: csv, parquet, json');
    expect(await count(dir, 'main.orders_file')).toBe(6);

    // A table of the model's name is replaced by the view only once the view over the new file exists.
    writeFileSync(model, "{{ config(materialized='table') }}\nselect * from {{ ref('orders') }} where id < 3\n");
    ok(dir, 'run', '-s', 'orders_file');
    writeFileSync(model, "{{ config(materialized='external') }}\nselect * from {{ ref('orders') }}\n");
    ok(dir, 'run', '-s', 'orders_file');
    expect(await query(dir, "select table_type from information_schema.tables where table_name = 'orders_file'")).toEqual([{ table_type: 'VIEW' }]);
    expect(await count(dir, 'main.orders_file')).toBe(6);
  });

  it('register_upstream_external_models re-creates the views a partial run reads', async () => {
    // Dropped views, as in a fresh database file beside existing exports.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(dir, 'target', 'kiln.duckdb'));
    const connection = await instance.connect();
    await connection.run('drop view main.orders_file; drop view main.customers_csv');
    connection.closeSync();
    instance.closeSync();

    ok(dir, 'run', '-s', 'order_summary');
    expect(await query(dir, 'select orders, customers from main.order_summary')).toEqual([{ orders: 6, customers: 6 }]);
  });

  it('docs generate lists the external views in the catalog', async () => {
    ok(dir, 'docs', 'generate');
    const catalog = (await import(join(dir, 'target', 'catalog.json'), { with: { type: 'json' } })).default as { nodes: Record<string, { metadata: { type: string } }> };
    expect(catalog.nodes['model.duckdb_external.orders_file']?.metadata.type).toBe('VIEW');
    expect(catalog.nodes['model.duckdb_external.orders_by_region']?.metadata.type).toBe('VIEW');
  });
});

describe('external locations', () => {
  it('a location in a folder that does not exist is an error naming the folder', () => {
    const dir = projectWith({
      'project.yml': 'name: missing_folder\nversion: "1.0"\n',
      'models/m.sql': "{{ config(materialized='external', location='{{ adapter.external_root() }}/not_there/m.parquet') }}\nselect 1 as id\n",
    });
    dirs.push(dir);
    expect(fails(dir, 'run')).toContain(`the folder ${join(dir, 'not_there')} does not exist; create it`);
  });

  it('a format given among the options picks the reader of the view, whatever the file is called', async () => {
    const dir = projectWith({
      'project.yml': 'name: options_format\nversion: "1.0"\n',
      'models/m.sql': "{{ config(materialized='external', location='{{ adapter.external_root() }}/m.txt', options={'format': 'csv'}) }}\nselect * from (values (1, 'a'), (2, 'b')) t(id, name)\n",
    });
    dirs.push(dir);
    ok(dir, 'run');
    expect(await query(dir, 'select id::integer as id, name from main.m order by id')).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    expect(await count(dir, `read_csv('${join(dir, 'm.txt')}')`)).toBe(2);
  });
});

describe('materialization lookup', () => {
  it("a project's own external materialization is used before the adapter's", async () => {
    const dir = projectWith({
      'project.yml': 'name: own_external\nversion: "1.0"\n',
      'macros/external.sql':
        "{% materialization external, adapter='duckdb' %}\n{% call statement('main') %}create or replace table {{ this }} as select 'own' as made_by{% endcall %}\n{{ return({'relations': [this]}) }}\n{% endmaterialization %}\n",
      'models/m.sql': "{{ config(materialized='external') }}\nselect 1 as id\n",
    });
    dirs.push(dir);
    ok(dir, 'run');
    expect(await query(dir, 'select made_by from main.m')).toEqual([{ made_by: 'own' }]);
    expect(existsSync(join(dir, 'm.parquet'))).toBe(false);
  });
});
