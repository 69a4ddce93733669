/**
 * The snapshot and unit-test helper macros (src/jinja/globalProject/snapshotHelpers.ts) driven the
 * way a custom snapshot materialization drives them: a strategy, the first build, then the staging
 * table and the merge, round after round on DuckDB, with the snapshot table read back each time.
 * The snapshot clock is a table the test sets, so every meta column can be checked exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/compile/session.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

let db: DuckDbSession;
let session: Session;
let render: DuckDbSession['render'];
let exec: DuckDbSession['run'];
let query: DuckDbSession['query'];
const warnings: string[] = [];

/** A Jinja string literal. */
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const rel = (name: string) => `api.Relation.create(database=target.database, schema='main', identifier='${name}', type='table')`;

async function setSource(rows: string, columns = 'id, v, updated_at'): Promise<void> {
  await exec(`create or replace table main.src as select * from (values ${rows}) s(${columns})`);
}
async function setClock(time: string): Promise<void> {
  await exec(`create or replace table main.snap_clock as select timestamp '${time}' as t`);
}

interface Round {
  table: string;
  strategy: 'timestamp' | 'check';
  /** config.set(key, <Jinja expression>) before the strategy is made. */
  config: Record<string, string>;
  source?: string;
  merge?: 'snapshot_merge_sql' | 'dbt.default__snapshot_merge_sql';
}

/** One `snapshot` run: build the table the first time, else stage, merge and drop the staging table. */
async function snapshotRound(round: Round): Promise<void> {
  const source = round.source ?? 'select * from main.src';
  const [{ n }] = (await query(`select count(*)::int as n from information_schema.tables where table_schema = 'main' and table_name = '${round.table}'`)) as [{ n: number }];
  const exists = n > 0;
  const node = `{'database': target.database, 'schema': 'main', 'alias': '${round.table}', 'compiled_code': ${lit(source)}}`;
  const setup =
    Object.entries(round.config).map(([key, value]) => `{% do config.set('${key}', ${value}) %}`).join('') +
    `{% set strategy = strategy_dispatch('${round.strategy}')(${node}, 'snapshotted_data', 'source_data', config, ${exists ? 'true' : 'false'}) %}`;
  if (!exists) {
    await exec(`create table main.${round.table} as ${render(`${setup}{{ build_snapshot_table(strategy, ${lit(source)}) }}`)}`);
    return;
  }
  const merge = render(
    `${setup}{% set staging = build_snapshot_staging_table(strategy, ${lit(source)}, ${rel(round.table)}) %}` +
      `{% set cols = [] %}{% for c in adapter.get_columns_in_relation(${rel(round.table)}) %}{% do cols.append(adapter.quote(c.name)) %}{% endfor %}` +
      `{{ ${round.merge ?? 'snapshot_merge_sql'}(${rel(round.table)}, staging, cols) }}`,
  );
  await exec(merge.split(/;\s*\n/).filter((s) => s.trim()));
  render(`{{ post_snapshot(make_temp_relation(${rel(round.table)})) }}`);
}

async function rows(table: string, columns = 'id, v, dbt_valid_from, dbt_valid_to', order = 'id, dbt_valid_from, v'): Promise<string[]> {
  const got = await query(`select ${columns.split(', ').map((c) => `coalesce(${c}::varchar, '-') as ${c}`).join(', ')} from main.${table} order by ${order}`);
  return got.map((r) => Object.values(r).map((v) => String(v).replace(/ 00:00:00$/, '')).join(' '));
}

beforeAll(async () => {
  db = await openDuckDbSession(
    {
      'project.yml': 'name: shop\nversion: "1"\n',
      'models/orders.sql': 'select 1 as id',
      // The snapshot's clock is a table, so each round has a known time.
      'macros/clock.sql': '{% macro duckdb__snapshot_get_time() %}(select t from main.snap_clock){% endmacro %}',
    },
    { log: (message, level) => void (level === 'warn' && warnings.push(message)) },
  );
  ({ session, render, run: exec, query } = db);
});

afterAll(async () => {
  await db?.close();
});

