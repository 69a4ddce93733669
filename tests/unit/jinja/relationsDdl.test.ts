/**
 * The relation DDL macros (src/jinja/globalProject/relationsDdl.ts) and dbt-duckdb's config and
 * external-file helpers (src/adapters/duckdb/macros.ts), rendered through kiln and, where they
 * return SQL, run on DuckDB with the result read back from its catalog. builtins.test.ts covers
 * get_create_sql, the drops, the contract DDL and the messages DuckDB's missing renames raise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../../src/compile/session.js';
import { projectWith } from '../../e2e/cli.js';
import { openDuckDbSession, renderInline, type DuckDbSession } from './duckdbSession.js';

// DuckDB can rename a table, so this project gives kiln's backup/intermediate steps the renames they need.
const files: Record<string, string> = {
  'project.yml': 'name: ddl\nversion: "1"\n',
  'macros/renames.sql': '{% macro duckdb__get_rename_table_sql(relation, new_name) %}alter table {{ relation.render() }} rename to {{ adapter.quote(new_name) }}{% endmacro %}',
};

// The step macros get_replace_sql composes, replaced by markers, so its choice of steps shows for any renameability.
const markers: Record<string, string> = {
  'project.yml': 'name: marks\nversion: "1"\n',
  'macros/markers.sql': [
    ['get_create_intermediate_sql', 'relation, sql'],
    ['get_create_backup_sql', 'relation'],
    ['get_rename_intermediate_sql', 'relation'],
    ['get_drop_backup_sql', 'relation'],
    ['get_drop_sql', 'relation'],
    ['get_create_sql', 'relation, sql'],
    ['get_replace_view_sql', 'relation, sql'],
    ['get_replace_table_sql', 'relation, sql'],
    ['get_replace_materialized_view_sql', 'relation, sql'],
  ].map(([name, params]) => `{% macro duckdb__${name}(${params}) %}${name}({{ relation.name }}){% endmacro %}`).join('\n'),
};

let db: DuckDbSession;
let session: Session;
let marked: Session;
let query: DuckDbSession['query'];

const render = (s: Session, sql: string): string => renderInline(s, sql);
const rel = (name: string, type = 'table') => `api.Relation.create(database=target.database, schema='main', identifier='${name}', type='${type}')`;
const run = (sql: string) => db.run(sql.split(/;\s*\n/).filter((s) => s.trim()));
const tables = async () => (await query("select table_name from information_schema.tables where table_schema = 'main' order by 1")).map((r) => r['table_name']);

beforeAll(async () => {
  db = await openDuckDbSession(files);
  ({ session, query } = db);
  marked = await openSession({ projectDir: projectWith(markers), partialParse: false });
});

afterAll(async () => {
  await db?.close();
});

describe('get_replace_sql chooses its steps by type and renameability', () => {
  // Relations as mappings, so can_be_renamed and can_be_replaced can be set either way.
  const fake = (name: string, type: string, renamed: boolean, replaced: boolean) =>
    `{'name': '${name}', 'type': '${type}', 'is_view': ${type === 'view'}, 'is_table': ${type === 'table'}, 'is_materialized_view': ${type === 'materialized_view'}, 'can_be_renamed': ${renamed}, 'can_be_replaced': ${replaced}}`.replace(/\b(true|false)\b/g, (b) => (b === 'true' ? 'True' : 'False'));
  const steps = (existing: string, target: string) => render(marked, `{{ get_replace_sql(${existing}, ${target}, 'select 1') }}`).split(/;\s*/);
  it('replaces in place when the existing relation has the target type and can be replaced', () => {
    expect(steps(fake('old', 'view', true, true), fake('new', 'view', true, true))).toEqual(['get_replace_view_sql(new)']);
    expect(steps(fake('old', 'table', false, true), fake('new', 'table', false, false))).toEqual(['get_replace_table_sql(new)']);
    expect(steps(fake('old', 'materialized_view', false, true), fake('new', 'materialized_view', false, false))).toEqual(['get_replace_materialized_view_sql(new)']);
  });
  it('otherwise stages the new relation and keeps the old one as a backup as far as each can be renamed', () => {
    expect(steps(fake('old', 'view', true, true), fake('new', 'table', true, false))).toEqual([
      'get_create_intermediate_sql(new)', 'get_create_backup_sql(old)', 'get_rename_intermediate_sql(new)', 'get_drop_backup_sql(old)',
    ]);
    expect(steps(fake('old', 'table', false, false), fake('new', 'table', true, false))).toEqual(['get_create_intermediate_sql(new)', 'get_drop_sql(old)', 'get_rename_intermediate_sql(new)']);
    expect(steps(fake('old', 'table', true, false), fake('new', 'table', false, false))).toEqual(['get_create_backup_sql(old)', 'get_create_sql(new)', 'get_drop_backup_sql(old)']);
    expect(steps(fake('old', 'view', false, true), fake('new', 'table', false, true))).toEqual(['get_drop_sql(old)', 'get_create_sql(new)']);
  });
});

