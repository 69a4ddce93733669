/**
 * dbt's smaller context members (env, column, validation, metric, function, adapter_macro,
 * defer_relation, context_macro_stack, _sql_results, debug), the adapter members added last
 * (run_sql_for_tests, the catalog-integration methods, get_partitions_metadata) and the relation
 * type names, rendered through kiln on DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: shop\nversion: "1"\n',
  'models/orders.sql': 'select 1 as id, 10 as amount',
  'models/metrics.yml': 'version: 2\nmetrics:\n  - name: revenue\n    label: Revenue\n    type: simple\n    type_params:\n      measure: amount\n',
  'macros/stack.sql': '{% macro outer_macro() %}{{ inner_macro() }}{% endmacro %}{% macro inner_macro() %}{{ context_macro_stack.depth }}:{{ context_macro_stack.call_stack | join(",") }}{% endmacro %}',
};

let db: DuckDbSession;
let render: DuckDbSession['render'];

beforeAll(async () => {
  db = await openDuckDbSession(files);
  ({ render } = db);
});

afterAll(async () => {
  await db?.close();
});

describe('context members', () => {
  it('env is the target, column is api.Column', () => {
    expect(render('{{ env.name }}|{{ env.schema }}|{{ env.type }}')).toBe(render('{{ target.name }}|{{ target.schema }}|{{ target.type }}'));
    expect(render("{{ column is defined }}|{{ column('amount', 'integer').name }}|{{ column is sameas api.Column }}")).toBe('True|amount|True');
  });

  it('validation.any passes a value in the list and raises dbt\'s message for one that is not', () => {
    expect(render("{{ validation.any('append', 'merge')('merge') }}")).toBe('None');
    expect(() => render("{% do validation.any('append', 'merge')('upsert') %}")).toThrow('Expected value "upsert" to be one of append,merge');
  });

  it('metric() names the metric at parse time and gives the declared metric when executing; an unknown one is an error', () => {
    expect(render("{{ metric('revenue') }}", 'parse')).toBe('revenue');
    expect(render("{{ metric('revenue') }}|{{ metric('revenue').label }}|{{ metric('shop', 'revenue').type }}")).toBe('revenue|Revenue|simple');
    expect(() => render("{{ metric('profit') }}")).toThrow(/metric\('profit'\) names no metric/);
  });

  it("function() and adapter_macro() raise, the latter with dbt's deprecation text", () => {
    expect(render('{{ function is defined }}|{{ adapter_macro is defined }}')).toBe('True|True');
    expect(() => render("{{ function('add_one') }}")).toThrow(/function\('add_one'\) refers to a user-defined function, and kiln has no function nodes/);
    expect(() => render("{{ adapter_macro('dbt_utils.concat', 'a') }}")).toThrow('The "adapter_macro" macro has been deprecated. Instead, use the `adapter.dispatch` method');
  });

  it('defer_relation is none for a node (kiln does not defer); source_node is undefined outside source freshness', () => {
    expect(render('{{ defer_relation is defined }}|{{ defer_relation is none }}|{{ source_node is defined }}')).toBe('True|True|False');
  });

  it('context_macro_stack lists the macros being called, outermost first', () => {
    expect(render('{{ context_macro_stack.depth }}|{{ outer_macro() }}')).toBe('0|2:macro.shop.outer_macro,macro.shop.inner_macro');
  });

  it('_sql_results holds what statement() stored, by name', () => {
    expect(render("{% call statement('probe', fetch_result=True) %}select 42 as answer{% endcall %}{{ _sql_results['probe'].data[0][0] }}|{{ 'probe' in _sql_results }}")).toBe('42|True');
  });
});

describe('debug', () => {
  it('is defined only when DBT_MACRO_DEBUGGING is set, and renders nothing', async () => {
    expect(render('{{ debug is defined }}')).toBe('False');
    process.env['DBT_MACRO_DEBUGGING'] = '1';
    const debugging = await openDuckDbSession(files);
    delete process.env['DBT_MACRO_DEBUGGING'];
    try {
      expect(debugging.render('{{ debug is defined }}[{{ debug() }}]')).toBe('True[]');
    } finally {
      await debugging.close();
    }
  });
});

describe('a macro of the same name', () => {
  it("replaces the context member, as dbt's macros do", async () => {
    const own = await openDuckDbSession({ ...files, 'macros/own.sql': "{% macro env() %}own env{% endmacro %}{% macro metric(name) %}own {{ name }}{% endmacro %}" });
    try {
      expect(own.render("{{ env() }}|{{ metric('profit') }}|{{ column is defined }}")).toBe('own env|own profit|True');
    } finally {
      await own.close();
    }
  });
});

describe('adapter members', () => {
  it('run_sql_for_tests returns one row or all rows as tuples, or nothing', async () => {
    await db.run('create or replace table main.pairs as select * from (values (1, 2), (3, 4)) t(a, b)');
    expect(render("{{ adapter.run_sql_for_tests('select a, b from main.pairs order by a', 'one', none) }}")).toBe('(1, 2)');
    expect(render("{{ adapter.run_sql_for_tests('select a, b from main.pairs order by a', 'all', none) }}")).toBe('[(1, 2), (3, 4)]');
    expect(render("{{ adapter.run_sql_for_tests('insert into main.pairs values (5, 6)', none, none) }}")).toBe('None');
    expect(await db.query('select count(*)::integer as n from main.pairs')).toEqual([{ n: 3 }]);
  });

  it('build_catalog_relation is none without a catalog config; naming a catalog (or get_catalog_integration) is an error', () => {
    expect(render('{{ adapter.build_catalog_relation(model) }}')).toBe('None');
    expect(() => render("{{ adapter.build_catalog_relation({'config': {'catalog_name': 'lake'}}) }}")).toThrow("catalog not found: 'lake'");
    expect(() => render("{{ adapter.get_catalog_integration('lake') }}")).toThrow("catalog not found: 'lake'");
  });

  it('get_partitions_metadata is an empty table at parse time and not implemented when executing, as on dbt\'s non-BigQuery adapters', () => {
    expect(render("{{ adapter.get_partitions_metadata('t') | length }}", 'parse')).toBe('0');
    expect(() => render("{{ adapter.get_partitions_metadata('t') }}")).toThrow('`get_partitions_metadata` is not implemented for this adapter!');
  });
});

describe('relation type names', () => {
  it('read off a relation and api.Relation, and information_schema_only is the information schema', () => {
    expect(render('{{ this.Table }} {{ this.View }} {{ this.MaterializedView }} {{ this.CTE }} {{ this.External }} {{ this.PointerTable }} {{ this.Function }}')).toBe('table view materialized_view cte external pointer_table function');
    expect(render('{{ api.Relation.MaterializedView }}|{{ this.incorporate(type=api.Relation.MaterializedView).is_materialized_view }}|{{ api.Relation.get_relation_type("pointer_table") }}')).toBe('materialized_view|True|pointer_table');
    expect(render("{{ api.Relation.create(schema='main', identifier='pt', type='pointer_table').is_pointer }}")).toBe('True');
    expect(render('{{ this.information_schema_only() }}')).toBe(render('{{ this.information_schema() }}'));
  });
});
