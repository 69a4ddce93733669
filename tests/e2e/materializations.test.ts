/**
 * End to end: snapshots, incremental strategies, microbatch, contracts and failure
 * safety, run by the built CLI on tests/fixtures/mat_* copies. Source rows change
 * between runs (a rewritten seed CSV, or a source table written directly), and every
 * step asserts the exact warehouse contents.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopies, kilnFails as fails, kilnOk as ok, query } from './cli.js';

const fixture = fixtureCopies();

function writeSeed(dir: string, file: string, lines: string[]): void {
  writeFileSync(join(dir, 'seeds', file), `${lines.join('\n')}\n`);
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Tables in the warehouse whose name says kiln left them behind. */
async function leftovers(dir: string): Promise<unknown[]> {
  return (await query(dir, "select table_name from information_schema.tables where table_name like '%kiln%' and table_name <> 'kiln_run_history'")).map((r) => r['table_name']);
}

describe('snapshots', () => {
  const columns = `id, name, status, cast(dbt_scd_id as varchar) as scd, cast(dbt_updated_at as varchar) as updated, cast(dbt_valid_from as varchar) as valid_from, cast(dbt_valid_to as varchar) as valid_to`;

  it('timestamp strategy: closes changed rows, opens new versions, adds new rows, and a run without changes adds nothing', async () => {
    const dir = fixture('mat_snapshots');
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'snap_timestamp');
    const first = await query(dir, `select ${columns} from snap_timestamp order by id, dbt_valid_from`);
    expect(first).toEqual([
      { id: 1, name: 'alice', status: 'active', scd: md5('1|2024-01-01 00:00:00'), updated: '2024-01-01 00:00:00', valid_from: '2024-01-01 00:00:00', valid_to: null },
      { id: 2, name: 'bob', status: 'active', scd: md5('2|2024-01-01 00:00:00'), updated: '2024-01-01 00:00:00', valid_from: '2024-01-01 00:00:00', valid_to: null },
    ]);

    // alice changes (newer updated_at); bob is untouched; carol is new.
    writeSeed(dir, 'customers.csv', ['id,name,status,updated_at', '1,alicia,active,2024-01-02 00:00:00', '2,bob,active,2024-01-01 00:00:00', '3,carol,active,2024-01-03 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'snap_timestamp');
    const second = await query(dir, `select ${columns} from snap_timestamp order by id, dbt_valid_from`);
    expect(second).toEqual([
      { id: 1, name: 'alice', status: 'active', scd: md5('1|2024-01-01 00:00:00'), updated: '2024-01-01 00:00:00', valid_from: '2024-01-01 00:00:00', valid_to: '2024-01-02 00:00:00' },
      { id: 1, name: 'alicia', status: 'active', scd: md5('1|2024-01-02 00:00:00'), updated: '2024-01-02 00:00:00', valid_from: '2024-01-02 00:00:00', valid_to: null },
      first[1],
      { id: 3, name: 'carol', status: 'active', scd: md5('3|2024-01-03 00:00:00'), updated: '2024-01-03 00:00:00', valid_from: '2024-01-03 00:00:00', valid_to: null },
    ]);

    // No change: nothing added, nothing closed. --full-refresh does not touch a snapshot's history (as in dbt).
    ok(dir, 'snapshot', '-s', 'snap_timestamp');
    ok(dir, 'snapshot', '-s', 'snap_timestamp', '--full-refresh');
    expect(await query(dir, `select ${columns} from snap_timestamp order by id, dbt_valid_from`)).toEqual(second);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('check strategy: check_cols [..] only sees the listed columns, check_cols all sees every column', async () => {
    const dir = fixture('mat_snapshots');
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'snap_check_cols', 'snap_check_all');
    // alice changes her name only; bob changes his status.
    writeSeed(dir, 'customers.csv', ['id,name,status,updated_at', '1,alicia,active,2024-01-01 00:00:00', '2,bob,inactive,2024-01-01 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'snap_check_cols', 'snap_check_all');
    const versions = `select id, name, status, dbt_valid_to is null as current from %s order by id, dbt_valid_from`;
    expect(await query(dir, versions.replace('%s', 'snap_check_cols'))).toEqual([
      { id: 1, name: 'alice', status: 'active', current: true },
      { id: 2, name: 'bob', status: 'active', current: false },
      { id: 2, name: 'bob', status: 'inactive', current: true },
    ]);
    expect(await query(dir, versions.replace('%s', 'snap_check_all'))).toEqual([
      { id: 1, name: 'alice', status: 'active', current: false },
      { id: 1, name: 'alicia', status: 'active', current: true },
      { id: 2, name: 'bob', status: 'active', current: false },
      { id: 2, name: 'bob', status: 'inactive', current: true },
    ]);
    for (const snapshot of ['snap_check_cols', 'snap_check_all']) {
      // The check strategy's time is the run's: a closed version ends where its successor starts,
      // dbt_updated_at is dbt_valid_from, and dbt_scd_id hashes the key and that time.
      expect(
        await query(
          dir,
          `select count(*) filter (where dbt_scd_id <> md5(cast(id as varchar) || '|' || cast(dbt_valid_from as varchar))) as bad_scd,
                  count(*) filter (where dbt_updated_at <> dbt_valid_from) as bad_updated,
                  count(*) filter (where dbt_valid_to is not null and not exists (select 1 from ${snapshot} n where n.id = s.id and n.dbt_valid_from = s.dbt_valid_to)) as gaps,
                  count(*) filter (where dbt_valid_to is not null and dbt_valid_to <= dbt_valid_from) as backwards
           from ${snapshot} s`,
        ),
      ).toEqual([{ bad_scd: '0', bad_updated: '0', gaps: '0', backwards: '0' }]);
    }
    const before = await query(dir, 'select * from snap_check_all order by id, dbt_valid_from');
    ok(dir, 'snapshot', '-s', 'snap_check_cols', 'snap_check_all');
    expect(await query(dir, 'select * from snap_check_all order by id, dbt_valid_from')).toEqual(before);
  });

  it('hard_deletes: ignore, invalidate, new_record (a deletion record, and a new version when the row returns) and invalidate_hard_deletes', async () => {
    const dir = fixture('mat_snapshots');
    const all = ['snap_hd_ignore', 'snap_hd_invalidate', 'snap_hd_new_record', 'snap_hd_legacy'];
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', ...all);
    const initial = await query(dir, 'select id, name, dbt_is_deleted from snap_hd_new_record order by id');
    expect(initial).toEqual([
      { id: 1, name: 'alice', dbt_is_deleted: false },
      { id: 2, name: 'bob', dbt_is_deleted: false },
    ]);
    const columnsOf = async (table: string) => (await query(dir, `select column_name from information_schema.columns where table_name = '${table}' order by ordinal_position`)).map((r) => r['column_name']);
    // Only new_record adds dbt_is_deleted.
    expect(await columnsOf('snap_hd_invalidate')).toEqual(['id', 'name', 'status', 'updated_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);

    // bob is deleted from the source.
    writeSeed(dir, 'customers.csv', ['id,name,status,updated_at', '1,alice,active,2024-01-01 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', ...all);
    const open = (table: string) => query(dir, `select id, dbt_valid_to is null as current from ${table} order by id, dbt_valid_from`);
    expect(await open('snap_hd_ignore')).toEqual([
      { id: 1, current: true },
      { id: 2, current: true },
    ]);
    for (const table of ['snap_hd_invalidate', 'snap_hd_legacy']) {
      expect(await open(table)).toEqual([
        { id: 1, current: true },
        { id: 2, current: false },
      ]);
    }
    const deletion = `select id, name, status, dbt_is_deleted, dbt_valid_to is null as current, cast(dbt_valid_from as varchar) as valid_from, cast(dbt_valid_to as varchar) as valid_to, cast(dbt_updated_at as varchar) as updated
                      from snap_hd_new_record order by id, dbt_valid_from`;
    const afterDelete = await query(dir, deletion);
    expect(afterDelete.map(({ id, name, status, dbt_is_deleted, current }) => ({ id, name, status, dbt_is_deleted, current }))).toEqual([
      { id: 1, name: 'alice', status: 'active', dbt_is_deleted: false, current: true },
      { id: 2, name: 'bob', status: 'active', dbt_is_deleted: false, current: false },
      { id: 2, name: 'bob', status: 'active', dbt_is_deleted: true, current: true },
    ]);
    // The old version ends when the deletion record starts, and the deletion record's time is the run's.
    expect(afterDelete[1]!['valid_to']).toBe(afterDelete[2]!['valid_from']);
    expect(afterDelete[2]!['updated']).toBe(afterDelete[2]!['valid_from']);
    expect(await query(dir, 'select count(distinct dbt_scd_id) as n, count(*) as rows from snap_hd_new_record')).toEqual([{ n: '3', rows: '3' }]);

    // Still deleted: no second deletion record.
    ok(dir, 'snapshot', '-s', 'snap_hd_new_record');
    expect(await query(dir, deletion)).toEqual(afterDelete);

    // bob returns unchanged: the deletion record is closed and a live version opens.
    writeSeed(dir, 'customers.csv', ['id,name,status,updated_at', '1,alice,active,2024-01-01 00:00:00', '2,bob,active,2024-01-01 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', ...all);
    const restored = await query(dir, deletion);
    expect(restored.map(({ id, dbt_is_deleted, current }) => ({ id, dbt_is_deleted, current }))).toEqual([
      { id: 1, dbt_is_deleted: false, current: true },
      { id: 2, dbt_is_deleted: false, current: false },
      { id: 2, dbt_is_deleted: true, current: false },
      { id: 2, dbt_is_deleted: false, current: true },
    ]);
    expect(restored[2]!['valid_to']).toBe(restored[3]!['valid_from']);
    expect(await query(dir, 'select count(distinct dbt_scd_id) as n from snap_hd_new_record')).toEqual([{ n: '4' }]);
    // invalidate: the returning row is a new key again.
    expect(await open('snap_hd_invalidate')).toEqual([
      { id: 1, current: true },
      { id: 2, current: false },
      { id: 2, current: true },
    ]);
    ok(dir, 'snapshot', '-s', 'snap_hd_new_record');
    expect(await query(dir, deletion)).toEqual(restored);
  });

  it('YAML-defined snapshots (relation: source() and ref()) are built by kiln build and kiln snapshot', async () => {
    const dir = fixture('mat_yaml_snapshots');
    mkdirSync(join(dir, 'target'), { recursive: true });
    await query(dir, `create table raw_orders as select * from (values (1, 'placed', timestamp '2024-01-01'), (2, 'placed', timestamp '2024-01-01')) t(id, status, updated_at)`);
    const out = ok(dir, 'build');
    expect(out).toMatch(/OK created snapshot main_history\.orders_snapshot/);
    expect(out).toMatch(/OK created snapshot main_history\.stg_orders_snapshot/);
    const versions = (table: string) => query(dir, `select id, status, cast(dbt_valid_from as varchar) as valid_from, dbt_valid_to is null as current from main_history.${table} order by id, dbt_valid_from`);
    expect(await versions('orders_snapshot')).toEqual([
      { id: 1, status: 'placed', valid_from: '2024-01-01 00:00:00', current: true },
      { id: 2, status: 'placed', valid_from: '2024-01-01 00:00:00', current: true },
    ]);

    await query(dir, `update raw_orders set status = 'shipped', updated_at = timestamp '2024-01-05' where id = 1`);
    await query(dir, `insert into raw_orders values (3, 'placed', timestamp '2024-01-05')`);
    ok(dir, 'snapshot');
    expect(await versions('orders_snapshot')).toEqual([
      { id: 1, status: 'placed', valid_from: '2024-01-01 00:00:00', current: false },
      { id: 1, status: 'shipped', valid_from: '2024-01-05 00:00:00', current: true },
      { id: 2, status: 'placed', valid_from: '2024-01-01 00:00:00', current: true },
      { id: 3, status: 'placed', valid_from: '2024-01-05 00:00:00', current: true },
    ]);
    expect((await versions('stg_orders_snapshot')).map(({ id, status, current }) => ({ id, status, current }))).toEqual([
      { id: 1, status: 'PLACED', current: false },
      { id: 1, status: 'SHIPPED', current: true },
      { id: 2, status: 'PLACED', current: true },
      { id: 3, status: 'PLACED', current: true },
    ]);
    // A build with no change leaves both as they are.
    const before = [await versions('orders_snapshot'), await versions('stg_orders_snapshot')];
    ok(dir, 'build');
    expect([await versions('orders_snapshot'), await versions('stg_orders_snapshot')]).toEqual(before);
  });

  it('snapshot_meta_column_names and dbt_valid_to_current (with a unique_key list and new_record)', async () => {
    const dir = fixture('mat_snapshots');
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'snap_meta_names');
    expect((await query(dir, "select column_name from information_schema.columns where table_name = 'snap_meta_names' order by ordinal_position")).map((r) => r['column_name'])).toEqual([
      'id', 'name', 'status', 'updated_at', 'scd_id', 'changed_at', 'valid_from', 'valid_to', 'is_deleted',
    ]);
    const rows = `select id, name, cast(scd_id as varchar) as scd, cast(valid_from as varchar) as valid_from, cast(valid_to as varchar) as valid_to, is_deleted from snap_meta_names order by id, valid_from, is_deleted`;
    expect(await query(dir, rows)).toEqual([
      { id: 1, name: 'alice', scd: md5('1alice|2024-01-01 00:00:00'), valid_from: '2024-01-01 00:00:00', valid_to: '9999-12-31 00:00:00', is_deleted: false },
      { id: 2, name: 'bob', scd: md5('2bob|2024-01-01 00:00:00'), valid_from: '2024-01-01 00:00:00', valid_to: '9999-12-31 00:00:00', is_deleted: false },
    ]);

    // alice changes; bob goes away.
    writeSeed(dir, 'customers.csv', ['id,name,status,updated_at', '1,alice,away,2024-01-02 00:00:00']);
    ok(dir, 'seed');
    ok(dir, 'snapshot', '-s', 'snap_meta_names');
    const second = await query(dir, rows);
    expect(second.map(({ id, valid_to, is_deleted }) => ({ id, current: valid_to === '9999-12-31 00:00:00', is_deleted }))).toEqual([
      { id: 1, current: false, is_deleted: false },
      { id: 1, current: true, is_deleted: false },
      { id: 2, current: false, is_deleted: false },
      { id: 2, current: true, is_deleted: true },
    ]);
    expect(second[0]!['valid_to']).toBe('2024-01-02 00:00:00');
    expect(second[2]!['valid_to']).toBe(second[3]!['valid_from']);
    ok(dir, 'snapshot', '-s', 'snap_meta_names');
    expect(await query(dir, rows)).toEqual(second);
  });
});

describe('incremental models', () => {
  const rows = (dir: string, table: string) => query(dir, `select account_id, cast(day as varchar) as day, amount from ${table} order by all`);
  const changed = ['account_id,day,amount', 'a,2024-01-01,11', 'a,2024-01-02,21', 'b,2024-01-02,41', 'b,2024-01-03,50'];

  it('merge and delete+insert with a unique_key list update matching rows, insert new ones and keep the rest', async () => {
    const dir = fixture('mat_incremental');
    ok(dir, 'build', '-s', 'events', 'inc_merge', 'inc_delete_insert');
    // (b, 2024-01-01) leaves the source; two rows change; (b, 2024-01-03) is new.
    writeSeed(dir, 'events.csv', changed);
    ok(dir, 'seed');
    const out = ok(dir, 'run', '-s', 'inc_merge', 'inc_delete_insert');
    expect(out).toMatch(/OK merge into main\.inc_merge/);
    expect(out).toMatch(/OK delete\+insert into main\.inc_delete_insert/);
    const expected = [
      { account_id: 'a', day: '2024-01-01', amount: 11 },
      { account_id: 'a', day: '2024-01-02', amount: 21 },
      { account_id: 'b', day: '2024-01-01', amount: 30 },
      { account_id: 'b', day: '2024-01-02', amount: 41 },
      { account_id: 'b', day: '2024-01-03', amount: 50 },
    ];
    expect(await rows(dir, 'inc_merge')).toEqual(expected);
    expect(await rows(dir, 'inc_delete_insert')).toEqual(expected);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('incremental_predicates limit which existing rows merge and delete+insert may touch', async () => {
    const dir = fixture('mat_incremental');
    ok(dir, 'build', '-s', 'events', 'inc_predicates_delete', 'inc_predicates_merge');
    writeSeed(dir, 'events.csv', changed);
    ok(dir, 'seed');
    ok(dir, 'run', '-s', 'inc_predicates_delete', 'inc_predicates_merge');
    // delete+insert keyed on the account: without the predicate, a's and b's 2024-01-01 rows would be deleted too.
    expect(await rows(dir, 'inc_predicates_delete')).toEqual([
      { account_id: 'a', day: '2024-01-01', amount: 10 },
      { account_id: 'a', day: '2024-01-02', amount: 21 },
      { account_id: 'b', day: '2024-01-01', amount: 30 },
      { account_id: 'b', day: '2024-01-02', amount: 41 },
      { account_id: 'b', day: '2024-01-03', amount: 50 },
    ]);
    // merge: (a, 2024-01-01) is outside the predicate, so it cannot match and its new value is inserted beside the old.
    expect(await rows(dir, 'inc_predicates_merge')).toEqual([
      { account_id: 'a', day: '2024-01-01', amount: 10 },
      { account_id: 'a', day: '2024-01-01', amount: 11 },
      { account_id: 'a', day: '2024-01-02', amount: 21 },
      { account_id: 'b', day: '2024-01-01', amount: 30 },
      { account_id: 'b', day: '2024-01-02', amount: 41 },
      { account_id: 'b', day: '2024-01-03', amount: 50 },
    ]);
  });

  it('insert_overwrite replaces exactly the partitions present in the new rows', async () => {
    const dir = fixture('mat_incremental');
    ok(dir, 'build', '-s', 'events', 'inc_overwrite');
    // 2024-01-02 loses a's row; 2024-01-01 changes but is outside the model's incremental filter.
    writeSeed(dir, 'events.csv', ['account_id,day,amount', 'a,2024-01-01,99', 'b,2024-01-02,41', 'b,2024-01-03,50']);
    ok(dir, 'seed');
    expect(ok(dir, 'run', '-s', 'inc_overwrite')).toMatch(/OK insert_overwrite into main\.inc_overwrite/);
    expect(await rows(dir, 'inc_overwrite')).toEqual([
      { account_id: 'a', day: '2024-01-01', amount: 10 },
      { account_id: 'b', day: '2024-01-01', amount: 30 },
      { account_id: 'b', day: '2024-01-02', amount: 41 },
      { account_id: 'b', day: '2024-01-03', amount: 50 },
    ]);
  });

  it('append adds rows; --full-refresh rebuilds; full_refresh: false wins over the flag', async () => {
    const dir = fixture('mat_incremental');
    ok(dir, 'build', '-s', 'events', 'inc_append', 'inc_refreshable', 'inc_never_refreshed');
    writeSeed(dir, 'events.csv', changed);
    ok(dir, 'seed');
    ok(dir, 'run', '-s', 'inc_append', 'inc_refreshable', 'inc_never_refreshed');
    // Only rows after the last day already loaded are appended.
    expect(await rows(dir, 'inc_append')).toEqual([
      { account_id: 'a', day: '2024-01-01', amount: 10 },
      { account_id: 'a', day: '2024-01-02', amount: 20 },
      { account_id: 'b', day: '2024-01-01', amount: 30 },
      { account_id: 'b', day: '2024-01-02', amount: 40 },
      { account_id: 'b', day: '2024-01-03', amount: 50 },
    ]);
    expect(await query(dir, 'select count(*) as n from inc_refreshable')).toEqual([{ n: '8' }]);
    expect(await query(dir, 'select count(*) as n from inc_never_refreshed')).toEqual([{ n: '8' }]);

    const out = ok(dir, 'run', '-s', 'inc_append', 'inc_refreshable', 'inc_never_refreshed', '--full-refresh');
    expect(out).toMatch(/OK created table main\.inc_refreshable/);
    expect(out).toMatch(/OK append into main\.inc_never_refreshed/);
    const source = changed.slice(1).map((line) => line.split(',')).map(([account_id, day, amount]) => ({ account_id, day, amount: Number(amount) }));
    expect(await rows(dir, 'inc_append')).toEqual(source);
    expect(await rows(dir, 'inc_refreshable')).toEqual(source);
    expect(await query(dir, 'select count(*) as n from inc_never_refreshed')).toEqual([{ n: '12' }]);
  });

  it("on_schema_change: fail names the model and the columns, and leaves the table as it was", async () => {
    const dir = fixture('mat_incremental');
    ok(dir, 'build', '-s', 'events', 'inc_schema_fail');
    const before = await query(dir, 'select * from inc_schema_fail order by all');
    const out = fails(dir, 'run', '-s', 'inc_schema_fail', '--vars', '{change_schema: true}');
    expect(out).toMatch(/ERROR incremental model main\.inc_schema_fail/);
    expect(out).toContain("the schema of incremental model 'inc_schema_fail' changed (new columns: double_amount; changed types: amount INTEGER → DOUBLE) and on_schema_change is 'fail'");
    expect(await query(dir, 'select * from inc_schema_fail order by all')).toEqual(before);
    expect((await query(dir, "select column_name, data_type from information_schema.columns where table_name = 'inc_schema_fail' order by ordinal_position"))).toEqual([
      { column_name: 'account_id', data_type: 'VARCHAR' },
      { column_name: 'day', data_type: 'DATE' },
      { column_name: 'amount', data_type: 'INTEGER' },
    ]);
  });
});

describe('microbatch', () => {
  const rows = (dir: string) => query(dir, 'select id, cast(ts as varchar) as ts, amount from daily order by id');

  it('--event-time-start/--event-time-end rebuild only the batches of that range', async () => {
    const dir = fixture('mat_microbatch');
    ok(dir, 'seed');
    expect(ok(dir, 'run', '--event-time-end', '2024-01-04')).toMatch(/OK built 3 batches into main\.daily/);
    expect(await rows(dir)).toEqual([
      { id: 1, ts: '2024-01-01 10:00:00', amount: 1 },
      { id: 2, ts: '2024-01-02 10:00:00', amount: 2 },
      { id: 3, ts: '2024-01-03 10:00:00', amount: 3 },
    ]);
    // Every day changes and 2024-01-02 gains a row at its very end; only 2024-01-02 is rebuilt.
    writeSeed(dir, 'events.csv', ['id,ts,amount', '1,2024-01-01 10:00:00,10', '2,2024-01-02 10:00:00,20', '4,2024-01-02 23:59:59,40', '3,2024-01-03 10:00:00,30', '5,2024-01-03 00:00:00,50']);
    ok(dir, 'seed');
    expect(ok(dir, 'run', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-03')).toMatch(/OK built 1 batch into main\.daily/);
    expect(await rows(dir)).toEqual([
      { id: 1, ts: '2024-01-01 10:00:00', amount: 1 },
      { id: 2, ts: '2024-01-02 10:00:00', amount: 20 },
      { id: 3, ts: '2024-01-03 10:00:00', amount: 3 },
      { id: 4, ts: '2024-01-02 23:59:59', amount: 40 },
    ]);
  });

  it('a run without a range rebuilds the current batch and `lookback` batches before it', async () => {
    const dir = fixture('mat_microbatch');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const csv = (amount: number) => ['id,ts,amount', ...[-4, -3, -2, -1, 0].map((d, i) => `${i + 1},${day(d)} 06:00:00,${amount + i}`)];
    writeSeed(dir, 'events.csv', csv(0));
    ok(dir, 'seed');
    ok(dir, 'run', '--event-time-start', day(-4));
    expect((await rows(dir)).map((r) => r['amount'])).toEqual([0, 1, 2, 3, 4]);
    writeSeed(dir, 'events.csv', csv(100));
    ok(dir, 'seed');
    // lookback=2: today and the two days before it.
    expect(ok(dir, 'run')).toMatch(/OK built 3 batches into main\.daily/);
    expect((await rows(dir)).map((r) => r['amount'])).toEqual([0, 1, 102, 103, 104]);
  });

  it('a --full-refresh whose batch fails leaves the old table as it was, with nothing built aside left over', async () => {
    const dir = fixture('mat_microbatch');
    ok(dir, 'seed');
    ok(dir, 'run', '--event-time-end', '2024-01-04');
    const before = await rows(dir);
    expect(before).toHaveLength(3);
    // The batch of 2024-01-02 now fails (and fails again on its retry).
    const model = join(dir, 'models/daily.sql');
    const original = readFileSync(model, 'utf8');
    writeFileSync(model, original.replace('select id, ts, amount', "select id, ts, case when ts >= timestamp '2024-01-02' then cast('boom' as integer) else amount end as amount"));
    const out = fails(dir, 'run', '--full-refresh', '--event-time-end', '2024-01-04');
    expect(out).toMatch(/2 of 3 batches of microbatch model 'daily' failed/);
    expect(out).toContain('main.daily was left as it was before this run');
    expect(await rows(dir)).toEqual(before);
    expect(await leftovers(dir)).toEqual([]);
    // Fixed, the same full refresh swaps the rebuilt table in.
    writeFileSync(model, original);
    expect(ok(dir, 'run', '--full-refresh', '--event-time-end', '2024-01-03')).toMatch(/OK built 2 batches into main\.daily/);
    expect((await rows(dir)).map((r) => r['id'])).toEqual([1, 2]);
  });
});

describe('contracts', () => {
  it('a model whose columns break its contract fails before building, listing every mismatch, and the old table stays', async () => {
    const dir = fixture('mat_contracts');
    ok(dir, 'run');
    ok(dir, 'run'); // the incremental model's second run checks its contract too
    const before = await query(dir, 'select * from contracted');
    expect(before).toEqual([{ id: 1, name: 'alice', signed_up: '2024-01-01' }]);
    const broken = "select 'one' as id, 'bob' as name, timestamp '2024-01-02 00:00:00' as signed_up, 1 as extra";
    writeFileSync(join(dir, 'models/contracted.sql'), `{{ config(materialized='table') }}\n${broken}\n`);
    writeFileSync(join(dir, 'models/contracted_incremental.sql'), `{{ config(materialized='incremental', unique_key='id') }}\n${broken}\n`);
    const out = fails(dir, 'run');
    for (const model of ['contracted', 'contracted_incremental']) {
      expect(out).toContain(
        `model '${model}' breaks its contract:\n` +
          "  - column 'id' is VARCHAR in the query but integer in the contract\n" +
          "  - column 'signed_up' is TIMESTAMP in the query but date in the contract\n" +
          "  - column 'extra' is returned by the query but not declared",
      );
      expect(await query(dir, `select * from ${model}`)).toEqual(before);
    }
    // The check runs before any statement: nothing is left half-built.
    expect(await leftovers(dir)).toEqual([]);
  });
});

describe('failure safety', () => {
  const models = ['f_table', 'f_incremental', 'f_delete_insert', 'f_snapshot'];

  it('a table, incremental or snapshot whose SQL or post-hook fails leaves the previous relation intact', async () => {
    const dir = fixture('mat_failures');
    ok(dir, 'build');
    ok(dir, 'build'); // second run: the incremental and snapshot paths
    const before: Record<string, unknown[]> = {};
    for (const model of models) before[model] = await query(dir, `select * from ${model} order by all`);
    expect(before['f_table']).toEqual([
      { id: 1, name: 'apple', amount: 10 },
      { id: 2, name: 'pear', amount: 20 },
    ]);
    expect(before['f_snapshot']).toHaveLength(2);

    // A row that fails its cast while the query runs.
    writeSeed(dir, 'items.csv', ['id,name,amount', '1,apple,11', '2,pear,oops', '3,plum,30']);
    ok(dir, 'seed');
    let out = fails(dir, 'run', '-s', ...models);
    out += fails(dir, 'snapshot');
    expect(out.match(/Could not convert string 'oops'/g)?.length).toBeGreaterThanOrEqual(4);
    for (const model of models) expect(await query(dir, `select * from ${model} order by all`), model).toEqual(before[model]);

    // The query succeeds but a post-hook fails after the data was written: all of it is rolled back.
    writeSeed(dir, 'items.csv', ['id,name,amount', '1,apple,11', '3,plum,30']);
    ok(dir, 'seed');
    out = fails(dir, 'build', '--exclude', 'items', '--vars', '{fail_hook: true}');
    expect(out.match(/post-hook failed/g)?.length).toBeGreaterThanOrEqual(4);
    for (const model of models) expect(await query(dir, `select * from ${model} order by all`), model).toEqual(before[model]);
    expect(await leftovers(dir)).toEqual([]);

    // And the next good run goes through.
    ok(dir, 'build', '--exclude', 'items');
    expect(await query(dir, 'select * from f_incremental order by all')).toEqual([
      { id: 1, name: 'apple', amount: 11 },
      { id: 2, name: 'pear', amount: 20 },
      { id: 3, name: 'plum', amount: 30 },
    ]);
    expect(await query(dir, 'select id, dbt_is_deleted from f_snapshot where dbt_valid_to is null order by id')).toEqual([
      { id: 1, dbt_is_deleted: false },
      { id: 2, dbt_is_deleted: true },
      { id: 3, dbt_is_deleted: false },
    ]);
  });
});
