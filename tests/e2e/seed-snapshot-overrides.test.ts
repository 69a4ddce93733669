/**
 * End to end: a project's own `{% materialization seed %}` and `{% materialization snapshot %}`
 * replace kiln's native ones, run by the built CLI on tests/fixtures/mat_seed_override and
 * mat_snapshot_override. Both are written the way dbt's default ones are, so the seed helpers
 * (load_agate_table, create_csv_table, reset_csv_table, load_csv_rows through adapter.add_query,
 * get_csv_sql, write) and the snapshot helpers (strategy_dispatch, build_snapshot_table,
 * build_snapshot_staging_table, snapshot_merge_sql, post_snapshot) are checked working together
 * on DuckDB, by the warehouse contents.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopies, kilnOk as ok, query } from './cli.js';

const fixture = fixtureCopies();

function writeCsv(dir: string, file: string, lines: string[]): void {
  writeFileSync(join(dir, 'seeds', file), `${lines.join('\n')}\n`);
}

const columnTypes = (dir: string, table: string) =>
  query(dir, `select column_name, data_type from information_schema.columns where table_name = '${table}' order by ordinal_position`).then((rows) => rows.map((r) => `${r['column_name']}:${r['data_type']}`));

describe("a project's own seed materialization", () => {
  const people = `select id, name, score, cast(joined as varchar) as joined, active, zip, cast(seen_at as varchar) as seen_at from people order by id`;

  it("loads the CSV through load_agate_table and the seed helpers, typed as dbt types an agate table (not as kiln's native loader)", async () => {
    const dir = fixture('mat_seed_override');
    const out = ok(dir, 'seed');
    expect(out).toContain('ran materialization seed for main.people');
    expect(out).toContain('3 rows');
    // Integers are INTEGER (kiln's native loader makes them BIGINT); column_types wins for zip and keeps its leading zeros.
    expect(await columnTypes(dir, 'people')).toEqual(['id:INTEGER', 'name:VARCHAR', 'score:DOUBLE', 'joined:DATE', 'active:BOOLEAN', 'zip:VARCHAR', 'seen_at:TIMESTAMP']);
    expect(await query(dir, people)).toEqual([
      { id: 1, name: 'alice', score: 1.5, joined: '2024-01-02', active: true, zip: '00123', seen_at: '2024-01-02 10:00:00' },
      { id: 2, name: 'bob', score: 2, joined: '2024-02-03', active: false, zip: '04567', seen_at: '2024-02-03 11:30:00' },
      // "null" and empty cells are NULL, as agate reads them.
      { id: 3, name: null, score: null, joined: null, active: null, zip: null, seen_at: null },
    ]);
    // write(): the run file holds what the materialization wrote, the create and the first batch's insert with its placeholders.
    const runFile = readFileSync(join(dir, 'target/run/mat_seed_override/seeds/people.csv'), 'utf8');
    expect(runFile.replace(/\s+/g, ' ').trim()).toBe(
      'create table "main"."people" ("id" INTEGER, "name" VARCHAR, "score" DOUBLE, "joined" DATE, "active" BOOLEAN, "zip" varchar(5), "seen_at" TIMESTAMP); -- dbt seed -- ' +
        'insert into "main"."people" ("id", "name", "score", "joined", "active", "zip", "seen_at") values (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)',
    );
  });

  it('a second run empties the table and loads it again; --full-refresh recreates it with the new header', async () => {
    const dir = fixture('mat_seed_override');
    ok(dir, 'seed');
    // A value that would end the statement if it were pasted into the SQL: bound, it is stored as written.
    writeCsv(dir, 'people.csv', ['id,name,score,joined,active,zip,seen_at', "4,\"o'hara'); drop table people; --\",0.25,2024-03-04,true,99999,2024-03-04 00:00:00"]);
    ok(dir, 'seed');
    expect(await query(dir, people)).toEqual([{ id: 4, name: "o'hara'); drop table people; --", score: 0.25, joined: '2024-03-04', active: true, zip: '99999', seen_at: '2024-03-04 00:00:00' }]);
    expect(readFileSync(join(dir, 'target/run/mat_seed_override/seeds/people.csv'), 'utf8')).toMatch(/^truncate table "main"."people";/);

    writeCsv(dir, 'people.csv', ['id,nickname', '5,ed']);
    ok(dir, 'seed', '--full-refresh');
    expect(await columnTypes(dir, 'people')).toEqual(['id:INTEGER', 'nickname:VARCHAR']);
    expect(await query(dir, 'select * from people')).toEqual([{ id: 5, nickname: 'ed' }]);
  });
});

describe("a project's own snapshot materialization", () => {
  const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
  const versions = `select id, name, cast(dbt_valid_from as varchar) as valid_from, cast(dbt_valid_to as varchar) as valid_to, dbt_scd_id as scd from customers_snap order by id, dbt_valid_from`;

  it('creates the snapshot table, then closes changed versions and opens new ones through the staging table', async () => {
    const dir = fixture('mat_snapshot_override');
    ok(dir, 'seed');
    expect(ok(dir, 'snapshot', '-s', 'customers_snap')).toContain('ran materialization snapshot for main.customers_snap');
    const first = await query(dir, versions);
    expect(first).toEqual([
      { id: 1, name: 'alice', valid_from: '2024-01-01 00:00:00', valid_to: null, scd: md5('1|2024-01-01 00:00:00') },
      { id: 2, name: 'bob', valid_from: '2024-01-01 00:00:00', valid_to: null, scd: md5('2|2024-01-01 00:00:00') },
    ]);
    // The first run builds the table; only later runs have a change set.
    expect(await query(dir, "select count(*)::int as n from information_schema.tables where table_name = 'snapshot_runs'")).toEqual([{ n: 0 }]);

    // alice changes, bob does not, carol is new.
    writeCsv(dir, 'customers.csv', ['id,name,updated_at', '1,alicia,2024-02-01 00:00:00', '2,bob,2024-01-01 00:00:00', '3,carol,2024-02-01 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'customers_snap');
    const second = await query(dir, versions);
    expect(second).toEqual([
      { id: 1, name: 'alice', valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00', scd: md5('1|2024-01-01 00:00:00') },
      { id: 1, name: 'alicia', valid_from: '2024-02-01 00:00:00', valid_to: null, scd: md5('1|2024-02-01 00:00:00') },
      first[1],
      { id: 3, name: 'carol', valid_from: '2024-02-01 00:00:00', valid_to: null, scd: md5('3|2024-02-01 00:00:00') },
    ]);
    expect(await query(dir, "select change_type, id from snapshot_runs where snapshot = 'customers_snap' order by all")).toEqual([
      { change_type: 'insert', id: 1 },
      { change_type: 'insert', id: 3 },
      { change_type: 'update', id: 1 },
    ]);
    // post_snapshot dropped the staging table.
    expect(await query(dir, "select table_name from information_schema.tables where table_name like '%dbt_tmp%'")).toEqual([]);

    // Nothing changed: an empty change set, the same versions.
    ok(dir, 'snapshot', '-s', 'customers_snap');
    expect(await query(dir, versions)).toEqual(second);
    expect(await query(dir, 'select count(*)::int as n from snapshot_runs')).toEqual([{ n: 3 }]);
  });

  it('check strategy: only a change in check_cols opens a new version, closed and opened at the same snapshot time', async () => {
    const dir = fixture('mat_snapshot_override');
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'customers_check');
    // alice's name changes; bob's updated_at changes, which check_cols does not look at.
    writeCsv(dir, 'customers.csv', ['id,name,updated_at', '1,alicia,2024-01-01 00:00:00', '2,bob,2024-03-01 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'customers_check');
    expect(await query(dir, 'select id, name, dbt_valid_to is null as current from customers_check order by id, dbt_valid_from')).toEqual([
      { id: 1, name: 'alice', current: false },
      { id: 1, name: 'alicia', current: true },
      { id: 2, name: 'bob', current: true },
    ]);
    expect(await query(dir, "select count(*)::int as n from customers_check c where dbt_valid_to is not null and not exists (select 1 from customers_check n where n.id = c.id and n.dbt_valid_from = c.dbt_valid_to)")).toEqual([{ n: 0 }]);
    expect(await query(dir, "select change_type, id from snapshot_runs where snapshot = 'customers_check' order by all")).toEqual([
      { change_type: 'insert', id: 1 },
      { change_type: 'update', id: 1 },
    ]);
  });
});
