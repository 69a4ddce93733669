/**
 * The materialization helper macros custom materializations and packages call (clone, the
 * on_schema_change helpers, get_merge_unique_key_match, microbatch, the seed CSV helpers,
 * create_columns), rendered through kiln at run time, with the SQL they run or return checked
 * on DuckDB.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/compile/session.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: mh\nversion: "1"\n',
  'models/m.sql': 'select 1 as id',
  'seeds/letters.csv': 'code,label\n1,a\n2,b\n',
  'seeds/schema.yml': `version: 2
seeds:
  - name: letters
    config:
      column_types: {code: integer}
`,
};

let db: DuckDbSession;
let session: Session;
let render: DuckDbSession['render'];
let query: DuckDbSession['query'];
let run: DuckDbSession['run'];

/** Render `code` as the letters seed, so `this` and `model.config` are the seed's. */
function renderAsSeed(code: string): string {
  return session.compiler.compile(session.manifest.nodes['seed.mh.letters']!, { mode: 'execute', code }).sql.trim();
}
const rel = (name: string) => `api.Relation.create(database=target.database, schema='main', identifier='${name}', type='table')`;
const columnsOf = async (name: string) =>
  (await query(`select column_name, data_type from information_schema.columns where table_schema = 'main' and table_name = '${name}' order by ordinal_position`)).map((r) => `${r['column_name']}:${r['data_type']}`);

beforeAll(async () => {
  db = await openDuckDbSession(files);
  ({ session, render, query, run } = db);
});

afterAll(async () => {
  await db?.close();
});

describe('clone and merge key helpers', () => {
  it('can_clone_table is false by default; create_or_replace_clone renders the clone statement', () => {
    expect(render('{{ can_clone_table() }} {{ dbt.default__can_clone_table() }}')).toBe('False False');
    const [copy, orig] = [render(`{{ ${rel('copy')}.render() }}`), render(`{{ ${rel('orig')}.render() }}`)];
    expect(render(`{{ create_or_replace_clone(${rel('copy')}, ${rel('orig')}) }}`).replace(/\s+/g, ' ')).toBe(`create or replace table ${copy} clone ${orig}`);
  });
  it('get_merge_unique_key_match is the equality join DuckDB evaluates (nulls do not match)', async () => {
    const match = render("{{ get_merge_unique_key_match('s.k', 't.k') }}");
    expect(await query(`select count(*)::int as n from (values (1), (2), (null)) s(k) join (values (1), (3), (null)) t(k) on ${match}`)).toEqual([{ n: 1 }]);
  });
  it('get_incremental_microbatch_sql is not implemented by default and names the adapter', () => {
    expect(() => render('{{ get_incremental_microbatch_sql({}) }}')).toThrowError(/not implemented/);
    expect(() => render('{{ get_incremental_microbatch_sql({}) }}')).toThrowError(/microbatch[\s\S]*duckdb|duckdb[\s\S]*microbatch/);
  });
});

