/**
 * One direct test for each global-project and dbt-duckdb macro of docs/dbt-builtins.md that
 * had none: rendered through kiln with dbt's signature, the SQL it returns run on DuckDB and
 * the rows (or the catalog afterwards) checked; values checked against Python where Python's
 * semantics decide.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnError } from '../../../src/errors.js';
import type { ManifestNode } from '../../../src/project/nodes.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: shop\nversion: "1"\n',
  'models/orders.sql': "select 1 as id, 'open' as status",
  'models/customers.sql': 'select 1 as id',
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n      - name: status\n',
};

let db: DuckDbSession;
const warnings: string[] = [];
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const rel = (identifier: string, type = 'table'): string => `api.Relation.create(database=target.database, schema='main', identifier='${identifier}', type='${type}')`;

beforeAll(async () => {
  db = await openDuckDbSession(files, { log: (message, level) => void (level === 'warn' && warnings.push(message)) });
  await db.run([
    "create or replace table main.target_t as select * from (values (1, 'a'), (2, 'b')) t(id, v)",
    "create or replace table main.source_t as select * from (values (2, 'B'), (3, 'c')) t(id, v)",
    "create or replace table main.statuses as select * from (values (1, 'open'), (2, 'shut'), (3, 'open'), (3, null)) t(id, status)",
  ]);
});

afterAll(async () => {
  await db?.close();
});

/** Compile `sql` as the code of one of the project's models. */
function renderForModel(name: string, sql: string): string {
  const node = db.session.manifest.nodes[`model.shop.${name}`]!;
  return db.session.compiler.compile({ ...node, raw_code: sql }, { mode: 'execute' }).sql.trim();
}

/** Render `sql` with `node` as `model` (for nodes kiln does not parse, such as functions). */
function renderFor(node: ManifestNode, sql: string): string {
  return db.session.parse.runtime.render(sql, { mode: 'execute', file: 'models/add_one.sql', node }).sql.trim();
}

function python(script: string): string {
  return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
}

const rowsOf = async (table: string): Promise<Record<string, unknown>[]> => db.query(`select * from main.${table} order by all`);
const reset = async (): Promise<void> =>
  db.run([
    "create or replace table main.target_t as select * from (values (1, 'a'), (2, 'b')) t(id, v)",
    "create or replace table main.source_t as select * from (values (2, 'B'), (3, 'c')) t(id, v)",
  ]);

describe('hooks', () => {
  it('make_hook_config, before_begin, in_transaction and after_commit give the sql and its transaction flag', () => {
    expect(db.render("{{ make_hook_config('select 1', true) }}|{{ before_begin('select 2') }}|{{ in_transaction('select 3') }}|{{ after_commit('select 4') }}")).toBe(
      "{'sql': 'select 1', 'transaction': True}|{'sql': 'select 2', 'transaction': False}|{'sql': 'select 3', 'transaction': True}|{'sql': 'select 4', 'transaction': False}",
    );
  });
});

