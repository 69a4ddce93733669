/**
 * The dbt context as templates see it, on a real project and a real DuckDB:
 * var/env_var, config, macros and return values, dispatch, package namespaces,
 * run_query/statement at parse and at run time, graph, this/target, exceptions, modules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineNode } from '../../../src/cli/commands/compile.js';
import { openSession, type Session } from '../../../src/compile/session.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { KilnError } from '../../../src/errors.js';
import { ensureAdaptersCompiled } from '../adapters/helpers/compiled-adapters.js';
import { projectWith } from '../../e2e/cli.js';

const files: Record<string, string> = {
  'project.yml': `name: shop
version: '1'
vars:
  region: eu
  shop:
    scoped: from_project_scope
  helpers:
    helper_var: for_helpers
dispatch:
  - macro_namespace: helpers
    search_order: [shop, helpers]
`,
  'models/orders.sql': "{{ config(materialized='table', tags=['x']) }}select 1 as id",
  'models/customers.sql': "select * from {{ ref('orders') }}",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [positive, not_null]\n',
  'tests/generic/positive.sql': '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
  'macros/util.sql': `{% macro nums() %}{{ return([1, 2, 3]) }}{% endmacro %}
{% macro greet(name, punct='!') %}hello {{ name }}{{ punct }}{% endmacro %}
{% macro default__shout(x) %}{{ x | upper }} (shop override){% endmacro %}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if node.name == 'customers' -%}clients{%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}`,
  'dbt_packages/helpers/dbt_project.yml': "name: helpers\nversion: '1'\n",
  'dbt_packages/helpers/macros/h.sql': `{% macro shout(x) %}{{ return(adapter.dispatch('shout', 'helpers')(x)) }}{% endmacro %}
{% macro default__shout(x) %}{{ x | upper }}{% endmacro %}
{% macro duckdb__twice(x) %}{{ x }}{{ x }} on duckdb{% endmacro %}
{% macro default__twice(x) %}{{ x }}{{ x }}{% endmacro %}
{% macro twice(x) %}{{ return(adapter.dispatch('twice', 'helpers')(x)) }}{% endmacro %}
`,
};

let root: string;
let session: Session;
let adapter: Adapter;

/** Compile `sql` as an inline query, at run time (execute true) unless `parse`. */
function render(sql: string, mode: 'compile' | 'parse' = 'compile'): string {
  if (mode === 'parse') return session.parse.runtime.render(sql, { mode: 'parse', file: 'inline.sql' }).sql.trim();
  return session.compiler.compile(inlineNode(session, sql), { mode: 'execute' }).sql.trim();
}

beforeAll(async () => {
  ensureAdaptersCompiled();
  root = projectWith(files);
  session = await openSession({ projectDir: root, vars: '{cli_var: 7, region: us}', partialParse: false });
  adapter = await createAdapter(session.project.profile.target, { threads: 1, projectRoot: root });
  session.parse.runtime.adapter = adapter;
  await adapter.connection.execute('create table main.people as select 1 as id, \'ada\' as name', { fetch: false });
});

afterAll(async () => {
  await adapter?.close();
});

describe('vars and env vars', () => {
  it('command-line vars win over project vars; package-scoped vars; defaults', () => {
    expect(render("{{ var('region') }} {{ var('cli_var') }} {{ var('scoped') }} {{ var('nope', 'dflt') }}")).toBe('us 7 from_project_scope dflt');
  });
  it('a missing var names the file, the line and how to fix it', () => {
    try {
      render("select 1\nwhere x = {{ var('missing_var') }}");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KilnError);
      expect((error as KilnError).message).toBe("required var 'missing_var' is not set");
      expect((error as KilnError).location).toBe('--inline:2:17'); // the call's parenthesis
      expect((error as KilnError).hint).toContain("var('missing_var', 'default')");
    }
  });
  it('env_var with and without a default', () => {
    process.env['KILN_TEST_ENV'] = 'set!';
    expect(render("{{ env_var('KILN_TEST_ENV') }} {{ env_var('KILN_TEST_UNSET', 'fallback') }}")).toBe('set! fallback');
    expect(() => render("{{ env_var('KILN_TEST_UNSET') }}")).toThrowError(/env var 'KILN_TEST_UNSET' is not set/);
  });
});

