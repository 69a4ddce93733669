/** End to end: the built CLI on tests/fixtures/exec_basic, asserting on the DuckDB file it leaves. */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './cli.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = ['bin/kiln.js', 'bin/kiln.cjs'].map((p) => join(repo, p)).find((p) => existsSync(p))!;
const fixture = join(repo, 'tests/fixtures/exec_basic');

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-exec-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

function kiln(dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function runResults(dir: string): { results: Record<string, any>[]; metadata: Record<string, unknown>; elapsed_time: number } {
  return JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
}

function appendOrders(dir: string, lines: string): void {
  const file = join(dir, 'seeds/raw_orders.csv');
  cpSync(file, file + '.bak');
  const text = readFileSync(file, 'utf8');
  require_write(file, text + lines);
}

function require_write(file: string, text: string): void {
  spawnSync('sh', ['-c', `cat > "${file}"`], { input: text });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('kiln build on a fresh project', () => {
  let dir: string;
  let first: ReturnType<typeof kiln>;
  beforeAll(() => {
    dir = copyFixture();
    dirs.push(dir);
    first = kiln(dir, 'build');
  });

  it('builds every node and exits 0', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/OK created table main\.customers \.\.\. \[\d+\.\d+s, 2 rows\]/);
    expect(first.stdout).toMatch(/Done\. PASS=15 WARN=0 ERROR=0 SKIP=0 TOTAL=15/);
    // DuckDB reports no bytes or query ids: the cost is the nodes' seconds.
    expect(first.stdout).toMatch(/^Cost: \d+\.\d\ds of node time\.$/m);
  });

  it('leaves the right warehouse contents', async () => {
    expect(await query(dir, 'select customer_id, total from customers order by 1')).toEqual([
      { customer_id: '10', total: '400' },
      { customer_id: '11', total: '200' },
    ]);
    const relations = await query(dir, "select table_name, table_type from information_schema.tables where table_schema = 'main' order by 1");
    const byName = Object.fromEntries(relations.map((r) => [r.table_name, r.table_type]));
    expect(byName['stg_orders']).toBe('VIEW');
    expect(byName['customers']).toBe('BASE TABLE');
    expect(byName['eph_customers']).toBeUndefined();
    expect(Object.keys(byName).some((n) => String(n).includes('__kiln'))).toBe(false);
    expect(await query(dir, 'select event from run_log')).toEqual([{ event: 'start' }, { event: 'post customers' }, { event: 'end 15' }]);
    expect((await query(dir, 'select count(*) as n from snapshots.orders_snapshot'))[0]).toEqual({ n: '3' });
    expect((await query(dir, "select count(*) as n from kiln_run_history where status in ('success', 'pass')"))[0]).toEqual({ n: '15' });
    expect((await query(dir, 'select count(*) as n from kiln_run_history where bytes_billed is null and slot_ms is null and query_id is null'))[0]).toEqual({ n: '15' });
    // one invocation, every row timed
    expect(await query(dir, 'select count(distinct invocation_id) as runs, count(*) filter (where started_at is null or completed_at < started_at) as untimed from kiln_run_history')).toEqual([{ runs: '1', untimed: '0' }]);
  });

  it('writes run_results.json in dbt shape and the executed SQL', () => {
    const artifact = runResults(dir);
    expect(artifact.metadata['dbt_schema_version']).toMatch(/run-results/);
    const customers = artifact.results.find((r) => r.unique_id === 'model.exec_basic.customers')!;
    expect(customers).toMatchObject({ status: 'success', failures: null, adapter_response: { rows_affected: 2 } });
    expect(customers.thread_id).toMatch(/^Thread-\d+$/);
    expect(customers.execution_time).toBeGreaterThan(0);
    expect(customers.timing[0].name).toBe('execute');
    expect(customers.compiled_code).toContain('__dbt__cte__eph_customers');
    expect(customers.relation_name).toBe('"main"."customers"');
    const test = artifact.results.find((r) => r.unique_id.startsWith('test.exec_basic.unique_stg_orders_id'))!;
    expect(test).toMatchObject({ status: 'pass', failures: 0 });
    // DuckDB replaces a table atomically in one statement: no temporary name, no rename.
    const executed = readFileSync(join(dir, 'target/run/exec_basic/models/customers.sql'), 'utf8');
    expect(executed).toMatch(/^CREATE OR REPLACE TABLE "main"\."customers" AS/);
    expect(executed).not.toContain('__kiln_tmp');
    expect(existsSync(join(dir, 'target/manifest.json'))).toBe(true);
  });
});