describe('columns and relations', () => {
  it('alter_column_type changes the type and keeps the values', async () => {
    await db.run("create or replace table main.alter_t as select 1::integer as id, 'x' as v");
    db.render(`{% do alter_column_type(${rel('alter_t')}, 'id', 'bigint') %}`);
    expect(await db.query("select column_name, data_type from information_schema.columns where table_name = 'alter_t' order by column_name")).toEqual([
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'v', data_type: 'VARCHAR' },
    ]);
    expect(await rowsOf('alter_t')).toEqual([{ v: 'x', id: 1 }]);
  });

  it('alter_relation_add_remove_columns adds and drops columns', async () => {
    await db.run("create or replace table main.addrm_t as select 1 as id, 'x' as v");
    db.render(`{% do alter_relation_add_remove_columns(${rel('addrm_t')}, [api.Column.create('z', 'integer')], [api.Column.create('v', 'varchar')]) %}`);
    expect(await db.query("select column_name, data_type from information_schema.columns where table_name = 'addrm_t' order by ordinal_position")).toEqual([
      { column_name: 'id', data_type: 'INTEGER' },
      { column_name: 'z', data_type: 'INTEGER' },
    ]);
  });

  it('diff_columns lists the source columns the target lacks, by exact name', async () => {
    await db.run(['create or replace table main.wide as select 1 as id, 2 as A, 3 as extra', 'create or replace table main.narrow as select 1 as id, 2 as a']);
    expect(db.render(`{{ diff_columns(adapter.get_columns_in_relation(${rel('wide')}), adapter.get_columns_in_relation(${rel('narrow')})) | map(attribute='name') | join(',') }}`)).toBe('A,extra');
  });

  it('diff_column_data_types lists the changed types, skipping string widenings', async () => {
    await db.run(['create or replace table main.new_types as select 1::bigint as id, 2::double as x', 'create or replace table main.old_types as select 1::integer as id, 2::double as x']);
    expect(db.render(`{% for c in diff_column_data_types(adapter.get_columns_in_relation(${rel('new_types')}), adapter.get_columns_in_relation(${rel('old_types')})) %}{{ c.column_name }}:{{ c.new_type }};{% endfor %}`)).toBe('id:BIGINT;');
  });

  it('get_or_create_relation finds an existing relation, or makes one it reports as new', () => {
    expect(db.render("{% set r = get_or_create_relation(target.database, 'main', 'target_t', 'table') %}{{ r[0] }} {{ r[1].identifier }} {{ r[1].type }}")).toBe('True target_t table');
    expect(db.render("{% set r = get_or_create_relation(target.database, 'main', 'nowhere', 'view') %}{{ r[0] }} {{ r[1] }} {{ r[1].type }}")).toBe(`False ${db.render(`{{ ${rel('nowhere', 'view')} }}`)} view`);
  });

  it('make_backup_relation suffixes the identifier and sets the type', () => {
    expect(db.render(`{% set b = make_backup_relation(${rel('orders')}, 'view') %}{{ b.identifier }} {{ b.type }}|{{ make_backup_relation(${rel('orders')}, 'table', '__old').identifier }}`)).toBe('orders__dbt_backup view|orders__old');
  });

  it('truncate_relation empties the table', async () => {
    await db.run('create or replace table main.trunc_t as select * from range(3)');
    db.render(`{% do truncate_relation(${rel('trunc_t')}) %}`);
    expect(await db.query('select count(*)::integer as n from main.trunc_t')).toEqual([{ n: 0 }]);
  });

  it('get_quoted_csv quotes and joins the names', () => {
    expect(db.render("{{ get_quoted_csv(['a', 'B c']) }}")).toBe('"a", "B c"');
  });

  it("get_column_names is the YAML column list, in parentheses on DuckDB (dbt-duckdb's), bare in dbt's default", () => {
    expect(renderForModel('orders', '{{ get_column_names() }}|{{ dbt.default__get_column_names() }}')).toBe('(id, status)|id, status');
  });
});

