/**
 * dbt's global-project macros added last: _split_part_negative, collect_freshness_custom_sql,
 * generate_latest_version_pointer_alias, resolve_model_name and the Python-model text helpers
 * (their Python run by python3), the materialized_view steps, and the UDF DDL text. SQL they
 * return runs on DuckDB and is checked against DuckDB's own answer.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestNode } from '../../../src/project/nodes.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: shop\nversion: "1"\n',
  'models/orders.sql': 'select 1 as id',
  'models/report.sql': "select * from {{ ref('orders') }} join {{ source('raw', 'events') }} using (id)",
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n',
};

let db: DuckDbSession;
const warnings: string[] = [];
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  db = await openDuckDbSession(files, { log: (message, level) => void (level === 'warn' && warnings.push(message)) });
  await db.run(["create or replace table main.loads as select timestamp '2026-01-02 03:04:05' as loaded_at union all select timestamp '2025-12-31 00:00:00'"]);
});

afterAll(async () => {
  await db?.close();
});

/** The compiled SQL of one of the project's models, with `sql` as its code. */
function renderForModel(name: string, sql: string): string {
  const node = db.session.manifest.nodes[`model.shop.${name}`]!;
  return db.session.compiler.compile({ ...node, raw_code: sql }, { mode: 'execute' }).sql;
}

/** Run `script` with python3 and return what it printed. */
function python(script: string): string {
  return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
}

describe('_split_part_negative', () => {
  it('counts parts from the end, as DuckDB split_part does with a negative index', async () => {
    const sql = db.render(`select {{ dbt._split_part_negative("'a,b,c'", "','", -1) }} as last, {{ _split_part_negative("'a,b,c'", "','", -3) }} as first`);
    const [row] = await db.query(sql);
    const [native] = await db.query("select split_part('a,b,c', ',', -1) as last, split_part('a,b,c', ',', -3) as first");
    expect(row).toEqual(native);
    expect(row).toEqual({ last: 'c', first: 'a' });
  });
});

describe('collect_freshness_custom_sql', () => {
  it('runs the loaded_at_query and returns its value as max_loaded_at beside snapshotted_at', () => {
    const out = db.render(
      "{% set r = dbt.collect_freshness_custom_sql(api.Relation.create(schema='main', identifier='loads'), 'select max(loaded_at) from main.loads') %}" +
        "{% set direct = run_query('select max(loaded_at) from main.loads') %}" +
        "{{ r.table.column_names | join(',') }}|{{ r.data[0][0] == direct.rows[0][0] }}|{{ (r.data[0][0] | string)[:10] }}|{{ r.data[0][1] is not none }}",
    );
    expect(out).toBe('max_loaded_at,snapshotted_at|True|2026-01-02|True');
  });
});

describe('generate_latest_version_pointer_alias', () => {
  it('is the model name unless an alias is configured, which is trimmed', () => {
    expect(db.render('{{ dbt.generate_latest_version_pointer_alias(none, model) }}|{{ generate_latest_version_pointer_alias("  latest_orders ", model) }}')).toBe('inline_query|latest_orders');
  });
});

describe('Python-model text', () => {
  it('resolve_model_name is the relation as rendered', () => {
    expect(renderForModel('report', "{{ resolve_model_name(ref('orders')) }}|{{ ref('orders') }}").split('|').reduce((a, b) => (a === b ? 'same' : `${a} != ${b}`))).toBe('same');
  });

  it("py_script_postfix gives Python whose dbt.ref, dbt.source, dbt.this and dbt.config answer for the model's refs and sources", () => {
    const script = renderForModel('report', '{{ py_script_postfix(model) }}');
    const ref = renderForModel('report', "{{ ref('orders') }}|{{ source('raw', 'events') }}|{{ this }}").split('|');
    const printed = python(`${script}\ndbt = dbtObj(lambda name: 'loaded ' + name)\nprint(dbt.ref('orders')); print(dbt.source('raw', 'events')); print(repr(dbt.this)); print(dbt.this.identifier); print(dbt.is_incremental); print(dbt.config.get('x', 'dflt')); print(config_dict, meta_dict)`);
    expect(printed.split('\n')).toEqual([`loaded ${ref[0]}`, `loaded ${ref[1]}`, ref[2], 'report', 'False', 'dflt', '{} {}']);
  });

  it('build_ref_function keys a package-qualified ref by package.name, and py_script_comment is empty', () => {
    const node = db.session.manifest.nodes['model.shop.report']!;
    const text = db.session.compiler.compile({ ...node, refs: [{ name: 'orders' }, { name: 'orders', package: 'shop' }], raw_code: '{{ build_ref_function(model) }}[{{ py_script_comment() }}]' }, { mode: 'execute' }).sql;
    const printed = python(`${text.replace(/\[\]\s*$/, '')}\nprint(ref('orders', dbt_load_df_function=str)); print(ref('shop', 'orders', dbt_load_df_function=str))`);
    const orders = renderForModel('report', "{{ ref('orders') }}");
    expect(printed.split('\n')).toEqual([orders, orders]);
    expect(text.trim().endsWith('[]')).toBe(true);
  });
});

