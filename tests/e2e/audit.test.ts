/**
 * Write-audit-publish: `kiln build --audit` (or `audit: true`) builds into <schema>_audit,
 * tests there, and publishes in one transaction only when every test passed; a failing test
 * leaves the published tables exactly as they were and keeps the audit copies.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(projectYml = 'name: wap\n'): string {
  const dir = projectWith({
    'project.yml': projectYml,
    'seeds/payments.csv': 'id,amount\n1,10\n2,20\n',
    'models/orders.sql': "{{ config(materialized='table') }}\nselect id, amount * {{ var('factor', 1) }} as amount from {{ ref('payments') }}\n",
    'models/big_orders.sql': "select id, amount from {{ ref('orders') }} where amount >= 20\n",
    'models/events.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect id, amount from {{ ref('orders') }}\n{% if is_incremental() %}where id not in (select id from {{ this }}){% endif %}\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: amount\n        data_tests:\n          - accepted_values:\n              arguments:\n                values: [10, 20, 30]\n',
  });
  dirs.push(dir);
  return dir;
}

const auditRelations = (dir: string) => query(dir, "select table_name from information_schema.tables where table_schema = 'main_audit' order by 1");
const everything = async (dir: string) => ({
  orders: await query(dir, 'select * from orders order by id'),
  big: await query(dir, 'select * from big_orders order by id'),
  events: await query(dir, 'select * from events order by id'),
  payments: await query(dir, 'select * from payments order by id'),
});

describe('kiln build --audit', () => {
  it('publishes what passed its tests, views over the published tables, and leaves no audit copy', async () => {
    const dir = project();
    const run = kiln(['build', '--audit'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('audit passed: published 4 relations');
    expect(await query(dir, 'select * from big_orders')).toEqual([{ id: '2', amount: '20' }]);
    expect(await auditRelations(dir)).toEqual([]);
    const [view] = await query(dir, "select sql from duckdb_views() where view_name = 'big_orders'");
    expect(String(view!['sql'])).not.toContain('main_audit');
  });

  it('keeps yesterday\'s tables exactly when a test fails, and the audit copies for inspection', async () => {
    const dir = project();
    expect(kiln(['build', '--audit'], dir).code).toBe(0);
    const before = await everything(dir);
    writeFileSync(join(dir, 'seeds', 'payments.csv'), 'id,amount\n1,10\n2,20\n3,30\n');
    const run = kiln(['build', '--audit', '--vars', '{factor: 5}'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/audit failed, nothing was published: 1 failed \(accepted_values_orders_amount.*\), 2 skipped; the audited relations stay in main_audit for inspection/);
    expect(await everything(dir)).toEqual(before);
    expect(await query(dir, 'select amount from main_audit.orders order by id')).toEqual([{ amount: '50' }, { amount: '100' }, { amount: '150' }]);
    expect((await auditRelations(dir)).map((r) => r['table_name'])).toEqual(['events', 'orders', 'payments']); // events: its carried-over copy
  });

  it('starts an incremental model\'s audit copy from the published table', async () => {
    const dir = project();
    expect(kiln(['build', '--audit'], dir).code).toBe(0);
    // An earlier row the model would not produce again: it must survive, as a normal incremental run keeps it.
    const duckdb = await import('@duckdb/node-api');
    const instance = await duckdb.DuckDBInstance.create(join(dir, 'target', 'kiln.duckdb'));
    const connection = await instance.connect();
    await connection.run('insert into events values (99, 0)');
    connection.closeSync();
    instance.closeSync();
    writeFileSync(join(dir, 'seeds', 'payments.csv'), 'id,amount\n1,10\n2,20\n3,30\n');
    const run = kiln(['build', '--audit'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await query(dir, 'select id from events order by id')).map((r) => r['id'])).toEqual(['1', '2', '3', '99']);
  });

  it('is on for every build with `audit: true` in project.yml', async () => {
    const dir = project('name: wap\naudit: true\n');
    const run = kiln(['build'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('audit passed');
  });
});