describe('incremental SQL', () => {
  const dest = `adapter.get_columns_in_relation(${rel('target_t')})`;

  it('get_insert_into_sql inserts the temp rows into the named columns', async () => {
    await reset();
    await db.run(db.render(`{{ get_insert_into_sql(${rel('target_t')}, ${rel('source_t')}, ${dest}) }}`));
    expect(await rowsOf('target_t')).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
  });

  it('get_incremental_append_sql appends', async () => {
    await reset();
    await db.run(db.render(`{{ get_incremental_append_sql({'target_relation': ${rel('target_t')}, 'temp_relation': ${rel('source_t')}, 'dest_columns': ${dest}}) }}`));
    expect(await rowsOf('target_t')).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
  });

  it('get_delete_insert_merge_sql and get_incremental_delete_insert_sql replace the rows of matching keys', async () => {
    await reset();
    await db.run(db.render(`{{ get_delete_insert_merge_sql(${rel('target_t')}, ${rel('source_t')}, 'id', ${dest}, []) }}`));
    expect(await rowsOf('target_t')).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 3, v: 'c' }]);
    await reset();
    await db.run(
      db.render(`{{ get_incremental_delete_insert_sql({'target_relation': ${rel('target_t')}, 'temp_relation': ${rel('source_t')}, 'unique_key': ['id'], 'dest_columns': ${dest}, 'incremental_predicates': none}) }}`),
    );
    expect(await rowsOf('target_t')).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 3, v: 'c' }]);
  });

  it('get_insert_overwrite_merge_sql and get_incremental_insert_overwrite_sql replace every row (no predicates)', async () => {
    await reset();
    await db.run(db.render(`{{ get_insert_overwrite_merge_sql(${rel('target_t')}, ${rel('source_t')}, ${dest}, none) }}`));
    expect(await rowsOf('target_t')).toEqual([{ id: 2, v: 'B' }, { id: 3, v: 'c' }]);
    await reset();
    await db.run(db.render(`{{ get_incremental_insert_overwrite_sql({'target_relation': ${rel('target_t')}, 'temp_relation': ${rel('source_t')}, 'dest_columns': ${dest}, 'incremental_predicates': ['DBT_INTERNAL_DEST.id = 1']}) }}`));
    expect(await rowsOf('target_t')).toEqual([{ id: 2, v: 'B' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
  });

  it('get_merge_update_columns: all columns, the update list, or all but the exclude list; both is an error', () => {
    expect(db.render(`{{ get_merge_update_columns(none, none, ${dest}) | join(',') }}|{{ get_merge_update_columns(['v'], none, ${dest}) | join(',') }}|{{ get_merge_update_columns(none, ['V'], ${dest}) | join(',') }}`)).toBe('"id","v"|v|"id"');
    expect(() => db.render(`{{ get_merge_update_columns(['v'], ['id'], ${dest}) }}`)).toThrow(/Model cannot specify merge_update_columns and merge_exclude_columns/i);
  });
});

describe('generic tests', () => {
  const failures = async (sql: string): Promise<number> => Number((await db.query(`select count(*) as n from (${db.render(sql)}) t`))[0]!['n']);

  it('test_unique finds the duplicated values', async () => {
    expect(await failures(`{{ test_unique(${rel('statuses')}, 'id') }}`)).toBe(1);
  });

  it('test_accepted_values finds the values outside the list, nulls aside', async () => {
    expect(await failures(`{{ test_accepted_values(${rel('statuses')}, 'status', ['open']) }}`)).toBe(1);
    expect(await failures(`{{ test_accepted_values(${rel('statuses')}, 'status', ['open', 'shut']) }}`)).toBe(0);
    expect(await failures(`{{ test_accepted_values(${rel('statuses')}, 'id', [1, 2, 3], quote=false) }}`)).toBe(0);
  });

  it('test_relationships finds the child values missing from the parent', async () => {
    await db.run('create or replace table main.parents as select 1 as id');
    // Each child row without a parent fails: ids 2, 3 and 3.
    expect(await failures(`{{ test_relationships(${rel('statuses')}, 'id', ${rel('parents')}, 'id') }}`)).toBe(3);
  });

  it('get_test_sql counts failures and compares them with warn_if and error_if, with an optional limit', async () => {
    const sql = db.render(`{{ get_test_sql('select * from main.statuses where id = 3', 'count(*)', '>1', '!=0', none) }}`);
    expect(await db.query(sql)).toEqual([{ failures: 2, should_warn: true, should_error: true }]);
    const limited = db.render(`{{ get_test_sql('select * from main.statuses', 'count(*)', '>10', '>10', 1) }}`);
    expect(await db.query(limited)).toEqual([{ failures: 1, should_warn: false, should_error: false }]);
  });
});

describe('SQL expressions', () => {
  it('current_timestamp_backcompat and current_timestamp_in_utc_backcompat are timestamps', async () => {
    const [row] = await db.query(db.render('select typeof({{ current_timestamp_backcompat() }}) as a, typeof({{ current_timestamp_in_utc_backcompat() }}) as b'));
    expect(row).toEqual({ a: 'TIMESTAMP', b: 'TIMESTAMP' });
  });

  it("default_last_day is the period's last date", async () => {
    const [row] = await db.query(db.render(`select {{ default_last_day("date '2024-02-10'", 'month') }}::varchar as m, {{ default_last_day("date '2023-05-05'", 'year') }}::varchar as y`));
    expect(row).toEqual({ m: '2024-02-29', y: '2023-12-31' });
  });

  it('get_empty_subquery_sql returns no rows but the columns, with the header first', async () => {
    // As in dbt, the header is written right before the select: it brings its own separator.
    const sql = db.render("{{ get_empty_subquery_sql('select 1 as id, 2 as n', 'set threads = 1;') }}");
    expect(sql.startsWith('set threads = 1;select * from (')).toBe(true);
    expect(await db.query(`describe ${sql.replace('set threads = 1;', '')}`).then((rows) => rows.map((r) => r['column_name']))).toEqual(['id', 'n']);
    expect(await db.query(sql)).toEqual([]);
  });

  it('get_empty_schema_sql gives one typed null per column', async () => {
    const sql = db.render("{{ get_empty_schema_sql({'id': {'name': 'id', 'data_type': 'integer'}, 'label': {'name': 'label', 'data_type': 'varchar'}}) }}");
    const described = await db.query(`describe ${sql}`);
    expect(described.map((r) => [r['column_name'], r['column_type']])).toEqual([['id', 'INTEGER'], ['label', 'VARCHAR']]);
  });

  it('get_limit_sql (dispatched, as dbt has no wrapper) adds a limit, or none', async () => {
    expect((await db.query(db.render("{{ adapter.dispatch('get_limit_sql', 'dbt')('select * from range(5)', 2) }}"))).length).toBe(2);
    expect((await db.query(db.render("{{ adapter.dispatch('get_limit_sql', 'dbt')('select * from range(5)', none) }}"))).length).toBe(5);
  });

  it('get_intervals_between runs datediff and returns the number', () => {
    expect(db.render("{{ get_intervals_between(\"'2024-01-01'::date\", \"'2024-01-10'::date\", 'day') }}")).toBe('9');
  });

  it('get_powers_of_two is the exponent of the smallest power of two at least the bound, and refuses 0', () => {
    expect(db.render('{{ get_powers_of_two(5) }} {{ get_powers_of_two(8) }} {{ get_powers_of_two(1) }}')).toBe('3 3 1');
    expect(() => db.render('{{ get_powers_of_two(0) }}')).toThrow(KilnError);
  });
});

describe('statements', () => {
  it('call_dcl_statements runs each statement', async () => {
    db.render("{% do call_dcl_statements(['create or replace table main.dcl_t (x integer)', 'insert into main.dcl_t values (7)']) %}");
    expect(await rowsOf('dcl_t')).toEqual([{ x: 7 }]);
  });

  it('store_raw_result stores what load_result reads back', () => {
    expect(db.render("{% do store_raw_result('probe', message='OK 3', code='OK', rows_affected=3) %}{% set r = load_result('probe') %}{{ r.response._message }}|{{ r.response.code }}|{{ r.response.rows_affected }}")).toBe('OK 3|OK|3');
  });

  it('function_execute_build_sql runs the build statement as main', async () => {
    db.render(`{% do function_execute_build_sql('create or replace macro main.add_one(x) as x + 1', none, ${rel('add_one', 'function')}) %}`);
    expect(await db.query('select main.add_one(41) as n')).toEqual([{ n: 42 }]);
  });

  it('materialized_view_execute_build_sql runs the build statement and the post hooks', async () => {
    db.render(`{% do materialized_view_execute_build_sql('create or replace table main.mv_built as select 5 as x', none, ${rel('mv_built')}, [make_hook_config('insert into main.mv_built values (6)', true)]) %}`);
    expect(await rowsOf('mv_built')).toEqual([{ x: 5 }, { x: 6 }]);
  });

  it('get_show_indexes_sql and list_function_relations_without_caching say DuckDB has none', () => {
    expect(() => db.render(`{{ get_show_indexes_sql(${rel('orders')}) }}`)).toThrow('`get_show_indexes_sql has not been implemented for this adapter.');
    expect(() => db.render(`{{ list_function_relations_without_caching(${rel('orders')}) }}`)).toThrow('list_function_relations_without_caching macro not implemented for adapter duckdb');
  });
});

describe('names and values', () => {
  it('generate_database_name is the custom name or the target database', () => {
    expect(db.render("{{ generate_database_name('other') }}|{{ generate_database_name(none) == target.database }}|[{{ generate_database_name('  spaced ') }}]")).toBe('other|True|[  spaced ]');
  });

  it('generate_schema_name_for_env uses the custom schema only on a target named prod', () => {
    expect(db.render("{{ target.name }}:{{ generate_schema_name_for_env('marts', none) == target.schema }}")).toBe(`${db.render('{{ target.name }}')}:True`);
  });

  it('local_md5 is the hex md5 of the text, as Python hashlib', () => {
    expect(db.render("{{ local_md5('kiln ✓') }}")).toBe(python("import hashlib; print(hashlib.md5('kiln ✓'.encode()).hexdigest())"));
  });

  it('fromjson parses JSON and gives the default for invalid text', () => {
    expect(db.render('{% set v = fromjson(\'{"a": [1, 2.5, null, true]}\') %}{{ v.a }}|{{ fromjson("{bad", "dflt") }}|{{ fromjson("{bad") }}')).toBe('[1, 2.5, None, True]|dflt|None');
  });

  it('set_strict makes a set, and raises on what is not iterable, as Python', () => {
    expect(db.render('{{ set_strict([3, 1, 3]) | sort | list }}|{{ set_strict([3, 1, 3]) | length }}')).toBe('[1, 3]|2');
    expect(python('try:\n  set(5)\nexcept TypeError as e: print(e)')).toBe("'int' object is not iterable");
    expect(() => db.render('{{ set_strict(5) }}')).toThrow("'int' object is not iterable");
  });

  it('selected_resources is a list (empty outside a selection)', () => {
    expect(db.render('{{ selected_resources is iterable }}:{{ selected_resources | list | length }}')).toBe('True:0');
  });
});

describe('snapshot_check_strategy', () => {
  it('flags rows whose check_cols changed, nulls included', async () => {
    await db.run([
      "create or replace table main.snap_t as select * from (values (1, 'a'), (2, 'b'), (3, null)) t(id, name)",
      "create or replace table main.snap_src as select * from (values (1, 'a'), (2, 'B'), (3, 'c')) t(id, name)",
    ]);
    const base = db.session.manifest.nodes['model.shop.orders']!;
    const node = { ...base, database: base.database, schema: 'main', alias: 'snap_t', compiled_code: 'select * from main.snap_src', config: { ...base.config, unique_key: 'id', check_cols: ['name'], strategy: 'check' } } as unknown as ManifestNode;
    const out = renderFor(node, "{% set s = snapshot_check_strategy(model, 'snapshotted_data', 'source_data', config, true) %}{{ s.unique_key }}|{{ s.row_changed }}");
    const [key, changed] = out.split('|');
    expect(key).toBe('id');
    const rows = await db.query(`select snapshotted_data.id from main.snap_t as snapshotted_data join main.snap_src as source_data using (id) where ${changed} order by 1`);
    expect(rows).toEqual([{ id: 2 }, { id: 3 }]);
  });
});

describe('UDF helpers', () => {
  const fn = (overrides: Record<string, unknown> = {}, config: Record<string, unknown> = { volatility: 'deterministic' }): ManifestNode => {
    const node = db.session.manifest.nodes['model.shop.orders']!;
    const udf = { name: 'add_one', alias: 'add_one', arguments: [{ name: 'x', data_type: 'integer' }], returns: { data_type: 'integer' }, compiled_code: 'x + 1', language: 'sql' };
    return { ...node, ...udf, config: { ...node.config, ...config }, ...overrides } as unknown as ManifestNode;
  };

  it('the scalar signature and body make a function DuckDB accepts', () => {
    const text = renderFor(fn(), "{{ scalar_function_create_replace_signature_sql(api.Relation.create(schema='main', identifier='add_one')) }} {{ scalar_function_body_sql() }}");
    expect(squash(text)).toBe('CREATE OR REPLACE FUNCTION "main"."add_one" (x integer) RETURNS integer IMMUTABLE AS $$ x + 1 $$ LANGUAGE SQL');
  });

  it('aggregate arguments, volatility and python options', () => {
    expect(squash(renderFor(fn({}, { volatility: 'stable' }), '{{ get_formatted_aggregate_function_args() }}|{{ get_aggregate_function_volatility_specifier() }}'))).toBe('x integer|STABLE');
    const py = fn({ language: 'python' }, { runtime_version: '3.11', entry_point: 'main', packages: ['numpy'] });
    expect(squash(renderFor(py, '{{ get_function_python_options() }}'))).toBe("RUNTIME_VERSION = '3.11' HANDLER = 'main' PACKAGES = ('numpy')");
  });

  it('javascript volatility and unsupported volatility warn with dbt\'s text', () => {
    warnings.length = 0;
    expect(renderFor(fn({}, { volatility: 'stable' }), '[{{ scalar_function_volatility_javascript() }}]')).toBe('[]');
    expect(renderFor(fn({}, {}), '[{{ unsupported_volatility_warning("sometimes") }}]')).toBe('[]');
    expect(warnings.length).toBe(2);
    expect(warnings[1]).toBe('Found `sometimes` volatility specified on function `add_one`. This volatility is not supported by duckdb, and will be ignored');
  });
});

describe('Python-model text', () => {
  it('build_config_dict and build_source_function give Python that python3 runs', () => {
    const node = db.session.manifest.nodes['model.shop.orders']!;
    const withMeta = { ...node, config: { ...node.config, color: 'red', config_keys_used: ['color', 'size'], config_keys_defaults: [null, 'M'] }, sources: [['raw', 'events']] } as unknown as ManifestNode;
    const text = renderFor(withMeta, '{{ build_config_dict(model) }}\n{{ build_source_function(model) }}');
    const printed = python(`${text}\nprint(config_dict)\nprint(source('raw', 'events', dbt_load_df_function=str))`);
    const [config, source] = printed.split('\n');
    expect(config).toBe("{'color': 'red', 'size': 'M'}");
    expect(source).toMatch(/events/);
  });
});

describe('dbt-duckdb catalog and comments', () => {
  it('duckdb__get_catalog and duckdb__get_catalog_relations read the columns DuckDB lists', async () => {
    const expected = (await db.query("select column_name from duckdb_columns() where schema_name = 'main' and table_name = 'target_t' order by column_index")).map((r) => r['column_name']).join(',');
    const viaSchemas = db.render(`{% set t = duckdb__get_catalog(${rel('target_t')}.information_schema(), ['main']) %}{{ t.rows | selectattr('table_name', 'equalto', 'target_t') | map(attribute='column_name') | join(',') }}`);
    const viaRelations = db.render(`{% set t = duckdb__get_catalog_relations(${rel('target_t')}.information_schema(), [${rel('target_t')}]) %}{{ t.rows | map(attribute='column_name') | join(',') }}`);
    expect([viaSchemas, viaRelations]).toEqual([expected, expected]);
  });

  it('duckdb_escape_comment dollar-quotes a comment DuckDB stores as written', async () => {
    const quoted = db.render(`{{ duckdb_escape_comment("it's \\"odd\\" $$") }}`);
    await db.run(`comment on table main.target_t is ${quoted}`);
    expect(await db.query("select comment from duckdb_tables() where table_name = 'target_t'")).toEqual([{ comment: 'it\'s "odd" $$' }]);
    expect(() => db.render("{{ duckdb_escape_comment('a $dbt_comment_literal_block$ b') }}")).toThrow('The string $dbt_comment_literal_block$ is not allowed in comments.');
  });
});
