/** Snapshot, incremental and microbatch edge cases against a real DuckDB file, through openSession + runInvocation. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/compile/session.js';
import { runInvocation } from '../../../src/runner/invocation.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-mat-snap-'));
  dirs.push(dir);
  files['project.yml'] ??= "name: mat\nversion: '1'\nmodel-paths: [models]\nsnapshot-paths: [snapshots]\n";
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

function write(dir: string, name: string, text: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text);
}

async function build(dir: string, flags: Partial<{ fullRefresh: boolean }> = {}) {
  const session = await openSession({ projectDir: dir, partialParse: false });
  const ids = Object.keys(session.manifest.nodes);
  const outcome = await runInvocation(session, ids, { threads: 1, flags: { fullRefresh: false, empty: false, ...flags } });
  return Object.fromEntries(outcome.results.map((r) => [r.unique_id.split('.').pop()!, r]));
}

async function sql(dir: string, text: string): Promise<Record<string, unknown>[]> {
  mkdirSync(join(dir, 'target'), { recursive: true });
  const instance = await DuckDBInstance.create(join(dir, 'target/kiln.duckdb'));
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(text)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const snapshot = (config: string, body = 'select * from src') => `{% snapshot snap %}\n{{ config(${config}) }}\n${body}\n{% endsnapshot %}\n`;

describe('snapshots', () => {
  it('a new source column is added to the snapshot table (NULL in older versions)', async () => {
    const dir = project({ 'snapshots/snap.sql': snapshot("unique_key='id', strategy='check', check_cols='all'") });
    await sql(dir, "create table src as select 1 as id, 'a' as name");
    expect((await build(dir))['snap']!.status).toBe('success');
    await sql(dir, "create or replace table src as select 1 as id, 'a' as name, 'x' as extra");
    expect((await build(dir))['snap']!.status).toBe('success');
    expect(await sql(dir, 'select id, name, extra, dbt_valid_to is null as current from snap order by dbt_valid_from')).toEqual([
      { id: 1, name: 'a', extra: null, current: false },
      { id: 1, name: 'a', extra: 'x', current: true },
    ]);
  });

  it('a unique_key expression matches rows on its value', async () => {
    const dir = project({ 'snapshots/snap.sql': snapshot("unique_key=\"a || '-' || b\", strategy='check', check_cols=['v']") });
    await sql(dir, "create table src as select * from (values ('x', 'y', 1), ('x', 'z', 1)) t(a, b, v)");
    await build(dir);
    await sql(dir, "update src set v = 2 where b = 'z'");
    await build(dir);
    expect(await sql(dir, 'select a, b, v, dbt_valid_to is null as current from snap order by b, dbt_valid_from')).toEqual([
      { a: 'x', b: 'y', v: 1, current: true },
      { a: 'x', b: 'z', v: 1, current: false },
      { a: 'x', b: 'z', v: 2, current: true },
    ]);
  });

  it('refuses a table that is not a snapshot table, and a check strategy without check_cols', async () => {
    const dir = project({ 'snapshots/snap.sql': snapshot("unique_key='id', strategy='timestamp', updated_at='ts'") });
    await sql(dir, "create table src as select 1 as id, timestamp '2024-01-01' as ts; create table snap as select 1 as id");
    const result = (await build(dir))['snap']!;
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/main\.snap is not a snapshot table: it has no dbt_scd_id, dbt_valid_from, dbt_valid_to, dbt_updated_at/);
    write(dir, 'snapshots/snap.sql', snapshot("unique_key='id', strategy='check'"));
    expect((await build(dir))['snap']!.message).toMatch(/snapshot 'snap' uses the check strategy but has no check_cols/);
  });

  it('adds dbt_is_deleted when hard_deletes becomes new_record on an existing snapshot', async () => {
    const dir = project({ 'snapshots/snap.sql': snapshot("unique_key='id', strategy='timestamp', updated_at='ts'") });
    await sql(dir, "create table src as select * from (values (1, timestamp '2024-01-01'), (2, timestamp '2024-01-01')) t(id, ts)");
    await build(dir);
    write(dir, 'snapshots/snap.sql', snapshot("unique_key='id', strategy='timestamp', updated_at='ts', hard_deletes='new_record'"));
    await sql(dir, 'delete from src where id = 2');
    expect((await build(dir))['snap']!.status).toBe('success');
    expect(await sql(dir, 'select id, dbt_is_deleted, dbt_valid_to is null as current from snap order by id, dbt_valid_from')).toEqual([
      { id: 1, dbt_is_deleted: false, current: true },
      { id: 2, dbt_is_deleted: false, current: false },
      { id: 2, dbt_is_deleted: true, current: true },
    ]);
  });
});

describe('incremental', () => {
  it('insert_overwrite with a timestamp partition_by replaces whole days, a NULL partition included', async () => {
    const model = `{{ config(materialized='incremental', incremental_strategy='insert_overwrite', partition_by={'field': 'ts', 'data_type': 'timestamp', 'granularity': 'day'}) }}
select * from src{% if is_incremental() %} where ts is null or ts >= timestamp '2024-01-02'{% endif %}`;
    const dir = project({ 'models/m.sql': model });
    await sql(dir, "create table src as select * from (values (1, timestamp '2024-01-01 08:00'), (2, timestamp '2024-01-02 08:00'), (3, timestamp '2024-01-02 09:00'), (4, null)) t(id, ts)");
    await build(dir);
    await sql(dir, "create or replace table src as select * from (values (1, timestamp '2024-01-01 10:00'), (5, timestamp '2024-01-02 23:00'), (6, null)) t(id, ts)");
    expect((await build(dir))['m']!.status).toBe('success');
    expect(await sql(dir, 'select id from m order by id')).toEqual([{ id: 1 }, { id: 5 }, { id: 6 }]);
  });

  it('an enforced contract is checked on incremental runs too', async () => {
    const dir = project({
      'models/m.sql': "{{ config(materialized='incremental') }}\nselect 1 as id",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: m\n    config: {contract: {enforced: true}}\n    columns: [{name: id, data_type: integer}]\n',
    });
    await build(dir);
    write(dir, 'models/m.sql', "{{ config(materialized='incremental') }}\nselect 2::bigint as id");
    const result = (await build(dir))['m']!;
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/column 'id' is BIGINT in the query but integer in the contract/);
    expect(await sql(dir, 'select id from m')).toEqual([{ id: 1 }]);
  });
});

describe('microbatch', () => {
  const model = (select: string) => `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='day', begin='2024-01-01',
    pre_hook="insert into hook_log values ('pre')", post_hook="insert into hook_log values ('post')") }}
${select}`;

  it('runs pre hooks with the first batch and post hooks with the last, once each', async () => {
    const dir = project({ 'models/m.sql': model("select * from (values (1, timestamp '2024-01-01 05:00'), (2, timestamp '2024-01-03 05:00')) t(id, ts)") });
    await sql(dir, 'create table hook_log (event varchar)');
    const session = await openSession({ projectDir: dir, partialParse: false });
    const outcome = await runInvocation(session, Object.keys(session.manifest.nodes), { threads: 1, flags: { fullRefresh: false, empty: false, eventTimeEnd: '2024-01-04' } });
    expect(outcome.results[0]!.message).toBe('built 3 batches into main.m');
    expect(await sql(dir, 'select event from hook_log')).toEqual([{ event: 'pre' }, { event: 'post' }]);
  });

  it('skips the other batches when the first one fails', async () => {
    const dir = project({ 'models/m.sql': model("select id, case when id = 1 then error('first batch broke') else ts end as ts from (values (1, timestamp '2024-01-01 05:00'), (2, timestamp '2024-01-02 05:00'), (3, timestamp '2024-01-03 05:00')) t(id, ts)") });
    await sql(dir, 'create table hook_log (event varchar)');
    const session = await openSession({ projectDir: dir, partialParse: false });
    const outcome = await runInvocation(session, Object.keys(session.manifest.nodes), { threads: 1, flags: { fullRefresh: false, empty: false, eventTimeEnd: '2024-01-04' } });
    expect(outcome.results[0]!.status).toBe('error');
    expect(outcome.results[0]!.message).toMatch(/1 of 3 batches of microbatch model 'm' failed:\n  2024-01-01 00:00:00: .*first batch broke[\s\S]*the first batch failed, so the 2 after it were skipped/);
    expect(await sql(dir, 'select count(*) as n from m')).toEqual([{ n: '0' }]);
  });
});