describe('backup and intermediate relations on DuckDB', () => {
  it('get_create_backup_sql moves a table to __dbt_backup, get_drop_backup_sql drops it', async () => {
    await run("create or replace table main.bk as select 1 as a; create or replace table main.bk__dbt_backup as select 'stale' as s");
    await run(render(session, `{{ get_create_backup_sql(${rel('bk')}) }}`));
    expect(await tables()).toContain('bk__dbt_backup');
    expect(await tables()).not.toContain('bk');
    expect(await query('select a from main.bk__dbt_backup')).toEqual([{ a: 1 }]);
    await run(render(session, `{{ get_drop_backup_sql(${rel('bk')}) }}`));
    expect(await tables()).not.toContain('bk__dbt_backup');
  });
  it('get_create_intermediate_sql then get_rename_intermediate_sql puts the new rows under the target name', async () => {
    await run(render(session, `{{ get_create_intermediate_sql(${rel('im')}, 'select 7 as b') }}`));
    await run(render(session, `{{ get_rename_intermediate_sql(${rel('im')}) }}`));
    expect(await query('select b from main.im')).toEqual([{ b: 7 }]);
    expect(await tables()).not.toContain('im__dbt_tmp');
  });
  it('get_rename_sql on a table uses the adapter rename; an unknown relation type says which types are handled', async () => {
    await run('create or replace table main.rn as select 1 as a');
    await run(render(session, `{{ get_rename_sql(${rel('rn')}, 'rn2') }}`));
    expect(await tables()).toContain('rn2');
    expect(() => render(session, `{{ get_rename_sql(${rel('x', 'external')}, 'y') }}`)).toThrowError('`get_rename_sql` has not been implemented for: external');
    expect(() => render(session, `{{ get_create_sql(${rel('x', 'external')}, 'select 1') }}`)).toThrowError(/`get_create_sql` has not been implemented for: external .*default__get_create_sql/);
  });
});