describe('on_schema_change helpers', () => {
  beforeEach(async () => {
    await run(["create or replace table main.t_target as select 1::integer as id, 'x' as gone", 'create or replace table main.t_source as select 1::bigint as id, 2.5::double as added']);
  });
  it('incremental_validate_on_schema_change keeps the four modes and falls back to the default otherwise', () => {
    expect(render("{% for m in ['ignore', 'fail', 'append_new_columns', 'sync_all_columns', 'bogus', none] %}{{ incremental_validate_on_schema_change(m) }} {% endfor %}{{ incremental_validate_on_schema_change('x', default='fail') }}")).toBe(
      'ignore fail append_new_columns sync_all_columns ignore ignore fail',
    );
  });
  it('check_for_schema_changes reports added, removed and retyped columns', () => {
    const out = render(`{% set c = check_for_schema_changes(${rel('t_source')}, ${rel('t_target')}) %}{{ c['schema_changed'] }}|{{ c['source_not_in_target'] | map(attribute='name') | join(',') }}|{{ c['target_not_in_source'] | map(attribute='name') | join(',') }}|{{ c['new_target_types'] | map(attribute='column_name') | join(',') }}:{{ c['new_target_types'] | map(attribute='new_type') | join(',') }}|{{ c['source_columns'] | length }}|{{ c['target_columns'] | length }}`);
    expect(out).toBe('True|added|gone|id:BIGINT|2|2');
    expect(render(`{{ check_for_schema_changes(${rel('t_target')}, ${rel('t_target')})['schema_changed'] }}`)).toBe('False');
  });
  it("'ignore' returns {} and leaves the target alone; an unknown mode changes nothing", async () => {
    expect(render(`{{ process_schema_changes('ignore', ${rel('t_source')}, ${rel('t_target')}) }}`)).toBe('{}');
    expect(render(`{{ process_schema_changes('bogus', ${rel('t_source')}, ${rel('t_target')}) | length }}`)).toBe('2');
    expect(await columnsOf('t_target')).toEqual(['id:INTEGER', 'gone:VARCHAR']);
  });
  it("'append_new_columns' only adds; 'sync_all_columns' adds, drops and retypes", async () => {
    expect(render(`{{ process_schema_changes('append_new_columns', ${rel('t_source')}, ${rel('t_target')}) | map(attribute='name') | join(',') }}`)).toBe('id,added');
    expect(await columnsOf('t_target')).toEqual(['id:INTEGER', 'gone:VARCHAR', 'added:DOUBLE']);
    await run("create or replace table main.t_target as select 1::integer as id, 'x' as gone");
    render(`{% do process_schema_changes('sync_all_columns', ${rel('t_source')}, ${rel('t_target')}) %}`);
    expect((await columnsOf('t_target')).sort()).toEqual(['added:DOUBLE', 'id:BIGINT']);
    expect(await query('select id from main.t_target')).toEqual([{ id: 1 }]);
  });
  it('sync_column_schemas applies a changes dict directly', async () => {
    render(`{% set c = check_for_schema_changes(${rel('t_source')}, ${rel('t_target')}) %}{% do sync_column_schemas('append_new_columns', ${rel('t_target')}, c) %}`);
    expect(await columnsOf('t_target')).toEqual(['id:INTEGER', 'gone:VARCHAR', 'added:DOUBLE']);
  });
  it("'fail' raises, naming the differences and the ways out", () => {
    let message = '';
    try {
      render(`{{ process_schema_changes('fail', ${rel('t_source')}, ${rel('t_target')}) }}`);
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toMatch(/source and target schemas on this incremental model are out of sync/);
    for (const part of ['added', 'gone', 'id', 'append_new_columns', 'sync_all_columns', 'full']) expect(message).toContain(part);
    expect(render(`{{ process_schema_changes('fail', ${rel('t_target')}, ${rel('t_target')}) | length }}`)).toBe('2');
  });
  it('a source whose columns cannot be read fails, except under append_new_columns', async () => {
    expect(() => render(`{{ process_schema_changes('sync_all_columns', ${rel('t_missing')}, ${rel('t_target')}) }}`)).toThrowError(/t_missing[\s\S]*on_schema_change[\s\S]*full-refresh/);
    expect(() => render(`{{ process_schema_changes('fail', ${rel('t_missing')}, ${rel('t_target')}) }}`)).toThrowError(/t_missing/);
    expect(render(`{{ process_schema_changes('append_new_columns', ${rel('t_missing')}, ${rel('t_target')}) | length }}`)).toBe('0');
    expect(await columnsOf('t_target')).toEqual(['id:INTEGER', 'gone:VARCHAR']);
  });
});

describe('seed CSV helpers', () => {
  const letters = "run_query(\"select 1 as code, 'a' as label union all select 2, 'b'\")";
  it('create_csv_table creates the seed table with column_types winning over the inferred type', async () => {
    await run('drop table if exists main.letters');
    const sql = renderAsSeed(`{{ create_csv_table(model, ${letters}) }}`);
    expect(sql).toMatch(/^create table .*letters/);
    expect(await columnsOf('letters')).toEqual(['code:INTEGER', 'label:VARCHAR']);
  });
  it('reset_csv_table truncates, or on a full refresh drops and recreates', async () => {
    await run(['create or replace table main.letters (code varchar, extra integer)', "insert into main.letters values ('z', 1)"]);
    const truncated = renderAsSeed(`{{ reset_csv_table(model, false, ${rel('letters')}, ${letters}) }}`);
    expect(truncated.replace(/\s+/g, ' ')).toMatch(/^truncate table .*letters"?$/);
    expect(await query('select count(*)::int as n from main.letters')).toEqual([{ n: 0 }]);
    expect(await columnsOf('letters')).toEqual(['code:VARCHAR', 'extra:INTEGER']);
    const recreated = renderAsSeed(`{{ reset_csv_table(model, true, ${rel('letters')}, ${letters}) }}`);
    expect(recreated).toMatch(/^create table/);
    expect(await columnsOf('letters')).toEqual(['code:INTEGER', 'label:VARCHAR']);
  });
  it('get_csv_sql joins a create and an insert DuckDB runs in order', async () => {
    const sql = render("{{ get_csv_sql('create or replace table main.csv_t (a integer)', 'insert into main.csv_t values (7)') }}");
    await run(sql.split(/;\s*\n/));
    expect(await query('select a from main.csv_t')).toEqual([{ a: 7 }]);
  });
  it('seed column quoting follows quote_columns; the default binding char is %s', () => {
    expect(renderAsSeed("{{ get_seed_column_quoted_csv(model, ['code', 'la bel']) }}")).toBe('"code", "la bel"');
    expect(renderAsSeed("{% do model['config'].update({'quote_columns': false}) %}{{ get_seed_column_quoted_csv(model, ['code', 'label']) }}")).toBe('code, label');
    expect(render('{{ dbt.default__get_binding_char() }} {{ get_binding_char() }} {{ get_batch_size() }}')).toBe('%s ? 10000');
  });
});

describe('load_csv_rows', () => {
  it('inserts the rows through adapter.add_query with bound values and returns the first insert', async () => {
    await run('create or replace table main.letters (code integer, label varchar)');
    const sql = renderAsSeed("{{ load_csv_rows(model, run_query(\"select 1 as code, 'a''s' as label union all select 2, null order by code\")) }}");
    // (an earlier test turned quote_columns off for this seed)
    expect(sql.replace(/\s+/g, ' ')).toMatch(/^insert into "main"."letters" \("?code"?, "?label"?\) values \(\?, \?\), \(\?, \?\)$/);
    expect(await query('select code, label from main.letters order by code')).toEqual([{ code: 1, label: "a's" }, { code: 2, label: null }]);
  });
});

describe('create_columns', () => {
  it('adds each column with its expanded type', async () => {
    await run('create or replace table main.cc as select 1 as id');
    render(`{% do create_columns(${rel('cc')}, [api.Column('note', 'varchar'), api.Column('amount', 'numeric', numeric_precision=10, numeric_scale=2)]) %}`);
    expect(await columnsOf('cc')).toEqual(['id:INTEGER', 'note:VARCHAR', 'amount:DECIMAL(10,2)']);
  });
});