const round1 = "(1, 'a', timestamp '2024-01-01'), (2, 'b', timestamp '2024-01-01'), (3, 'c', timestamp '2024-01-01')";
// 1 changes, 2 stays, 3 is deleted, 4 is new.
const round2 = "(1, 'a2', timestamp '2024-02-01'), (2, 'b', timestamp '2024-01-01'), (4, 'd', timestamp '2024-02-01')";
// 3 comes back.
const round3 = "(1, 'a2', timestamp '2024-02-01'), (2, 'b', timestamp '2024-01-01'), (3, 'c3', timestamp '2024-03-01'), (4, 'd', timestamp '2024-02-01')";

describe('the timestamp strategy, round after round', () => {
  const timestamp = (table: string, extra: Record<string, string> = {}, merge?: Round['merge']): Round => ({
    table,
    strategy: 'timestamp',
    config: { unique_key: "'id'", updated_at: "'updated_at'", ...extra },
    merge,
  });

  it('hard_deletes ignore (the default) closes changed rows and keeps deleted ones current', async () => {
    await setClock('2024-09-01');
    await setSource(round1);
    await snapshotRound(timestamp('snap_ignore'));
    expect(await rows('snap_ignore')).toEqual(['1 a 2024-01-01 -', '2 b 2024-01-01 -', '3 c 2024-01-01 -']);
    const [first] = await query('select dbt_scd_id, dbt_updated_at::varchar as u from main.snap_ignore where id = 1');
    const [hash] = await query("select md5('1|2024-01-01 00:00:00') as h");
    expect(first).toEqual({ dbt_scd_id: hash!['h'], u: '2024-01-01 00:00:00' });
    await setClock('2024-09-02');
    await setSource(round2);
    await snapshotRound(timestamp('snap_ignore'));
    expect(await rows('snap_ignore')).toEqual(['1 a 2024-01-01 2024-02-01', '1 a2 2024-02-01 -', '2 b 2024-01-01 -', '3 c 2024-01-01 -', '4 d 2024-02-01 -']);
    // The staging table is gone (post_snapshot on DuckDB drops it).
    expect(await query("select count(*)::int as n from information_schema.tables where table_name = 'snap_ignore__dbt_tmp'")).toEqual([{ n: 0 }]);
  });

  for (const merge of ['snapshot_merge_sql', 'dbt.default__snapshot_merge_sql'] as const) {
    it(`hard_deletes invalidate closes deleted rows at the snapshot time (${merge})`, async () => {
      const table = `snap_inval_${merge.length}`;
      await setClock('2024-09-01');
      await setSource(round1);
      await snapshotRound(timestamp(table, { hard_deletes: "'invalidate'" }, merge));
      await setClock('2024-09-02');
      await setSource(round2);
      await snapshotRound(timestamp(table, { hard_deletes: "'invalidate'" }, merge));
      expect(await rows(table)).toEqual(['1 a 2024-01-01 2024-02-01', '1 a2 2024-02-01 -', '2 b 2024-01-01 -', '3 c 2024-01-01 2024-09-02', '4 d 2024-02-01 -']);
      // Another run over the same source changes nothing.
      await setClock('2024-09-03');
      await snapshotRound(timestamp(table, { hard_deletes: "'invalidate'" }, merge));
      expect(await rows(table)).toEqual(['1 a 2024-01-01 2024-02-01', '1 a2 2024-02-01 -', '2 b 2024-01-01 -', '3 c 2024-01-01 2024-09-02', '4 d 2024-02-01 -']);
    });
  }

  it('hard_deletes new_record adds a deletion record once, and closes it when the row comes back', async () => {
    const cols = 'id, v, dbt_valid_from, dbt_valid_to, dbt_is_deleted';
    await setClock('2024-09-01');
    await setSource(round1);
    await snapshotRound(timestamp('snap_new', { hard_deletes: "'new_record'" }));
    expect(await rows('snap_new', cols)).toEqual(['1 a 2024-01-01 - False', '2 b 2024-01-01 - False', '3 c 2024-01-01 - False']);
    await setClock('2024-09-02');
    await setSource(round2);
    await snapshotRound(timestamp('snap_new', { hard_deletes: "'new_record'" }));
    const afterDelete = ['1 a 2024-01-01 2024-02-01 False', '1 a2 2024-02-01 - False', '2 b 2024-01-01 - False', '3 c 2024-01-01 2024-09-02 False', '3 c 2024-09-02 - True', '4 d 2024-02-01 - False'];
    expect(await rows('snap_new', cols)).toEqual(afterDelete);
    // The deletion record has its own scd id, and its updated_at is the snapshot time.
    const [marker] = await query("select dbt_scd_id, dbt_updated_at::varchar as u from main.snap_new where dbt_is_deleted = 'True'");
    const [old] = await query("select dbt_scd_id from main.snap_new where id = 3 and dbt_is_deleted = 'False'");
    const [hash] = await query(`select md5('${old!['dbt_scd_id']}|2024-09-02 00:00:00') as h`);
    expect(marker).toEqual({ dbt_scd_id: hash!['h'], u: '2024-09-02 00:00:00' });
    await setClock('2024-09-03');
    await snapshotRound(timestamp('snap_new', { hard_deletes: "'new_record'" }));
    expect(await rows('snap_new', cols)).toEqual(afterDelete);
    await setClock('2024-09-04');
    await setSource(round3);
    await snapshotRound(timestamp('snap_new', { hard_deletes: "'new_record'" }));
    expect(await rows('snap_new', cols)).toEqual([
      '1 a 2024-01-01 2024-02-01 False', '1 a2 2024-02-01 - False', '2 b 2024-01-01 - False',
      '3 c 2024-01-01 2024-09-02 False', '3 c3 2024-03-01 - False', '3 c 2024-09-02 2024-03-01 True', '4 d 2024-02-01 - False',
    ]);
  });

  it('snapshot_staging_table is the change set: new versions, closing rows, deletes and deletion records', async () => {
    const config = "{% do config.set('unique_key', 'id') %}{% do config.set('updated_at', 'updated_at') %}{% do config.set('hard_deletes', 'new_record') %}";
    await setClock('2024-09-01');
    await setSource(round1);
    await snapshotRound(timestamp('snap_stage', { hard_deletes: "'new_record'" }));
    await setClock('2024-09-02');
    await setSource(round2);
    const staging = render(`${config}{% set strategy = snapshot_timestamp_strategy(none, 'snapshotted_data', 'source_data', config, true) %}{{ snapshot_staging_table(strategy, 'select * from main.src', ${rel('snap_stage')}) }}`);
    const changes = await query(`select dbt_change_type as change, id, v, dbt_unique_key as k, dbt_valid_to::varchar as valid_to, dbt_is_deleted as deleted from (${staging}) order by all`);
    expect(changes.map((r) => Object.values(r).map((v) => String(v ?? '-').replace(/ 00:00:00$/, '')).join(' '))).toEqual([
      'delete - - - 2024-09-02 False', 'insert 1 a2 1 - False', 'insert 3 c 3 - True', 'insert 4 d 4 - False', 'update 1 a2 1 2024-02-01 False',
    ]);
  });
  it('dbt_valid_to_current marks current rows, and a composite unique_key keys each part', async () => {
    const config = { unique_key: "['id', 'k']", updated_at: "'updated_at'", hard_deletes: "'new_record'", dbt_valid_to_current: lit("timestamp '9999-12-31'") };
    const round: Round = { table: 'snap_composite', strategy: 'timestamp', config };
    const cols = 'id, k, v, dbt_valid_from, dbt_valid_to, dbt_is_deleted';
    const order = 'id, k, dbt_valid_from, v';
    await setClock('2024-09-01');
    await setSource("(1, 'x', 'a', timestamp '2024-01-01'), (1, 'y', 'b', timestamp '2024-01-01'), (2, 'x', 'c', timestamp '2024-01-01')", 'id, k, v, updated_at');
    await snapshotRound(round);
    expect(await rows('snap_composite', cols, order)).toEqual(['1 x a 2024-01-01 9999-12-31 False', '1 y b 2024-01-01 9999-12-31 False', '2 x c 2024-01-01 9999-12-31 False']);
    await setClock('2024-09-02');
    await setSource("(1, 'x', 'a', timestamp '2024-01-01'), (1, 'y', 'b2', timestamp '2024-02-01')", 'id, k, v, updated_at');
    await snapshotRound(round);
    const expected = [
      '1 x a 2024-01-01 9999-12-31 False', '1 y b 2024-01-01 2024-02-01 False', '1 y b2 2024-02-01 9999-12-31 False',
      '2 x c 2024-01-01 2024-09-02 False', '2 x c 2024-09-02 9999-12-31 True',
    ];
    expect(await rows('snap_composite', cols, order)).toEqual(expected);
    await setClock('2024-09-03');
    await snapshotRound(round);
    expect(await rows('snap_composite', cols, order)).toEqual(expected);
  });

  it('snapshot_table_column_names renames the meta columns', async () => {
    const names = "{'dbt_valid_to': 'valid_until', 'dbt_valid_from': 'valid_since', 'dbt_scd_id': 'scd', 'dbt_updated_at': 'changed_at', 'dbt_is_deleted': 'gone'}";
    const round = timestamp('snap_named', { hard_deletes: "'new_record'", snapshot_table_column_names: names });
    await setClock('2024-09-01');
    await setSource(round1);
    await snapshotRound(round);
    expect((await query('select column_name from (describe main.snap_named)')).map((r) => r['column_name'])).toEqual(['id', 'v', 'updated_at', 'scd', 'changed_at', 'valid_since', 'valid_until', 'gone']);
    await setClock('2024-09-02');
    await setSource(round2);
    await snapshotRound(round);
    expect(await rows('snap_named', 'id, v, valid_since, valid_until, gone', 'id, valid_since, v')).toEqual([
      '1 a 2024-01-01 2024-02-01 False', '1 a2 2024-02-01 - False', '2 b 2024-01-01 - False', '3 c 2024-01-01 2024-09-02 False', '3 c 2024-09-02 - True', '4 d 2024-02-01 - False',
    ]);
  });
});

