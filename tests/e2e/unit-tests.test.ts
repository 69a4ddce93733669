/** End to end: dbt-style unit tests with the built CLI on tests/fixtures/unit_tests_basic. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, type CliResult, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshProject(): string {
  const dir = fixtureCopy('unit_tests_basic');
  dirs.push(dir);
  return dir;
}

interface Result {
  unique_id: string;
  status: string;
  failures: number | null;
  message: string | null;
}

function runResults(dir: string): Map<string, Result> {
  const parsed = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { results: Result[] };
  return new Map(parsed.results.map((r) => [r.unique_id.split('.').pop()!, r]));
}

async function tablesIn(dir: string): Promise<string[]> {
  const rows = await query(dir, "select table_name from information_schema.tables where table_schema = 'main' order by 1");
  return rows.map((r) => String(r['table_name']));
}

const PASSING = ['totals_sum_completed_orders', 'totals_vip_threshold_from_override', 'totals_payments_as_sql', 'incremental_full_refresh', 'incremental_only_new_rows'];

describe('fixture files and var overrides', () => {
  let dir: string;
  beforeAll(() => {
    dir = freshProject();
  });

  it('reads .sql fixture files from tests/fixtures/, which are not singular tests', () => {
    const listed = kiln(['ls', '--resource-type', 'test', '--output', 'name'], dir);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('payments_as_sql');
  });

  it("a unit test's overrides.vars win over --vars", () => {
    const result = kiln(['test', '--select', 'unit_test:totals_vip_threshold_from_override', '--vars', '{vip_threshold: 1000}'], dir);
    expect(result.stdout).toMatch(/PASS unit test customer_totals::totals_vip_threshold_from_override/);
    expect(result.code).toBe(0);
  });
});

describe('kiln test on a fresh project (nothing built)', () => {
  let dir: string;
  let run: CliResult;
  beforeAll(() => {
    dir = freshProject();
    run = kiln(['test', '--select', 'test_type:unit', '--exclude', 'tag:broken', '--threads', '1'], dir);
  });

  it('passes every unit test without building anything upstream', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 of 5 PASS unit test customer_totals::totals_sum_completed_orders \.\.\. \[\d+\.\d+s\]/);
    expect(run.stdout).toMatch(/5 of 5 PASS unit test orders_incremental::incremental_only_new_rows/);
    expect(run.stdout).toMatch(/Done\. PASS=5 WARN=0 ERROR=0 SKIP=0 TOTAL=5/);
    const tables = await tablesIn(dir);
    expect(tables).not.toContain('stg_orders');
    expect(tables).not.toContain('raw_orders');
    expect(tables).not.toContain('customer_totals');
  });

  it('says when a parent could not be typed (stg_orders is not built, and its seed is not loaded)', () => {
    expect(run.stdout).toContain("note: ref('stg_orders') is not in the warehouse and its query cannot run here, so its column types are unknown");
  });

  it('records pass results in run_results.json', () => {
    const results = runResults(dir);
    expect([...results.keys()].sort()).toEqual([...PASSING].sort());
    for (const name of PASSING) expect(results.get(name)).toMatchObject({ status: 'pass', failures: 0 });
    expect(results.get('totals_payments_as_sql')!.unique_id).toBe('unit_test.unit_tests_basic.customer_totals.totals_payments_as_sql');
  });
});

describe('a failing unit test', () => {
  let dir: string;
  let run: CliResult;
  beforeAll(() => {
    dir = freshProject();
    run = kiln(['test', '--select', 'unit_test:totals_wrong_expectation'], dir);
  });

  it('exits 1 and prints the row diff', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 of 1 FAIL unit test customer_totals::totals_wrong_expectation \(2 differing rows\) \.\.\./);
    const diff = [
      '    actual differs from expected (+ returned by the model but not expected, - expected but not returned):',
      '',
      '      | customer_id | order_total |',
      '      | ----------- | ----------- |',
      '    + | 2           | 3           |',
      '    - | 2           | 4           |',
    ].join('\n');
    expect(run.stdout).toContain(diff);
    expect(run.stdout).toMatch(/Done\. PASS=0 WARN=0 ERROR=1 SKIP=0 TOTAL=1/);
  });

  it('records fail, the failure count and the diff in run_results.json', () => {
    const result = runResults(dir).get('totals_wrong_expectation')!;
    expect(result.status).toBe('fail');
    expect(result.failures).toBe(2);
    expect(result.message).toMatch(/^failed totals_wrong_expectation: 2 differing rows/);
    expect(result.message).toContain('+ | 2           | 3           |\n- | 2           | 4           |');
  });
});

describe('kiln build runs unit tests before their model', () => {
  let dir: string;
  let broken: CliResult;
  beforeAll(() => {
    dir = freshProject();
    broken = kiln(['build', '--threads', '2'], dir);
  });

  it('skips the model whose unit test failed, and its descendants, and builds the rest', async () => {
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/SKIP table model main\.customer_totals/);
    expect(broken.stdout).toMatch(/SKIP table model main\.customer_report/);
    expect(broken.stdout).toMatch(/OK created table main\.orders_incremental \.\.\. \[\d+\.\d+s, 5 rows\]/);
    expect(broken.stdout).toMatch(/Done\. PASS=8 WARN=0 ERROR=1 SKIP=2 TOTAL=11/);
    const results = runResults(dir);
    expect(results.get('customer_totals')).toMatchObject({ status: 'skipped', message: 'skipped: totals_wrong_expectation failed' });
    expect(results.get('customer_report')!.status).toBe('skipped');
    expect(results.get('totals_wrong_expectation')!.status).toBe('fail');
    const tables = await tablesIn(dir);
    expect(tables).toContain('orders_incremental');
    expect(tables).not.toContain('customer_totals');
    expect(tables).not.toContain('customer_report');
  });

  it('lists unit tests before their model in run_results.json', () => {
    const order = [...runResults(dir).keys()];
    expect(order.indexOf('incremental_full_refresh')).toBeLessThan(order.indexOf('orders_incremental'));
    expect(order.indexOf('totals_sum_completed_orders')).toBeLessThan(order.indexOf('customer_totals'));
  });

  it('builds the model once its unit tests pass', async () => {
    const fixed = kiln(['build', '--exclude', 'tag:broken'], dir);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/Done\. PASS=10 WARN=0 ERROR=0 SKIP=0 TOTAL=10/);
    expect(await query(dir, 'select customer_id, order_count, order_total, paid_total, is_vip from customer_totals order by 1')).toEqual([
      { customer_id: '1', order_count: '2', order_total: '110.50', paid_total: '15.00', is_vip: true },
      { customer_id: '2', order_count: '1', order_total: '30.00', paid_total: '25.00', is_vip: false },
      { customer_id: '3', order_count: '1', order_total: '120.00', paid_total: '9.99', is_vip: true },
    ]);
  });

  it('selecting a model by name picks its unit tests, now typed from the warehouse', () => {
    const picked = kiln(['test', '--select', 'orders_incremental'], dir);
    expect(picked.code).toBe(0);
    expect(picked.stdout).toMatch(/PASS unit test orders_incremental::incremental_full_refresh/);
    expect(picked.stdout).toMatch(/PASS unit test orders_incremental::incremental_only_new_rows/);
    expect(picked.stdout).toMatch(/TOTAL=2\b/);
    expect(picked.stdout).not.toContain('note:');
  });
});