describe('second runs', () => {
  it('adds new source rows with each incremental strategy', async () => {
    const dir = copyFixture();
    dirs.push(dir);
    expect(kiln(dir, 'build').code).toBe(0);
    appendOrders(dir, '4,11,50,2024-01-04 00:00:00\n');
    expect(kiln(dir, 'seed').code).toBe(0);
    expect(kiln(dir, 'run').code).toBe(0);
    // append re-reads id >= max(id): the boundary row is duplicated, as the model asks.
    expect(await query(dir, 'select id from inc_append order by id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }, { id: '3' }, { id: '4' }]);
    expect(await query(dir, 'select id from inc_merge order by id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }]);
    expect(await query(dir, 'select id from inc_delete_insert order by id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }]);
    const results = runResults(dir).results;
    expect(results.find((r) => r.unique_id === 'model.exec_basic.inc_merge')!.message).toBe('merge into main.inc_merge');
    // --full-refresh rebuilds from scratch: no duplicate.
    expect(kiln(dir, 'run', '--full-refresh', '-s', 'inc_append').code).toBe(0);
    expect(await query(dir, 'select id from inc_append order by id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }]);
  });

  it('handles schema changes per on_schema_change', async () => {
    const dir = copyFixture();
    dirs.push(dir);
    expect(kiln(dir, 'build').code).toBe(0);
    const failing = kiln(dir, 'run', '-s', 'inc_merge', '--vars', '{extra_col: true, osc: fail}');
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/schema of incremental model 'inc_merge' changed \(new columns: doubled\)/);
    expect((await query(dir, "select count(*) as n from information_schema.columns where table_name = 'inc_merge'"))[0]).toEqual({ n: '3' });
    expect(kiln(dir, 'run', '-s', 'inc_merge', '--vars', '{extra_col: true, osc: ignore}').code).toBe(0);
    expect((await query(dir, "select count(*) as n from information_schema.columns where table_name = 'inc_merge'"))[0]).toEqual({ n: '3' });
    expect(kiln(dir, 'run', '-s', 'inc_merge', '--vars', '{extra_col: true, osc: append_new_columns}').code).toBe(0);
    expect(await query(dir, 'select id, doubled from inc_merge order by id')).toEqual([
      { id: '1', doubled: null },
      { id: '2', doubled: null },
      { id: '3', doubled: '600' },
    ]);
    expect(kiln(dir, 'run', '-s', 'inc_delete_insert', '--vars', '{extra_col: true, osc: sync_all_columns}').code).toBe(0);
    expect((await query(dir, "select column_name from information_schema.columns where table_name = 'inc_delete_insert' order by ordinal_position")).map((r) => r.column_name)).toEqual(['id', 'customer_id', 'amount', 'doubled']);
  });
});

describe('failures', () => {
  it('a model failing mid-build keeps the old table and skips exactly its descendants', async () => {
    const dir = copyFixture();
    dirs.push(dir);
    expect(kiln(dir, 'build').code).toBe(0);
    const broken = kiln(dir, 'run', '--vars', '{break: true}');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/ERROR table model main\.fragile/);
    expect(broken.stderr).toMatch(/^error: models\/fragile\.sql: /m);
    expect(broken.stderr).toMatch(/boom/);
    expect(await query(dir, 'select amount from fragile order by id')).toEqual([{ amount: '100' }, { amount: '200' }, { amount: '300' }]);
    const statuses = Object.fromEntries(runResults(dir).results.map((r) => [r.unique_id.split('.').pop(), r.status]));
    expect(statuses).toMatchObject({ fragile: 'error', after_fragile: 'skipped', after_after: 'skipped', customers: 'success', inc_merge: 'success', stg_orders: 'success', slow: 'success' });
    expect(broken.stdout).toMatch(/ERROR=1 SKIP=2/);
    // retry runs exactly what errored or was skipped.
    const retried = kiln(dir, 'retry');
    expect(retried.code).toBe(0);
    expect(runResults(dir).results.map((r) => r.unique_id.split('.').pop()).sort()).toEqual(['after_after', 'after_fragile', 'fragile']);
  });

  it('tests pass, warn and fail by severity; a failing test skips descendants in build', async () => {
    const dir = copyFixture();
    dirs.push(dir);
    appendOrders(dir, '5,12,1,2024-01-06 00:00:00\n');
    const run = kiln(dir, 'build');
    expect(run.code).toBe(1);
    const results = runResults(dir).results;
    const byPrefix = (p: string) => results.find((r) => r.unique_id.startsWith(`test.exec_basic.${p}`))!;
    expect(byPrefix('accepted_values_stg_orders_customer_id')).toMatchObject({ status: 'warn', failures: 1 });
    expect(byPrefix('accepted_values_customers_total')).toMatchObject({ status: 'fail', failures: 1 });
    expect(byPrefix('not_null_stg_orders_id')).toMatchObject({ status: 'pass', failures: 0 });
    expect(run.stdout).toMatch(/WARN=1 ERROR=1/);
  });

  it('SIGINT during a long model leaves the old table and no half-built relation', async () => {
    const dir = copyFixture();
    dirs.push(dir);
    expect(kiln(dir, 'run', '-s', 'slow').code).toBe(0);
    const child = spawn(process.execPath, [bin, 'run', '-s', 'slow', '--vars', '{slow: true}'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).not.toBe(0);
    expect(await query(dir, 'select n from slow')).toEqual([{ n: 1 }]);
    const leftovers = await query(dir, "select table_name from information_schema.tables where table_name like '%__kiln%'");
    expect(leftovers).toEqual([]);
  });
});

describe('show and run-operation', () => {
  it('prints a table for a model and for inline SQL, and calls macros', () => {
    const dir = copyFixture();
    dirs.push(dir);
    expect(kiln(dir, 'seed').code).toBe(0);
    const shown = kiln(dir, 'show', '--inline', "select * from {{ ref('raw_orders') }} order by id", '--limit', '2');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/\| id \| customer_id \| amount \| updated_at\s+\|/);
    expect(shown.stdout.trim().split('\n')).toHaveLength(5);
    // A model with tests: the tests join the selection indirectly but show previews the model alone.
    const model = kiln(dir, 'show', '-s', 'stg_orders', '--limit', '1');
    expect(model.stderr).toBe('');
    expect(model.code).toBe(0);
    expect(model.stdout).toContain("Previewing node 'stg_orders'");
    const op = kiln(dir, 'run-operation', 'make_table', '--args', '{name: op_table}');
    expect(op.stderr).toBe('');
    expect(op.code).toBe(0);
  });

  it("names the macro and its file when an operation's template fails, not kiln", async () => {
    const { projectWith } = await import('./cli.js');
    const dir = projectWith({ 'project.yml': 'name: ops\n', 'macros/ops.sql': '\n{% macro broken() %}\n  {{ no_such_function() }}\n{% endmacro %}\n' });
    dirs.push(dir);
    const result = kiln(dir, 'run-operation', 'broken');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("macros/ops.sql:2: macro 'broken' failed: 'no_such_function' is undefined");
    expect(result.stderr).not.toMatch(/bug in kiln/);
  });
});

describe('on-run-start hooks', () => {
  it("run after the selected nodes' schemas exist, as in dbt", async () => {
    const { projectWith } = await import('./cli.js');
    const dir = projectWith({
      'project.yml': "name: hooks_schemas\non-run-start:\n  - \"create table {{ target.schema }}_staging.hook_log as select 'start' as event\"\n",
      'models/orders.sql': "{{ config(schema='staging') }}\nselect 1 as id",
    });
    dirs.push(dir);
    const result = kiln(dir, 'run');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await query(dir, 'select event from main_staging.hook_log')).toEqual([{ event: 'start' }]);
  });
});
