/**
 * dbt's global-project macros from adapters/ and etc/ (columns, schemas, relations, catalog,
 * grants, indexes, comments, show, timestamps, validate_sql), rendered through kiln as
 * `dbt.x` and bare `x`, with the SQL they return run on DuckDB and the result read back from
 * DuckDB's own catalog.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineNode } from '../../../src/cli/commands/compile.js';
import { openSession, type Session } from '../../../src/compile/session.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { projectWith } from '../../e2e/cli.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: shop\nversion: "1"\n',
  'models/orders.sql': 'select 1 as id',
  'models/contracted.sql': "select 1 as id, 'x' as label",
  'models/schema.yml': `version: 2
models:
  - name: contracted
    columns:
      - name: id
        data_type: integer
        constraints: [{type: not_null}, {type: check, expression: 'id > 0'}]
      - name: label
        data_type: varchar
    constraints:
      - type: primary_key
        columns: [id]
`,
  // A project's own versions win over kiln's, as in dbt: one per dispatch level.
  'macros/overrides.sql': `{% macro default__support_multiple_grantees_per_dcl_statement() %}{{ return(False) }}{% endmacro %}
{% macro duckdb__information_schema_name(database) %}system.information_schema{% endmacro %}`,
};

let db: DuckDbSession;
let session: Session;
let adapter: Adapter;
let render: DuckDbSession['render'];
let query: DuckDbSession['query'];
// Read when the session starts (dbt_metadata_envs).
process.env['DBT_ENV_CUSTOM_ENV_KILN_PROBE'] = 'seen';

const people = "api.Relation.create(database=target.database, schema='main', identifier='people', type='table')";

beforeAll(async () => {
  db = await openDuckDbSession(files);
  ({ session, adapter, render, query } = db);
  await db.run(["create or replace table main.people as select 1::integer as id, 'ada'::varchar as name, 2.5::decimal(10,2) as score", 'create or replace view main.people_v as select id from main.people']);
});

afterAll(async () => {
  await db?.close();
});

describe('columns', () => {
  it('get_columns_in_relation, as dbt.x and bare, gives the columns DuckDB describes', async () => {
    const described = await query('select column_name, column_type from (describe main.people)');
    const expected = described.map((r) => `${r['column_name']}:${r['column_type']}`).join(' ');
    for (const name of ['dbt.get_columns_in_relation', 'get_columns_in_relation', 'dbt.get_columns_for_unit_tests']) {
      expect(render(`{% for c in ${name}(${people}) %}{{ c.name }}:{{ c.dtype }} {% endfor %}`)).toBe(expected);
    }
    expect(render(`{{ get_list_of_column_names(dbt.get_columns_in_relation(${people})) }}`)).toBe(`[${described.map((r) => `'${r['column_name']}'`).join(', ')}]`);
  });
  it('sql_convert_columns_in_relation makes api.Column objects from (name, type, size, precision, scale) rows', () => {
    const sql = `{% set t = run_query("select column_name, column_type, null, null, null from (describe main.people)") %}{% for c in dbt.sql_convert_columns_in_relation(t) %}{{ c.column }}/{{ c.dtype }}/{{ c.is_string() }} {% endfor %}`;
    expect(render(sql)).toBe('id/INTEGER/False name/VARCHAR/True score/DECIMAL(10,2)/False');
  });
  it('get_column_schema_from_query reads the types of a query without running it over the data', async () => {
    const [typed] = await query("select typeof(1::bigint) as a, typeof(current_date) as b, typeof('x') as c");
    expect(render("{% for c in dbt.get_column_schema_from_query('select 1::bigint as a, current_date as b, \\'x\\' as c from main.people') %}{{ c.name }}={{ c.dtype }} {% endfor %}")).toBe(
      `a=${typed!['a']} b=${typed!['b']} c=${typed!['c']}`,
    );
    expect(render("{{ get_column_schema_from_query('select 1 as a') | length }}", 'parse')).toBe('0');
  });
  it('snapshot_get_time is a naive timestamp on DuckDB, and get_snapshot_get_time_data_type says so', async () => {
    const sql = render('select {{ dbt.snapshot_get_time() }} as t');
    const [row] = await query(`select typeof(t) as type from (${sql})`);
    expect(row!['type']).toBe('TIMESTAMP');
    expect(render('{{ get_snapshot_get_time_data_type() }}')).toBe(row!['type']);
  });
});

describe('api.Column, as dbt-adapters and dbt-duckdb define it', () => {
  it('type tests match exact type names; data_type adds string size and numeric precision and scale', () => {
    const c = (dtype: string, extra = '') => `api.Column('c', '${dtype}'${extra})`;
    expect(render(`{{ ${c('VARCHAR')}.is_string() }} {{ ${c('STRUCT(a VARCHAR)')}.is_string() }} {{ ${c('char_thing')}.is_string() }} {{ ${c('STRUCT(a INTEGER)')}.is_integer() }} {{ ${c('HUGEINT')}.is_integer() }} {{ ${c('DOUBLE')}.is_float() }} {{ ${c('numeric')}.is_numeric() }} {{ ${c('DECIMAL(10,2)')}.is_numeric() }}`)).toBe(
      'True False False False True True True False',
    );
    expect(render(`{{ ${c('numeric', ', numeric_precision=10, numeric_scale=2')}.data_type }}|{{ ${c('varchar', ', char_size=5')}.data_type }}|{{ ${c('text')}.data_type }}|{{ ${c('DATE')}.data_type }}`)).toBe(
      'numeric(10,2)|character varying(5)|character varying(256)|DATE',
    );
    expect(render(`{{ ${c('varchar', ', char_size=5')}.can_expand_to(${c('varchar', ', char_size=9')}) }} {{ ${c('varchar', ', char_size=9')}.can_expand_to(other_column=${c('varchar', ', char_size=5')}) }} {{ ${c('int')}.can_expand_to(${c('varchar')}) }}`)).toBe('True False False');
    expect(render("{% set c = api.Column.from_description('a', 'numeric(12,3)') %}{{ c.dtype }} {{ c.numeric_precision }} {{ c.numeric_scale }} {{ api.Column.from_description('b', 'varchar(7)').char_size }} {{ api.Column.string_type(3) }} {{ api.Column.numeric_type('decimal', none, 2) }}")).toBe(
      'numeric 12 3 7 character varying(3) decimal',
    );
    expect(() => render(`{{ ${c('int')}.string_size() }}`)).toThrowError('Called string_size() on non-string field!');
  });
  it('literal casts a value to the column type, and DuckDB accepts it', async () => {
    const [row] = await query(`select typeof(${render("{{ api.Column('a', 'numeric', numeric_precision=6, numeric_scale=1).literal(12.5) }}")}) as t`);
    expect(row!['t']).toBe('DECIMAL(6,1)');
  });
  it("flatten splits a DuckDB struct column, as DuckDB describes it, into its fields", async () => {
    await adapter.connection.execute(['create schema if not exists other', "create or replace table other.nested as select {'a': 1, 'b': {'c': 'x', 'd': 2.5::decimal(4,1)}} as s"], { fetch: false });
    const [described] = await query('select column_type from (describe other.nested)');
    expect(String(described!['column_type'])).toMatch(/^STRUCT/);
    expect(render("{% for c in (adapter.get_columns_in_relation(api.Relation.create(schema='other', identifier='nested')) | first).flatten() %}{{ c.name }}:{{ c.dtype }} {% endfor %}")).toBe(
      's.a:INTEGER s.b.c:VARCHAR s.b.d:DECIMAL(4,1)',
    );
    // The flattened names are the paths DuckDB reads the fields by.
    const [values] = await query('select s.a as a, s.b.c as c, s.b.d as d from other.nested');
    expect(values).toEqual({ a: 1, c: 'x', d: 2.5 });
  });
});

describe('schemas, relations and the catalog', () => {
  it('create_schema and drop_schema run dbt statements on the schema relation', async () => {
    const rel = "api.Relation.create(database=target.database, schema='s_built', identifier='ignored')";
    render(`{% do dbt.create_schema(${rel}) %}`);
    expect(await query("select schema_name from duckdb_schemas() where schema_name = 's_built'")).toHaveLength(1);
    render(`{% do drop_schema(${rel}) %}`);
    expect(await query("select schema_name from duckdb_schemas() where schema_name = 's_built'")).toHaveLength(0);
  });
  it('list_schemas and check_schema_exists read DuckDB system catalog', async () => {
    const schemas = (await query("select schema_name from system.information_schema.schemata where catalog_name = current_database() order by 1")).map((r) => r['schema_name']);
    expect(render("{{ dbt.list_schemas(target.database).columns[0].values() | sort }}")).toBe(`[${schemas.map((s) => `'${s}'`).join(', ')}]`);
    expect(render(`{{ check_schema_exists(${people}.information_schema(), 'main')[0][0] }} {{ dbt.check_schema_exists(${people}.information_schema(), 'nope')[0][0] }}`)).toBe('1 0');
  });
  it('list_relations_without_caching lists (database, name, schema, type) rows', async () => {
    const [db] = await query('select current_database() as d');
    const rendered = render(`{% for r in dbt.list_relations_without_caching(${people}.without_identifier()) | sort(attribute='name') %}{{ r | list }};{% endfor %}`);
    expect(rendered).toBe(`['${db!['d']}', 'people', 'main', 'table'];['${db!['d']}', 'people_v', 'main', 'view'];`);
  });
  it('information_schema_name is dbt default, and a project duckdb__ version overrides it', () => {
    expect(render("{{ dbt.default__information_schema_name('kiln') }}|{{ dbt.default__information_schema_name(none) }}")).toBe('kiln.INFORMATION_SCHEMA|INFORMATION_SCHEMA');
    expect(render("{{ information_schema_name('kiln') }}")).toBe('system.information_schema');
  });
  it('get_catalog and get_catalog_relations return the columns of duckdb_columns(), comments included', async () => {
    await adapter.connection.execute(["comment on table main.people is 'people table'", "comment on column main.people.name is 'their name'"], { fetch: false });
    const expected = (await query("select table_name, column_name, column_type, comment from (select table_name, column_name, data_type as column_type, comment, column_index from duckdb_columns() where schema_name = 'main' and table_name = 'people') order by column_index"));
    const rows = render(`{% set t = dbt.get_catalog_relations(${people}.information_schema(), [${people}]) %}{% for r in t %}{{ r['table_name'] }},{{ r['column_name'] }},{{ r['column_type'] }},{{ r['column_comment'] }},{{ r['table_comment'] }};{% endfor %}`);
    expect(rows).toBe(expected.map((r) => `${r['table_name']},${r['column_name']},${r['column_type']},${r['comment'] ?? 'None'},people table;`).join(''));
    expect(render(`{{ get_catalog(${people}.information_schema(), ['main']).rows | length }} {{ get_catalog(${people}.information_schema(), []).rows | length }}`)).toBe(`${expected.length + 1} 0`);
  });
  it('the macros dbt leaves unimplemented raise dbt messages', () => {
    for (const [call, message] of [
      ['get_relations()', 'get_relations macro not implemented for adapter duckdb'],
      [`get_catalog_for_single_relation(${people})`, 'get_catalog_for_single_relation macro not implemented for adapter duckdb'],
      [`get_relation_last_modified(none, [])`, 'get_relation_last_modified macro not implemented for adapter duckdb'],
      [`get_drop_index_sql(${people}, 'i')`, 'get_drop_index_sql has not been implemented for this adapter.'],
    ]) {
      expect(() => render(`{{ dbt.${call} }}`)).toThrowError(message);
    }
  });
});

describe('grants', () => {
  it('copy_grants, should_revoke and the DCL templates follow dbt', () => {
    expect(render(`{{ copy_grants() }} {{ should_revoke(none) }} {{ should_revoke(${people}) }} {{ should_revoke(${people}, full_refresh_mode=False) }}`)).toBe('True False True True');
    expect(render(`{{ dbt.get_grant_sql(${people}, 'select', ['a', 'b']) }}|{{ get_revoke_sql(${people}, 'select', ['a', 'b']) }}|{{ get_show_grant_sql(${people}) | trim }}`)).toBe(
      'grant select on "main"."people" to a, b|revoke select on "main"."people" from "a", "b"|show grants on "main"."people"',
    );
  });
  it("get_dcl_statement_list asks support_multiple_grantees_per_dcl_statement (here the project's, False): one statement per grantee", () => {
    expect(render(`{{ get_dcl_statement_list(${people}, {'select': ['a', 'b'], 'insert': []}, get_grant_sql) }}`)).toBe(
      `['grant select on "main"."people" to a', 'grant select on "main"."people" to b']`,
    );
    expect(render('{{ dbt.default__support_multiple_grantees_per_dcl_statement() }}')).toBe('True');
  });
  it('apply_grants is a no-op on DuckDB, as in dbt-duckdb, where the default would ask DuckDB for grants it has not', () => {
    expect(render(`[{{ apply_grants(${people}, {'select': ['someone']}, should_revoke=True) }}]`)).toBe('[]');
    expect(() => render(`{{ dbt.default__apply_grants(${people}, {'select': ['someone']}, should_revoke=True) }}`)).toThrowError(/grants/i);
    expect(render(`[{{ dbt.default__apply_grants(${people}, {}, should_revoke=True) }}]`)).toBe('[]');
  });
});

describe('indexes and comments', () => {
  it('get_create_index_sql creates the index it describes; drop_indexes_on_relation drops it', async () => {
    const sql = render(`{{ dbt.get_create_index_sql(${people}, {'columns': ['id', 'name'], 'unique': True}) }}`);
    await adapter.connection.execute(sql, { fetch: false });
    const [index] = await query("select index_name, is_unique, expressions from duckdb_indexes() where table_name = 'people'");
    expect(index!['is_unique']).toBe(true);
    expect(String(index!['expressions'])).toMatch(/id.*name/);
    expect(sql).toContain(`"${index!['index_name']}"`);
    render(`{% do drop_indexes_on_relation(${people}) %}`);
    expect(await query("select index_name from duckdb_indexes() where table_name = 'people'")).toEqual([]);
    expect(render(`{{ dbt.default__get_create_index_sql(${people}, {'columns': ['id']}) }}`)).toBe('None');
  });
  it('alter_relation_comment and alter_column_comment return SQL that sets any text as the comment', async () => {
    const text = "it's $1 \\\\ and \"quoted\"";
    const relationSql = render(`{{ dbt.alter_relation_comment(${people}, '${text.replace(/'/g, "\\'")}') }}`);
    const columnSql = render(`{{ alter_column_comment(${people}, {'id': {'name': 'id', 'description': 'the key'}, 'gone': {'name': 'gone', 'description': 'x'}}) }}`);
    expect(columnSql).not.toContain('gone');
    await adapter.connection.execute([relationSql, columnSql], { fetch: false });
    const [table] = await query("select comment from duckdb_tables() where table_name = 'people'");
    const [column] = await query("select comment from duckdb_columns() where table_name = 'people' and column_name = 'id'");
    expect(table!['comment']).toBe("it's $1 \\ and \"quoted\"");
    expect(column!['comment']).toBe('the key');
    expect(() => render(`{{ alter_relation_comment(${people}, 'a $dbt_comment_literal_block$ b') }}`)).toThrowError(/is not allowed in comments/);
  });
  it('validate_doc_columns keeps the documented columns the relation has', () => {
    expect(render("{{ validate_doc_columns(none, {'ID': {'name': 'ID'}, 'Q': {'name': 'Q', 'quote': True}, 'x': {}}, ['id', 'q']).keys() | list }}".replace('none', people))).toBe("['ID']");
  });
});

describe('show, validate_sql and the rest', () => {
  it('get_show_sql and get_limit_subquery_sql limit the rows the query returns', async () => {
    const shown = render("{{ dbt.get_show_sql('select * from range(10)', none, 3) }}");
    expect(await query(shown)).toHaveLength(3);
    expect(await query(render("{{ get_limit_subquery_sql('select * from range(10)', none) }}"))).toHaveLength(10);
    const withHeader = render("{{ get_show_sql('select * from range(10)', 'set threads = 2;', 4) }}");
    expect(withHeader.startsWith('set threads = 2;')).toBe(true);
  });
  it('validate_sql explains valid SQL and raises the warehouse error on invalid SQL', () => {
    expect(render("{{ dbt.validate_sql('select * from main.people').response['_message'] }}")).toBe('EXPLAIN');
    expect(() => render("{{ validate_sql('select * from main.no_such_table') }}")).toThrowError(/no_such_table/);
  });
  it('set_sql_header sets the sql_header config from its call block', () => {
    expect(render("{% call dbt.set_sql_header(config) %}set threads = 1;{% endcall %}{{ config.get('sql_header') }}")).toBe('set threads = 1;');
  });
  it('make_temp_relation(this) works at parse time, as in dbt', () => {
    const orders = session.manifest.nodes['model.shop.orders']!;
    const parsed = session.parse.runtime.render('{{ make_temp_relation(this) }}', { mode: 'parse', file: 'models/orders.sql', node: orders }).sql;
    expect(parsed).toBe('"main"."orders__dbt_tmp"');
  });
  it("not_null selects every column when failures are stored, as dbt's default does", async () => {
    await adapter.connection.execute("create or replace table main.nn as select null::int as id, 'x' as other", { fetch: false });
    const orders = session.manifest.nodes['model.shop.orders']!;
    const code = "{{ dbt.default__test_not_null(api.Relation.create(schema='main', identifier='nn'), 'id') }}";
    const stored = session.compiler.compile({ ...orders, config: { ...orders.config, store_failures: true } }, { mode: 'execute', code }).sql;
    const plain = session.compiler.compile({ ...orders, config: { ...orders.config, store_failures: false } }, { mode: 'execute', code }).sql;
    expect(Object.keys((await query(stored))[0]!)).toEqual(['id', 'other']);
    expect(Object.keys((await query(plain))[0]!)).toEqual(['id']);
  });
  it('generate_schema_name() has dbt defaults', () => {
    expect(render("{{ generate_schema_name() }} {{ dbt.generate_schema_name('x') }}")).toBe(`${session.project.profile.target.schema} ${session.project.profile.target.schema}_x`);
  });
  it('noop_statement is in the dbt namespace and stores its result', () => {
    expect(render("{% do dbt.noop_statement('n', 'done', 'OK', 7) %}{{ load_result('n').response['rows_affected'] }}")).toBe('7');
  });
});

describe('run_query results as agate tables', () => {
  const table = "run_query('select * from (values (3, \\'c\\'), (1, \\'a\\'), (2, null), (1, \\'a\\')) v(n, s)')";
  it('rows are mappings by column name: keys(), values(), items(), get()', () => {
    expect(render(`{% set r = ${table}.rows[0] %}{{ r.keys() }} {{ r.values() }} {{ r.items() | list }} {{ r.get('s') }} {{ r.get('nope', 'd') }}`)).toBe("['n', 's'] [3, 'c'] [('n', 3), ('s', 'c')] c d");
  });
  it('select, exclude, order_by, limit, distinct and rename give new tables, as agate does', async () => {
    const sorted = (await query("select n, s from (values (3, 'c'), (1, 'a'), (2, null), (1, 'a')) v(n, s) order by n, s")).map((r) => r['n']);
    expect(render(`{{ ${table}.order_by('n').columns['n'].values() }}`)).toBe(`[${sorted.join(', ')}]`);
    expect(render(`{{ ${table}.order_by(['n'], reverse=True).limit(2).columns['n'].values() }} {{ ${table}.limit(1, 3).columns['s'].values() }}`)).toBe("[3, 2] ['a', None]");
    expect(render(`{{ ${table}.select(['s']).column_names }} {{ ${table}.exclude('s').column_names }} {{ ${table}.rename(['x', 'y']).column_names }} {{ ${table}.distinct().rows | length }} {{ ${table}.distinct('n').rows | length }}`)).toBe(
      "['s'] ['n'] ['x', 'y'] 3 3",
    );
  });
});

describe('context members and behaviour flags', () => {
  it('flags has dbt defaults; invocation_args_dict, thread_id, builtins and graph.functions exist', () => {
    expect(render('{{ flags.WARN_ERROR }} {{ flags.FAIL_FAST }} {{ flags.FULL_REFRESH }} {{ invocation_args_dict.full_refresh }} {{ thread_id }} {{ graph.functions }}')).toBe('False False False False MainThread {}');
    expect(render("{{ builtins.ref('orders') }} {{ builtins.source is defined }} {{ builtins.config.get('materialized') }}")).toBe(`"main"."orders" True ${render("{{ config.get('materialized') }}")}`);
  });
  it("equals follows the enable_truthy_nulls_equals_macro behaviour flag (off by default, as in dbt)", async () => {
    const nulls = async (sql: string) => (await query(`select count(*)::int as n from (values (null::int, null::int), (1, 1), (1, 2)) v(a, b) where ${sql}`))[0]!['n'];
    expect(render("{{ adapter.behavior.enable_truthy_nulls_equals_macro.no_warn }}")).toBe('False');
    expect(await nulls(render("{{ equals('a', 'b') }}"))).toBe(1);
    const flagged = await openSession({ projectDir: projectWith({ 'project.yml': 'name: flagged\nversion: "1"\nflags:\n  enable_truthy_nulls_equals_macro: true\n' }), partialParse: false });
    const sql = flagged.compiler.compile(inlineNode(flagged, "{{ equals('a', 'b') }}"), { mode: 'execute' }).sql.trim();
    expect(await nulls(sql)).toBe(2);
  });
  it('Relation.quoted, is_pointer, is_function, can_be_renamed, render_limited', () => {
    expect(render(`{{ ${people}.quoted('a b') }} {{ ${people}.is_pointer }} {{ ${people}.is_function }} {{ ${people}.can_be_renamed }} {{ ${people}.can_be_replaced }} {{ ${people}.render_limited() }}`)).toBe(
      '"a b" False False False False "main"."people"',
    );
  });
});

describe('incremental and view SQL as dbt-duckdb renders it', () => {
  it("get_incremental_default_sql is delete+insert on DuckDB: a source row replaces the target's row with its key", async () => {
    await adapter.connection.execute(["create or replace table main.inc_target as select * from (values (1, 'old'), (2, 'keep')) v(id, v)", "create or replace table main.inc_source as select * from (values (1, 'new'), (3, 'add')) v(id, v)"], { fetch: false });
    const rel = (name: string) => `api.Relation.create(database=target.database, schema='main', identifier='${name}', type='table')`;
    const sql = render(`{{ get_incremental_default_sql({'target_relation': ${rel('inc_target')}, 'temp_relation': ${rel('inc_source')}, 'unique_key': 'id', 'dest_columns': adapter.get_columns_in_relation(${rel('inc_target')}), 'incremental_predicates': none}) }}`);
    await adapter.connection.execute(sql.split(/;\s*\n/).filter((s) => s.trim()), { fetch: false });
    expect(await query('select id, v from main.inc_target order by id')).toEqual([{ id: 1, v: 'new' }, { id: 2, v: 'keep' }, { id: 3, v: 'add' }]);
  });
  it('create_view_as puts the sql_header first, and DuckDB runs both', async () => {
    const sql = render(`{% do config.set('sql_header', 'set threads = 2;') %}{{ create_view_as(api.Relation.create(database=target.database, schema='main', identifier='headed_v'), 'select 42 as answer') }}`);
    expect(sql.startsWith('set threads = 2;')).toBe(true);
    await adapter.connection.execute(sql.split(/;\s*\n/), { fetch: false });
    expect(await query('select answer from main.headed_v')).toEqual([{ answer: 42 }]);
  });
});

describe('relations/: create, replace, drop and the contract DDL', () => {
  const rel = (name: string, type: string) => `api.Relation.create(database=target.database, schema='main', identifier='${name}', type='${type}')`;
  const typeOf = async (name: string) => (await query(`select table_type from information_schema.tables where table_schema = 'main' and table_name = '${name}'`))[0]?.['table_type'] ?? null;
  const run = async (sql: string) => adapter.connection.execute(sql.split(/;\s*\n/).filter((s) => s.trim()), { fetch: false });
  it('get_create_sql builds a view or a table by the relation type; drop_view and drop_table drop them', async () => {
    await run(render(`{{ dbt.get_create_sql(${rel('ddl_v', 'view')}, 'select 1 as a') }}`));
    await run(render(`{{ get_create_sql(${rel('ddl_t', 'table')}, 'select 1 as a') }}`));
    expect([await typeOf('ddl_v'), await typeOf('ddl_t')]).toEqual(['VIEW', 'BASE TABLE']);
    await run(render(`{{ drop_view(${rel('ddl_v', 'view')}) }}`));
    await run(render(`{{ dbt.drop_table(${rel('ddl_t', 'table')}) }}`));
    expect([await typeOf('ddl_v'), await typeOf('ddl_t')]).toEqual([null, null]);
  });
  it('get_replace_sql replaces a view by a table on DuckDB (drop, then create: DuckDB relations are not renamed in place)', async () => {
    await adapter.connection.execute('create or replace view main.ddl_r as select 1 as a', { fetch: false });
    await run(render(`{{ get_replace_sql(${rel('ddl_r', 'view')}, ${rel('ddl_r', 'table')}, 'select 2 as b') }}`));
    expect(await typeOf('ddl_r')).toBe('BASE TABLE');
    expect(await query('select b from main.ddl_r')).toEqual([{ b: 2 }]);
  });
  it('get_create_intermediate_sql builds the __dbt_tmp relation beside the target', async () => {
    await run(render(`{{ get_create_intermediate_sql(${rel('ddl_i', 'table')}, 'select 3 as c') }}`));
    expect(await query('select c from main.ddl_i__dbt_tmp')).toEqual([{ c: 3 }]);
  });
  it('the rename and replace macros dbt-duckdb leaves unimplemented raise dbt messages', () => {
    expect(() => render(`{{ get_rename_sql(${rel('x', 'table')}, 'y') }}`)).toThrowError('`get_rename_table_sql` has not been implemented for this adapter.');
    // DuckDB refuses in its own words; the portable default keeps dbt's.
    expect(() => render(`{{ get_create_materialized_view_as_sql(${rel('x', 'materialized_view')}, 'select 1') }}`)).toThrowError('DuckDB has no materialized views, so "main"."x" cannot be materialized as one');
    expect(() => render(`{{ dbt.default__get_create_materialized_view_as_sql(${rel('x', 'materialized_view')}, 'select 1') }}`)).toThrowError('`get_create_materialized_view_as_sql` has not been implemented for this adapter.');
  });
  it("get_table_columns_and_constraints renders the model's contract as DDL that DuckDB enforces", async () => {
    const node = session.manifest.nodes['model.shop.contracted']!;
    const ddl = session.compiler.compile(node, { mode: 'execute', code: '{{ get_table_columns_and_constraints() }}' }).sql.trim();
    await adapter.connection.execute(`create or replace table main.contracted_t ${ddl}`, { fetch: false });
    await adapter.connection.execute("insert into main.contracted_t values (1, 'a')", { fetch: false });
    await expect(adapter.connection.execute("insert into main.contracted_t values (0, 'b')", { fetch: false })).rejects.toThrow(/CHECK/i);
    await expect(adapter.connection.execute("insert into main.contracted_t values (1, 'c')", { fetch: false })).rejects.toThrow(/PRIMARY KEY|duplicate/i);
    expect(session.compiler.compile(node, { mode: 'execute', code: "{{ get_select_subquery('select 1 as id, 2 as label') | replace('\\n', ' ') }}" }).sql).toMatch(/select\s+id,\s*label\s+from/);
  });
  it('assert_columns_equivalent passes the model SQL that matches its contract and raises the contract error otherwise', () => {
    const node = session.manifest.nodes['model.shop.contracted']!;
    expect(session.compiler.compile(node, { mode: 'execute', code: "[{{ get_assert_columns_equivalent(\"select 1::integer as id, 'x'::varchar as label\") }}]" }).sql.trim()).toBe('[]');
    expect(() => session.compiler.compile(node, { mode: 'execute', code: "{{ assert_columns_equivalent('select 1.5::double as id, 2 as label') }}" })).toThrowError(/contract/i);
  });
});

describe('materializations/ helpers: schema changes, snapshots, unit-test and seed SQL', () => {
  const rel = (name: string) => `api.Relation.create(database=target.database, schema='main', identifier='${name}', type='table')`;
  const columnsOf = async (name: string) => (await query(`select column_name, data_type from information_schema.columns where table_name = '${name}' order by ordinal_position`)).map((r) => `${r['column_name']}:${r['data_type']}`);
  it('process_schema_changes appends new columns, syncs all columns, or fails, as on_schema_change says', async () => {
    const reset = () => adapter.connection.execute(["create or replace table main.osc_target as select 1 as id, 'x' as gone", "create or replace table main.osc_source as select 1 as id, 2.5::double as added"], { fetch: false });
    await reset();
    render(`{% do process_schema_changes('append_new_columns', ${rel('osc_source')}, ${rel('osc_target')}) %}`);
    expect(await columnsOf('osc_target')).toEqual(['id:INTEGER', 'gone:VARCHAR', 'added:DOUBLE']);
    await reset();
    expect(render(`{{ process_schema_changes('sync_all_columns', ${rel('osc_source')}, ${rel('osc_target')}) | length > 0 }}`)).toBe('True');
    expect(await columnsOf('osc_target')).toEqual(['id:INTEGER', 'added:DOUBLE']);
    await reset();
    expect(() => render(`{{ process_schema_changes('fail', ${rel('osc_source')}, ${rel('osc_target')}) }}`)).toThrowError(/source and target schemas on this incremental model are out of sync/);
    expect(render(`{{ check_for_schema_changes(${rel('osc_source')}, ${rel('osc_target')})['schema_changed'] }} {{ incremental_validate_on_schema_change('nonsense') }} {{ incremental_validate_on_schema_change(none, default='fail') }}`)).toBe('True ignore fail');
  });
  it('snapshot_hash_arguments is the md5 DuckDB computes; unique_key_join_on joins on each key', async () => {
    const hash = render("select {{ snapshot_hash_arguments(['a', 'b']) }} as h from (select 1 as a, null as b)");
    const [row] = await query(hash);
    const [expected] = await query("select md5('1|') as h");
    expect(row!['h']).toBe(expected!['h']);
    const join = render("select count(*)::int as n from (select 1 as dbt_unique_key_1, 2 as dbt_unique_key_2) l join (select 1 as dbt_unique_key_1, 2 as dbt_unique_key_2 union all select 1, 3) r on {{ unique_key_join_on(['a', 'b'], 'l', 'r') }}");
    expect(await query(join)).toEqual([{ n: 1 }]);
    expect(await query(render("select {{ unique_key_fields(['a', 'b']) }} from (select 1 as a, 2 as b)"))).toEqual([{ dbt_unique_key_1: 1, dbt_unique_key_2: 2 }]);
    const [time] = await query(render("select {{ snapshot_string_as_time('2024-01-02 03:04:05') }} as t, typeof(t) as type, t::varchar as text"));
    expect([time!['type'], time!['text']]).toEqual(['TIMESTAMP', '2024-01-02 03:04:05']);
    expect(render("{{ get_snapshot_table_column_names()['dbt_scd_id'] }}")).toBe('dbt_scd_id');
  });
  it('snapshot_timestamp_strategy and build_snapshot_table give the first snapshot of a query, scd columns included', async () => {
    const sql = render(`{% do config.set('unique_key', 'id') %}{% do config.set('updated_at', 'updated_at') %}{% set strategy = snapshot_timestamp_strategy(model, none, none, config, false) %}{{ build_snapshot_table(strategy, "select 1 as id, timestamp '2024-05-01 10:00:00' as updated_at") }}`);
    const [row] = await query(`select dbt_scd_id, dbt_updated_at::varchar as u, dbt_valid_from::varchar as f, dbt_valid_to from (${sql})`);
    const [hash] = await query("select md5('1|2024-05-01 10:00:00') as h");
    expect(row).toEqual({ dbt_scd_id: hash!['h'], u: '2024-05-01 10:00:00', f: '2024-05-01 10:00:00', dbt_valid_to: null });
  });
  it('snapshot_merge_sql closes changed rows and inserts new ones (dbt-duckdb)', async () => {
    await adapter.connection.execute([
      "create or replace table main.snap as select 1 as id, 'old' as v, 's1' as dbt_scd_id, null::timestamp as dbt_valid_to",
      "create or replace table main.snap_stage as select * from (values (1, 'old', 's1', timestamp '2024-01-01', 'update'), (1, 'new', 's2', null, 'insert')) t(id, v, dbt_scd_id, dbt_valid_to, dbt_change_type)",
    ], { fetch: false });
    const sql = render(`{{ snapshot_merge_sql(${rel('snap')}, ${rel('snap_stage')}, ['id', 'v', 'dbt_scd_id', 'dbt_valid_to']) }}`);
    await adapter.connection.execute(sql.split(/;\s*\n/).filter((s) => s.trim()), { fetch: false });
    expect(await query("select v, dbt_valid_to::varchar as valid_to from main.snap order by v")).toEqual([{ v: 'new', valid_to: null }, { v: 'old', valid_to: '2024-01-01 00:00:00' }]);
  });
  it('get_fixture_sql, get_expected_sql and get_unit_test_sql build a unit test DuckDB runs', async () => {
    // Without column types dbt reads them from `this` (here the orders model's table).
    await adapter.connection.execute('create or replace table main.orders (id integer, name varchar)', { fetch: false });
    const orders = session.manifest.nodes['model.shop.orders']!;
    const fixture = session.compiler.compile(orders, { mode: 'execute', code: "{{ get_fixture_sql([{'id': 1, 'name': 'a'}, {'id': 2}], none) }}" }).sql;
    expect(await query(`select * from (${fixture}) order by id`)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: null }]);
    const expected = render("{{ get_expected_sql([{'id': 1}], {'id': 'integer'}, {'id': 'id'}) }}");
    const test = render(`{{ get_unit_test_sql('select 1 as id', ${JSON.stringify(expected)}, ['id']) }}`);
    expect(await query(`${test} order by actual_or_expected`)).toEqual([{ id: 1, actual_or_expected: 'actual' }, { id: 1, actual_or_expected: 'expected' }]);
    expect(() => render("{{ format_row({'nope': 1}, {'id': 'integer'}) }}")).toThrowError("Invalid column name: 'nope' in unit test fixture");
  });
  it("strategy_dispatch finds snapshot strategies through dbt's context mapping, a project's own first", () => {
    expect(render("{{ strategy_dispatch('timestamp') is not none }} {{ strategy_dispatch('dbt.check') is not none }} {{ 'ref' in context }} {{ 'nope_x' in context }}")).toBe('True True True False');
    expect(() => render("{{ strategy_dispatch('nope') }}")).toThrowError("The specified strategy macro 'nope' was not found in package 'None'");
  });
  it('get_updated_at_column_data_type reads the dbt_updated_at type; get_csv_sql joins the two statements as dbt', () => {
    expect(render("{{ get_updated_at_column_data_type('select current_date as dbt_updated_at') }} {{ get_updated_at_column_data_type('select 1 as x') }}")).toBe('DATE None');
    expect(render("{{ get_csv_sql('create x', 'insert y') }}").replace(/\s+/g, ' ')).toBe('create x; -- dbt seed -- insert y');
  });
  it('the seed helpers: binding char, batch size and quoted column list', () => {
    expect(render("{{ get_binding_char() }} {{ get_batch_size() }} {{ dbt.default__get_batch_size() }}")).toBe('? 10000 10000');
    expect(render("{{ get_seed_column_quoted_csv(model, ['a', 'b c']) }}")).toBe('"a", "b c"');
  });
});

describe('adapter snapshot checks, sql_now and quoting', () => {
  it('valid_snapshot_target accepts a table with the scd columns and names what another lacks', async () => {
    await adapter.connection.execute(["create or replace table main.snap_ok as select 1 as id, 's' as dbt_scd_id, now()::timestamp as dbt_valid_from, null::timestamp as dbt_valid_to", "create or replace table main.snap_bad as select 1 as id, 's' as dbt_scd_id"], { fetch: false });
    const r = (name: string) => `api.Relation.create(database=target.database, schema='main', identifier='${name}')`;
    expect(render(`[{{ adapter.valid_snapshot_target(${r('snap_ok')}) }}]`)).toBe('[]');
    expect(() => render(`{{ adapter.valid_snapshot_target(${r('snap_bad')}) }}`)).toThrowError('Snapshot target is not a snapshot table (missing "dbt_valid_from", "dbt_valid_to")');
    expect(() => render(`{{ adapter.assert_valid_snapshot_target_given_strategy(${r('snap_ok')}, {}, {'hard_deletes': 'new_record'}) }}`)).toThrowError('(missing "dbt_is_deleted")');
  });
  it('sql_now is the current-timestamp SQL DuckDB evaluates', async () => {
    const [row] = await query(`select typeof(${render('{{ sql_now }}')}) as t`);
    expect(row!['t']).toBe('TIMESTAMP WITH TIME ZONE');
  });
  it("quote_as_configured follows the project's quoting: config", async () => {
    expect(render("{{ adapter.quote_as_configured('x', 'identifier') }}")).toBe('"x"');
    const unquoted = await openSession({ projectDir: projectWith({ 'project.yml': 'name: q\nversion: "1"\nquoting:\n  identifier: false\n' }), partialParse: false });
    expect(unquoted.compiler.compile(inlineNode(unquoted, "{{ adapter.quote_as_configured('x', 'identifier') }} {{ adapter.quote_as_configured('s', 'schema') }}"), { mode: 'execute' }).sql.trim()).toBe('x "s"');
  });
});

describe("dbt-duckdb's own helpers", () => {
  it('normalize_string_or_list and normalize_incremental_predicates accept a string or a list of strings', () => {
    expect(render("{{ normalize_string_or_list('a', 'f') }} {{ normalize_string_or_list(none, 'f') }} {{ normalize_incremental_predicates(['x > 1', 'y']) }}")).toBe("['a'] [] ['x > 1', 'y']");
    expect(() => render("{{ normalize_string_or_list({'a': 1}, 'partitioned_by') }}")).toThrowError('partitioned_by must be a list of strings or a string');
    expect(() => render("{{ normalize_string_or_list([1], 'sorted_by') }}")).toThrowError('sorted_by list values must be non-empty strings');
  });
  it('write_to_file copies a relation to a file DuckDB reads back; location_exists sees it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-copy-'));
    const file = join(dir, 'people.csv');
    render(`{% do write_to_file(${people}, '${file}', 'format csv, header true') %}`);
    expect(render(`{{ location_exists('${file}') }} {{ location_exists('${join(dir, 'nope.csv')}') }}`)).toBe('True False');
    expect(await query(`select id, name from read_csv('${file}')`)).toEqual([{ id: 1, name: 'ada' }]);
  });
  it('duckdb__dispatch_temporary_relation gives a temporary relation on embedded DuckDB (no MotherDuck)', () => {
    expect(render("{% set t = duckdb__dispatch_temporary_relation(api.Relation.create(schema='main', identifier='x')) %}{{ t.temporary }} {{ t.relation.identifier }} {{ adapter.is_motherduck() }} {{ adapter.is_ducklake() }} {{ adapter.valid_incremental_strategies() }}")).toBe(
      "True x__dbt_tmp False False ['append', 'merge', 'delete+insert', 'microbatch']",
    );
  });
  it('dbt_metadata_envs lists DBT_ENV_CUSTOM_ENV_ variables; the cache hooks are no-ops', () => {
    expect(render("{{ dbt_metadata_envs.get('KILN_PROBE', 'unset') }} {{ 'PATH' in dbt_metadata_envs }} [{{ adapter.cache_added(none) }}{{ adapter.cache_dropped(none) }}{{ adapter.cache_renamed(none, none) }}]")).toBe('seen False []');
  });
});