describe('the check strategy', () => {
  it('check_cols lists the columns that make a new version; updated_at defaults to the snapshot time', async () => {
    const round: Round = { table: 'snap_check', strategy: 'check', config: { unique_key: "'id'", check_cols: "['v']" }, source: 'select id, v, w from main.src' };
    await setClock('2024-09-01');
    await setSource("(1, 'a', 1), (2, null, 1), (3, 'c', 1)", 'id, v, w');
    await snapshotRound(round);
    expect(await rows('snap_check', 'id, v, w, dbt_valid_from, dbt_valid_to, dbt_updated_at', 'id, dbt_valid_from')).toEqual([
      '1 a 1 2024-09-01 - 2024-09-01', '2 - 1 2024-09-01 - 2024-09-01', '3 c 1 2024-09-01 - 2024-09-01',
    ]);
    // w is not checked; v changing to or from null counts.
    await setClock('2024-09-02');
    await setSource("(1, 'a', 2), (2, 'b', 1), (3, null, 1)", 'id, v, w');
    await snapshotRound(round);
    expect(await rows('snap_check', 'id, v, w, dbt_valid_from, dbt_valid_to', 'id, dbt_valid_from')).toEqual([
      '1 a 1 2024-09-01 -', '2 - 1 2024-09-01 2024-09-02', '2 b 1 2024-09-02 -', '3 c 1 2024-09-01 2024-09-02', '3 - 1 2024-09-02 -',
    ]);
  });

  it("check_cols 'all' compares every column, and a column the table lacks makes every row new", async () => {
    const round = (source: string): Round => ({ table: 'snap_all', strategy: 'check', config: { unique_key: "'id'", check_cols: "'all'", updated_at: "'u'" }, source });
    await setClock('2024-09-01');
    await setSource("(1, 'a', timestamp '2024-01-01'), (2, 'b', timestamp '2024-01-01')", 'id, v, u');
    await snapshotRound(round('select id, v, u from main.src'));
    await setClock('2024-09-02');
    await setSource("(1, 'a', timestamp '2024-01-01'), (2, 'b2', timestamp '2024-01-02')", 'id, v, u');
    await snapshotRound(round('select id, v, u from main.src'));
    expect(await rows('snap_all', 'id, v, dbt_valid_from, dbt_valid_to')).toEqual(['1 a 2024-01-01 -', '2 b 2024-01-01 2024-01-02', '2 b2 2024-01-02 -']);
    await setClock('2024-09-03');
    await setSource("(1, 'a', timestamp '2024-01-05'), (2, 'b2', timestamp '2024-01-05')", 'id, v, u');
    await snapshotRound(round("select id, v, u, 'new' as extra from main.src"));
    expect(await rows('snap_all', 'id, v, dbt_valid_from, dbt_valid_to')).toEqual([
      '1 a 2024-01-01 2024-01-05', '1 a 2024-01-05 -', '2 b 2024-01-01 2024-01-02', '2 b2 2024-01-02 2024-01-05', '2 b2 2024-01-05 -',
    ]);
  });

  it('snapshot_check_all_get_existing_columns returns (column added?, the quoted columns the table has)', async () => {
    await exec('create or replace table main.snap_cols as select 1 as id, 2 as v');
    const node = (code: string) => `{'database': target.database, 'schema': 'main', 'alias': 'snap_cols', 'compiled_code': ${lit(code)}}`;
    expect(render(`{{ snapshot_check_all_get_existing_columns(${node('select 1 as id, 2 as v, 3 as w')}, true, 'all') }}`)).toBe(`(True, ['"id"', '"v"'])`);
    expect(render(`{{ snapshot_check_all_get_existing_columns(${node('select 1 as id, 2 as v, 3 as w')}, true, ['v']) }}`)).toBe(`(False, ['"v"'])`);
    expect(render(`{{ snapshot_check_all_get_existing_columns(${node('select 1 as id')}, false, 'all')[0] }}`)).toBe('False');
    expect(() => render(`{{ snapshot_check_all_get_existing_columns(${node('select 1 as id')}, true, 5) }}`)).toThrowError("Invalid value for 'check_cols': 5");
    expect(() => render(`{{ snapshot_check_all_get_existing_columns(${node('select 1 as id')}, true, []) }}`)).toThrowError("Invalid value for 'check_cols': []");
  });
});