describe('materialized_view steps', () => {
  it('materialized_view_execute_no_op stores a skip result as main', () => {
    expect(db.render("{% do materialized_view_execute_no_op(this) %}{% set r = load_result('main') %}{{ r.response.code }} {{ r.response.rows_affected }} {{ r.response._message }}")).toBe('skip -1 skip "main"."inline_query"');
  });

  it('materialized_view_get_build_sql asks the adapter to create one, and DuckDB refuses with its own error', () => {
    expect(() => db.render("{{ materialized_view_get_build_sql(none, this.incorporate(type=this.MaterializedView), none, none) }}")).toThrow(/DuckDB has no materialized views, so "main"."inline_query" cannot be materialized as one: use materialized='table'/);
    // Without DuckDB's refusal, the portable default names the macro an adapter must define, as dbt's does.
    expect(() => db.render("{{ dbt.default__get_create_materialized_view_as_sql(this, 'select 1') }}")).toThrow(/`get_create_materialized_view_as_sql` has not been implemented for this adapter\. Define duckdb__get_create_materialized_view_as_sql/);
  });

  it('an existing materialized view with no configuration changes is refreshed, through the adapter', () => {
    const existing = "api.Relation.create(schema='main', identifier='inline_query', type='materialized_view')";
    expect(() => db.render(`{{ materialized_view_get_build_sql(${existing}, this, none, none) }}`)).toThrow(/Materialized views have not been implemented for this adapter\. Define duckdb__get_materialized_view_configuration_changes/);
  });

  it('setup and teardown drop the backup and intermediate relations left behind', async () => {
    await db.run(['create or replace table main.mv__dbt_backup as select 1 as id', 'create or replace view main.mv__dbt_tmp as select 1 as id']);
    const backup = "api.Relation.create(database=target.database, schema='main', identifier='mv__dbt_backup', type='table')";
    const intermediate = "api.Relation.create(database=target.database, schema='main', identifier='mv__dbt_tmp', type='view')";
    db.render(`{{ materialized_view_setup(${backup}, ${intermediate}, []) }}`);
    expect(await db.query("select table_name from information_schema.tables where table_name like 'mv__dbt%'")).toEqual([]);
    await db.run('create or replace table main.mv__dbt_backup as select 1 as id');
    db.render(`{{ materialized_view_teardown(${backup}, ${intermediate}, []) }}`);
    expect(await db.query("select table_name from information_schema.tables where table_name like 'mv__dbt%'")).toEqual([]);
  });
});

describe('UDF DDL text', () => {
  const fn = (overrides: Record<string, unknown> = {}, config: Record<string, unknown> = { volatility: 'deterministic' }): ManifestNode => {
    const node = db.session.manifest.nodes['model.shop.orders']!;
    const udf = { name: 'add_one', alias: 'add_one', arguments: [{ name: 'x', data_type: 'integer' }, { name: 'y', data_type: 'integer' }], returns: { data_type: 'integer' }, compiled_code: 'x + y', language: 'sql' };
    return { ...node, ...udf, config: { ...node.config, ...config }, ...overrides } as unknown as ManifestNode;
  };
  const renderFor = (node: ManifestNode, sql: string): string => db.session.parse.runtime.render(sql, { mode: 'execute', file: 'models/add_one.sql', node }).sql;

  it('scalar_function_sql is create or replace function with the arguments, return type, volatility and a SQL body', () => {
    expect(squash(renderFor(fn(), "{{ scalar_function_sql(api.Relation.create(schema='main', identifier='add_one')) }}"))).toBe('CREATE OR REPLACE FUNCTION "main"."add_one" (x integer, y integer) RETURNS integer IMMUTABLE AS $$ x + y $$ LANGUAGE SQL;');
    expect(squash(renderFor(fn({}, { volatility: 'stable' }), '{{ scalar_function_volatility_sql() }}|{{ formatted_scalar_function_args_sql() }}'))).toBe('STABLE|x integer, y integer');
    expect(squash(renderFor(fn({}, {}), '[{{ scalar_function_volatility_sql() }}]'))).toBe('[]');
  });

  it('aggregate signature, language and python options', () => {
    const py = fn({ language: 'python' }, { volatility: 'non-deterministic', runtime_version: '3.11', entry_point: 'main', packages: ['numpy', 'pandas'] });
    expect(squash(renderFor(py, "{{ get_aggregate_function_create_replace_signature(api.Relation.create(schema='main', identifier='agg')) }}"))).toBe(
      `CREATE OR REPLACE AGGREGATE FUNCTION "main"."agg" (x integer, y integer) RETURNS integer LANGUAGE PYTHON VOLATILE RUNTIME_VERSION = '3.11' HANDLER = 'main' PACKAGES = ('numpy','pandas') AS`,
    );
    expect(renderFor(fn({ language: 'javascript' }), '{{ get_function_language_specifier() }}|').trim()).toBe('LANGUAGE js|');
    expect(renderFor(fn({ language: 'sql' }), '[{{ get_function_language_specifier() }}]').trim()).toBe('[]');
  });

  it('unsupported volatility and javascript arguments say which adapter lacks them', () => {
    expect(() => renderFor(fn(), '{{ formatted_scalar_function_args_javascript() }}')).toThrow('formatted_scalar_function_args_javascript not implemented for adapter duckdb');
    expect(squash(renderFor(fn({}, { volatility: 'sometimes' }), '[{{ scalar_function_volatility_sql() }}]'))).toBe('[]');
    expect(warnings).toContain('Found `sometimes` volatility specified on function `add_one`. This volatility is not supported by duckdb, and will be ignored');
  });
});