describe('macros', () => {
  it('return values reach the caller as values', () => {
    expect(render('{{ nums() | sum }} {{ nums()[-1] }}')).toBe('6 3');
    expect(render("{{ greet('kiln') }} {{ greet('x', punct='?') }}")).toBe('hello kiln! hello x?');
  });
  it("dispatch follows the project's search order, then the adapter prefix", () => {
    expect(render("{{ helpers.shout('a') }}")).toBe('A (shop override)');
    expect(render("{{ helpers.twice('b') }}")).toBe('bb on duckdb');
  });
  it('an overridden generate_alias_name names relations', () => {
    expect(session.manifest.nodes['model.shop.customers']!.alias).toBe('clients');
    expect(render("select * from {{ ref('customers') }}")).toBe('select * from "main"."clients"');
  });
});

describe('generic tests', () => {
  it("a project's own generic test: its macro is the test's dependency, and it compiles", () => {
    const tests = Object.values(session.manifest.nodes).filter((n) => n.resource_type === 'test');
    const positive = tests.find((n) => n.name === 'positive_orders_id')!;
    expect(positive.depends_on.macros).toEqual(['macro.shop.test_positive', 'macro.dbt.get_where_subquery']);
    expect(tests.find((n) => n.name === 'not_null_orders_id')!.depends_on.macros[0]).toBe('macro.dbt.test_not_null');
    expect(session.compiler.compile(positive, { mode: 'execute' }).sql.trim()).toBe('select * from "main"."orders" where id <= 0');
  });
});

describe('config, this, target, graph', () => {
  it('config.get reads the node config; this and target describe where it lands', () => {
    const orders = session.manifest.nodes['model.shop.orders']!;
    const sql = session.compiler.compile(orders, { mode: 'execute', code: "{{ config.get('materialized') }} {{ config.get('tags') }} {{ this }} {{ target.name }} {{ target.type }} {{ is_incremental() }}" }).sql;
    expect(sql.trim()).toBe(`table ['x'] "main"."orders" dev duckdb False`);
  });
  it('config.require names what is missing', () => {
    expect(() => render("{{ config.require('unique_key') }}")).toThrowError(/config 'unique_key' is required/);
  });
  it('graph lists the manifest nodes', () => {
    expect(render("{% for n in graph.nodes.values() | sort(attribute='name') if n.resource_type == 'model' %}{{ n.name }} {% endfor %}")).toBe('customers orders');
  });
});

describe('the warehouse from templates', () => {
  it('run_query returns rows at run time and an empty table at parse time', () => {
    const sql = "{% set r = run_query('select 42 as n union all select 43') %}{% if execute %}{{ r.columns[0].values() | join(',') }}{% endif %}|{{ r.rows | length }}|{{ execute }}";
    expect(render(sql)).toBe('42,43|2|True');
    expect(render(sql, 'parse')).toBe('|0|False');
  });
  it('statement with fetch_result and load_result', () => {
    const sql = "{% call statement('names', fetch_result=True) %}select name from main.people{% endcall %}{{ load_result('names').data[0][0] }} {{ load_result('names').table.column_names }}";
    expect(render(sql)).toBe("ada ['name']");
  });
  it('adapter introspection: get_columns_in_relation, get_relation', () => {
    const sql = "{% set rel = adapter.get_relation(database=target.database, schema='main', identifier='people') %}{{ rel.identifier }} {% for c in adapter.get_columns_in_relation(rel) %}{{ c.name }}:{{ c.data_type }} {% endfor %}{{ adapter.get_relation(target.database, 'main', 'nope') is none }}";
    // data_type as dbt's Column gives it: a string column with its size (dbt-duckdb: character varying(256)).
    expect(render(sql)).toBe('people id:INTEGER name:character varying(256) True');
  });
  it('api.Relation.create and adapter.quote', () => {
    expect(render("{{ api.Relation.create(schema='s', identifier='t') }} {{ adapter.quote('a b') }}")).toBe('"s"."t" "a b"');
  });
});