describe('the small snapshot helpers', () => {
  it('get_true_sql, post_snapshot, snapshot_string_as_time and strategy_dispatch', async () => {
    expect(render('{{ get_true_sql() | trim }}|{{ dbt.default__post_snapshot(none) | trim }}|')).toBe('TRUE||');
    expect(await query(`select ${render('{{ get_true_sql() }}')} as t`)).toEqual([{ t: true }]);
    expect(() => render("{{ dbt.default__snapshot_string_as_time('2024-01-01') }}")).toThrowError(/snapshot_string_as_time.*duckdb/);
    expect(() => render("{{ strategy_dispatch('nopkg.timestamp') }}")).toThrowError("Could not find package 'nopkg', called with 'nopkg.timestamp'");
    expect(() => render("{{ strategy_dispatch('dbt.nope') }}")).toThrowError("The specified strategy macro 'nope' was not found in package 'dbt'");
  });
  it('check_time_data_types warns only when the snapshot time and dbt_updated_at differ in type', () => {
    warnings.length = 0;
    render("{{ check_time_data_types('select timestamp \\'2024-01-01\\' as dbt_updated_at') }}");
    render("{{ check_time_data_types('select 1 as id') }}");
    expect(warnings).toEqual([]);
    render("{{ check_time_data_types('select current_date as dbt_updated_at') }}");
    expect(warnings.join('')).toMatch(/TIMESTAMP.*DATE/);
  });
  it('get_dbt_valid_to_current keeps the updated_at type for the null, and unique_key_is_null checks the first key', async () => {
    const expr = render("{% do config.set('dbt_valid_to_current', none) %}{{ get_dbt_valid_to_current({'updated_at': 'u'}, {'dbt_valid_to': 'vt'}) }}");
    expect(await query(`select typeof(vt) as t, vt from (select ${expr} from (select date '2024-01-01' as u))`)).toEqual([{ t: 'DATE', vt: null }]);
    const nulls = render("select {{ unique_key_is_null(['a', 'b'], 's') }} as one, {{ unique_key_is_not_null('a', 's') }} as two from (select null as dbt_unique_key_1, 1 as dbt_unique_key) s");
    expect(await query(nulls)).toEqual([{ one: true, two: true }]);
  });
});