describe('drops, schemas and handle_existing_table on DuckDB', () => {
  it('drop_materialized_view renders a cascade drop; drop_schema_named drops the schema', async () => {
    expect(render(session, `{{ drop_materialized_view(${rel('mv', 'materialized_view')}) }}`)).toBe('drop materialized view if exists "main"."mv" cascade');
    await run('create schema if not exists gone_soon');
    render(session, "{% do drop_schema_named('gone_soon') %}");
    expect(await query("select schema_name from information_schema.schemata where schema_name = 'gone_soon'")).toEqual([]);
  });
  it('handle_existing_table drops the table in the way', async () => {
    await run('create or replace table main.in_the_way as select 1 as a');
    render(session, `{% do handle_existing_table(true, ${rel('in_the_way')}) %}`);
    expect(await tables()).not.toContain('in_the_way');
  });
  it('the statements an adapter must supply name the macro to define', () => {
    const r = rel('x');
    expect(() => render(session, `{{ get_replace_table_sql(${r}, 'select 1') }}`)).toThrowError('`get_replace_table_sql` has not been implemented for this adapter. Define duckdb__get_replace_table_sql');
    expect(() => render(session, `{{ get_rename_view_sql(${r}, 'y') }}`)).toThrowError('`get_rename_view_sql` has not been implemented for this adapter.');
    expect(() => render(session, `{{ get_replace_view_sql(${r}, 'select 1') }}`)).toThrowError('`get_replace_view_sql` has not been implemented for this adapter.');
    expect(() => render(session, `{{ refresh_materialized_view(${r}) }}`)).toThrowError('`refresh_materialized_view` has not been implemented for this adapter.');
    expect(() => render(session, `{{ get_rename_materialized_view_sql(${r}, 'y') }}`)).toThrowError('`get_rename_materialized_view_sql` has not been implemented for this adapter.');
    expect(() => render(session, `{{ get_replace_materialized_view_sql(${r}, 'select 1') }}`)).toThrowError('`get_replace_materialized_view_sql` has not been implemented for this adapter.');
    expect(() => render(session, `{{ get_alter_materialized_view_as_sql(${r}, {}, 'select 1', none, none, none) }}`)).toThrowError('Materialized views have not been implemented for this adapter. Define duckdb__get_alter_materialized_view_as_sql');
    expect(() => render(session, `{{ get_materialized_view_configuration_changes(${r}, {}) }}`)).toThrowError('Materialized views have not been implemented for this adapter.');
  });
  it('format_columns pairs the lower-cased name with the type DuckDB reports', () => {
    expect(render(session, "{{ format_columns(get_column_schema_from_query(\"select 1::integer as ID, 'x' as b\")) }}")).toBe(
      "[{'name': 'ID', 'data_type': 'INTEGER', 'formatted': 'id INTEGER'}, {'name': 'b', 'data_type': 'VARCHAR', 'formatted': 'b VARCHAR'}]",
    );
  });
});

describe("dbt-duckdb's config helpers", () => {
  it('the validate_* helpers collect one message per bad field or item and pass absent fields', () => {
    const checks = [
      "validate_string_field(none, 'a', e)", "validate_string_field('x', 'b', e)", "validate_string_field(3, 'c', e)",
      "validate_string_list_field(none, 'd', e)", "validate_string_list_field('s', 'e', e)", "validate_string_list_field({'k': 1}, 'f', e)",
      "validate_string_list_field(['a', 2, 3], 'g', e)", "validate_string_list_field(['a'], 'h', e)",
      "validate_dict_field({}, 'i', e)", "validate_dict_field(none, 'j', e)", "validate_dict_field([1], 'k', e)",
    ];
    expect(render(session, `{% set e = [] %}${checks.map((c) => `{% do ${c} %}`).join('')}{{ e | join(' | ') }}`)).toBe(
      'c must be a string, found: 3 | e must be a list | f must be a list | g must contain only string values, found: 2 | g must contain only string values, found: 3 | k must be a dictionary, found: [1]',
    );
    expect(render(session, "{{ normalize_string_or_list(('a', 'b'), 'f') }}")).toBe("['a', 'b']");
    expect(() => render(session, "{{ normalize_string_or_list(5, 'pb') }}")).toThrowError('pb must be a list of strings or a string');
  });
  it('render_write_options renders the options and folds in format and delimiter; a non-mapping is an error', () => {
    expect(render(session, "{% do config.set('options', {'a': '{{ 1 + 1 }}', 'b': 'x'}) %}{% do config.set('format', 'csv') %}{% do config.set('delimiter', '|') %}{{ render_write_options(config) }}")).toBe(
      "{'a': '2', 'b': 'x', 'format': 'csv', 'delimiter': '|'}",
    );
    expect(render(session, '{{ render_write_options(config) }}')).toBe('{}');
    expect(() => render(session, "{% do config.set('options', [1]) %}{{ render_write_options(config) }}")).toThrowError('The options argument must be a dictionary');
  });
});