describe('exceptions and modules', () => {
  it('raise_compiler_error becomes a KilnError naming the file', () => {
    try {
      render("{{ exceptions.raise_compiler_error('bad input here') }}");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KilnError);
      expect((error as KilnError).message).toContain('bad input here');
      expect((error as KilnError).file).toBe('--inline');
    }
  });
  it('modules.datetime and modules.re', () => {
    expect(render("{{ modules.datetime.datetime(2024, 1, 2).strftime('%Y/%m/%d') }} {{ modules.re.sub('[0-9]+', 'N', 'a1b22') }}")).toBe('2024/01/02 aNbN');
  });
});

// Expected values from Python (Jinja2 3.1 with dbt's set/re/agate semantics), as packages rely on them.
describe('what real packages rely on', () => {
  it('set() is a Python set: unordered equality, distinct items, set methods', () => {
    expect(render("{{ set(['a','b']) == set(['b','a']) }} {{ set(['a','b','a']) | length }} {{ set([1,2]).difference([2]) }} {% set s = set() %}{% do s.add(3) %}{{ s }} {{ set([]) }} {{ set(1) }}")).toBe('True 2 {1} {3} set() None');
  });
  it("modules.re reads inline flags and VERBOSE patterns, as Python's re", () => {
    expect(render("{{ modules.re.findall('(?ix) a  b # comment\n [ ]c', 'AB cxab c') }} {{ modules.re.search('(?i)X', 'ax') is not none }}")).toBe("['AB c', 'ab c'] True");
  });
  it('a Relation is a mapping whose metadata names its class; classes are callable', () => {
    expect(render("{% set r = api.Relation.create(schema='main', identifier='t') %}{{ r is mapping }} {{ r.get('metadata').type }} {{ api.Column('a b', 'integer').quoted }}")).toBe('True DuckdbRelation "a b"');
  });
  it('run_query results iterate their rows and map columns by name (agate)', () => {
    expect(render("{% for row in run_query('select 1 as a, 2 as b union all select 3, 4 order by 1') %}{{ row[0] }}{{ row['b'] }};{% endfor %}{% for k, c in run_query('select 5 as x').columns.items() %}{{ k }}={{ c.values() }}{% endfor %}")).toBe('12;34;x=[5]');
  });
  it("dbt's native-type filters and the context functions under dbt.", () => {
    expect(render("{{ '5' | as_number + 1 }} {{ 'True' | as_bool }} {{ \"['a', 1]\" | as_native }} {{ 3 | as_text }} {{ dbt.run_query('select 7').columns[0].values() }} {{ dbt.is_incremental() }}")).toBe("6 True ['a', 1] 3 [7] False");
  });
  it('modules.datetime: keyword arguments, timedelta arithmetic, comparisons, .date()', () => {
    const dt = 'modules.datetime';
    expect(render(`{{ ${dt}.date(2024,1,10) - ${dt}.timedelta(365) }}|{{ ${dt}.datetime(2024,1,10) + ${dt}.timedelta(1, 3600) }}`)).toBe('2023-01-10|2024-01-11 01:00:00');
    expect(render(`{{ ${dt}.datetime(year=2024, month=1, day=2) }}|{{ ${dt}.datetime(2024,1,2) + ${dt}.timedelta(days=1) }}|{{ ${dt}.date(2024,1,2) < ${dt}.date(2024,1,3) }}|{{ ${dt}.datetime(2024,1,2,3,4).date() }}|{{ (${dt}.datetime(2024,1,3) - ${dt}.datetime(2024,1,1)).days }}`)).toBe('2024-01-02 00:00:00|2024-01-03 00:00:00|True|2024-01-02|2');
  });
  it("Relation methods packages call, and api.Relation's other constructors", () => {
    expect(render("{% set r = api.Relation.create(database='d', schema='s', identifier='t') %}{{ r.without_identifier() }} {{ r.information_schema('tables') }} {{ r.matches(schema='S') }} {{ r == api.Relation.create(database='d', schema='s', identifier='t') }} {{ r == r.incorporate(path={'identifier': 'u'}) }} {{ api.Relation.add_ephemeral_prefix('x') }} {{ api.Relation.create(schema='s', identifier='t', quote_policy={'identifier': false}) }}")).toBe('"d"."s" "d".information_schema.tables True True False __dbt__cte__x "s".t');
  });
  it("exceptions.* raise dbt's errors, located in the template", () => {
    expect(() => render("{{ exceptions.relation_wrong_type(api.Relation.create(schema='s', identifier='t', type='view'), 'table') }}")).toThrowError(/trying to create table "s"."t", but it currently exists as a view/);
    expect(() => render("{{ exceptions.missing_relation(api.Relation.create(schema='s', identifier='t')) }}")).toThrowError(/relation "s"."t" not found/);
    expect(() => render("{{ exceptions.column_type_missing(['a', 'b']) }}")).toThrowError(/require data_type .* a, b/);
  });
  it('var.has_var, config.meta_get, dispatch by keyword, adapter.commit, store_result by keyword, noop_statement', () => {
    expect(render("{{ var.has_var('region') }} {{ var.has_var('nope') }} {{ config.meta_get('k', 'd') }} {{ adapter.dispatch(macro_name='type_string', macro_namespace='dbt')() }} {{ adapter.commit() }}|{% do store_result('s', response='OK', agate_table=run_query('select 3 as a')) %}{{ load_result('s').table.columns[0].values() }} {{ load_result('s').response }}{% do noop_statement('n', 'msg') %} {{ load_result('n').response['_message'] }}")).toBe('True False d VARCHAR |[3] OK msg');
  });
  it('modules.pytz: zones from the tz database, localize, astimezone, offsets (as Python prints them)', () => {
    expect(render("{% set tz = modules.pytz.timezone('America/New_York') %}{% set dt = modules.datetime.datetime(2024, 7, 1, 12, 0) %}{{ tz.localize(dt) }}|{{ dt.astimezone(tz) }}|{{ tz.localize(dt).astimezone(modules.pytz.utc) }}|{{ tz.localize(dt).strftime('%H:%M %z %Z') }}|{{ modules.datetime.datetime(2024, 1, 15, 12).replace(tzinfo=modules.pytz.utc).astimezone(tz) }}|{{ tz.localize(dt) == modules.datetime.datetime(2024, 7, 1, 16).replace(tzinfo=modules.pytz.utc) }}")).toBe(
      '2024-07-01 12:00:00-04:00|2024-07-01 08:00:00-04:00|2024-07-01 16:00:00+00:00|12:00 -0400 EDT|2024-01-15 07:00:00-05:00|True',
    );
  });
  it('run_started_at is aware, in UTC, as dbt prints it', () => {
    expect(render("{{ run_started_at.tzinfo }} {{ run_started_at.strftime('%z') }}")).toBe('UTC +0000');
    expect(render('{{ run_started_at }}')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
  });
  it("dbt's relation helpers render dbt's SQL and run on DuckDB", async () => {
    expect(render("{% set r = api.Relation.create(schema='main', identifier='people') %}{{ make_temp_relation(r) }} {{ load_relation(r) is not none }} {{ get_columns_in_query('select 1 as x, 2 as y') }}")).toBe('"main"."people__dbt_tmp" True [\'x\', \'y\']');
    const merge = render("{% set r = api.Relation.create(schema='main', identifier='people') %}{{ get_merge_sql(r, api.Relation.create(schema='main', identifier='people_new'), 'id', [api.Column('id', 'integer'), api.Column('name', 'varchar')]) }}");
    await adapter.connection.execute(["create or replace table main.people_new as select 1 as id, 'grace' as name union all select 2, 'alan'", merge], { fetch: false });
    const [rows] = await adapter.connection.execute('select id, name from main.people order by id');
    expect(rows!.rows).toEqual([[1, 'grace'], [2, 'alan']]);
  });
});