describe('the unit-test SQL', () => {
  it('get_fixture_sql quotes strings, fills missing columns with typed nulls, and has no rows for an empty fixture', async () => {
    await exec("create or replace table main.orders (id integer, name varchar, placed date)");
    const orders = session.manifest.nodes['model.shop.orders']!;
    const fixture = (code: string) => session.compiler.compile(orders, { mode: 'execute', code }).sql;
    const two = fixture("{{ get_fixture_sql([{'ID': 1, 'name': \"o'neil\"}, {'id': 2, 'placed': '2024-01-02'}], none) }}");
    expect(two).toContain('-- Fixture for orders');
    expect(await query(`select id, name, placed::varchar as placed, typeof(placed) as t from (${two}) order by id`)).toEqual([
      { id: 1, name: "o'neil", placed: null, t: 'DATE' }, { id: 2, name: null, placed: '2024-01-02', t: 'DATE' },
    ]);
    const none = fixture('{{ get_fixture_sql([], none) }}');
    expect(await query(`select count(*)::int as n from (${none})`)).toEqual([{ n: 0 }]);
    expect((await query(`describe ${none}`)).map((r) => `${r['column_name']}:${r['column_type']}`)).toEqual(['id:INTEGER', 'name:VARCHAR', 'placed:DATE']);
    await exec('drop table main.orders');
    expect(() => fixture('{{ get_fixture_sql([], none) }}')).toThrowError("Not able to get columns for unit test 'orders' from relation");
  });
  it('get_expected_sql and get_unit_test_sql: actual and expected rows side by side; no expected rows is an empty set', async () => {
    const expected = render("{{ get_expected_sql([{'id': 1, 'name': 'x'}, {'id': 2, 'name': none}], {'id': 'integer', 'name': 'character varying(20)'}, {'id': 'id', 'name': 'name'}) }}");
    expect(await query(`select id, name, typeof(name) as t from (${expected}) order by id`)).toEqual([{ id: 1, name: 'x', t: 'VARCHAR' }, { id: 2, name: null, t: 'VARCHAR' }]);
    const test = render(`{{ get_unit_test_sql("select 1 as id, 'x' as name", ${lit(expected)}, ['id', 'name']) }}`);
    expect(await query(`${test} order by actual_or_expected, id`)).toEqual([
      { id: 1, name: 'x', actual_or_expected: 'actual' }, { id: 1, name: 'x', actual_or_expected: 'expected' }, { id: 2, name: null, actual_or_expected: 'expected' },
    ]);
    const empty = render("{{ get_expected_sql([], {'id': 'integer'}, {'id': 'id'}) }}");
    const emptyTest = render(`{{ get_unit_test_sql('select 1 as id', ${lit(empty)}, ['id']) }}`);
    expect(await query(emptyTest)).toEqual([{ id: 1, actual_or_expected: 'actual' }]);
  });
  it('format_row casts each value to its column type and names the accepted columns when one is unknown', () => {
    expect(render("{{ format_row({'ID': 1, 'Name': 'a', 'gone': none}, {'id': 'integer', 'name': 'character varying(5)', 'gone': 'date'}) }}")).toBe(
      `{'id': 'try_cast(1 as integer)', 'name': "try_cast('a' as character varying)", 'gone': 'try_cast(null as date)'}`,
    );
    expect(() => render("{{ format_row({'nope': 1}, {'id': 'integer'}) }}")).toThrowError(/Invalid column name: 'nope' in unit test fixture for '.*'\.\nAccepted columns for '.*' are: \['id'\]/);
    expect(render("{{ validate_fixture_rows([], none) }}|")).toBe('|');
  });
});
