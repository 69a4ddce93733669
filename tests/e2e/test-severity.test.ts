/**
 * End to end: data-test configs on tests/fixtures/bad_data, a project whose data has
 * known defects. Asserts exit codes, run_results.json, progress text and the warehouse:
 * severity, warn_if/error_if, where, limit, fail_calc, store_failures (table and view),
 * configs from the project file's `data_tests:` tree and from a singular test's config(),
 * and which nodes a failing test skips in `kiln build`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, type CliResult, query } from './cli.js';

interface Result {
  unique_id: string;
  status: string;
  failures: number | null;
  message: string | null;
  compiled_code: string | null;
  relation_name: string | null;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Results of the last run by node name (the third part of the unique id). */
function resultsByName(dir: string): Map<string, Result> {
  const { results } = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Result[] };
  return new Map(results.map((r) => [r.unique_id.split('.')[2]!, r]));
}

const ACCEPTED_VALUES = 'accepted_values_stg_orders_status__placed__shipped__returned';
const RELATIONSHIPS = 'relationships_stg_orders_customer_id__customer_id__ref_stg_customers_';

describe('kiln build on a project with bad data', () => {
  let dir: string;
  let build: CliResult;
  let results: Map<string, Result>;
  beforeAll(() => {
    dir = fixtureCopy('bad_data');
    dirs.push(dir);
    build = kiln(['build'], dir);
    results = resultsByName(dir);
  });

  const outcome = (name: string) => {
    const r = results.get(name);
    return r && { status: r.status, failures: r.failures };
  };

  it('exits 1 and counts passes, warnings, failures and skips', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(1);
    expect(build.stdout).toMatch(/Done\. PASS=10 WARN=6 ERROR=4 SKIP=3 TOTAL=23/);
  });

  it('judges warn_if/error_if thresholds by the failing-row count', () => {
    expect(outcome('not_null_events_user_id')).toEqual({ status: 'pass', failures: 5 }); // 5 ≤ 10
    expect(outcome('non_negative_events_amount')).toEqual({ status: 'warn', failures: 50 }); // 10 < 50 ≤ 100
    expect(outcome('not_null_events_status')).toEqual({ status: 'fail', failures: 150 }); // > 100
    expect(build.stdout).toMatch(/\d+ of 23 WARN non_negative_events_amount \(50 failing\) \.\.\. \[/);
    expect(build.stdout).toMatch(/\d+ of 23 FAIL not_null_events_status \(150 failing\) \.\.\. \[/);
    // under the warn threshold it passes, and its line shows no failing count
    expect(build.stdout).toMatch(/\d+ of 23 PASS not_null_events_user_id \.\.\. \[/);
  });

  it('severity warn turns a failure into a warning; error keeps it a failure', () => {
    // the same defect (orders' status) under the project's `+severity: warn`
    expect(outcome(ACCEPTED_VALUES)).toEqual({ status: 'warn', failures: 2 });
    expect(results.get(ACCEPTED_VALUES)!.message).toBe(
      [
        `warned ${ACCEPTED_VALUES}: 2 failing rows (severity WARN), stored in main_dbt_test__audit.${ACCEPTED_VALUES}`,
        'first failing rows:',
        '| value_field | n_records |',
        '| ----------- | --------- |',
        '| lost        | 2         |',
        '| unknown     | 2         |',
      ].join('\n'),
    );
    // the progress output shows the sample and where the test's SQL is
    expect(build.stdout).toContain('    | lost        | 2         |');
    expect(build.stdout).toMatch(/ {4}compiled SQL: .*target\/run\/bad_data\/models\/.*\.yml\/accepted_values_stg_orders_status__placed__shipped__returned\.sql/);
    // property YAML's severity: error beats the project file's warn
    expect(outcome('unique_stg_orders_order_id')).toEqual({ status: 'fail', failures: 2 });
    expect(build.stdout).toMatch(/FAIL unique_stg_orders_order_id \(2 failing\)/);
  });

  it('where: tests only the matching rows', () => {
    expect(outcome('not_null_events_status_first_20')).toEqual({ status: 'warn', failures: 20 });
    expect(results.get('not_null_events_status_first_20')!.compiled_code).toContain('where event_id <= 20) dbt_subquery');
  });

  it('limit: counts at most that many failing rows', () => {
    expect(outcome('not_null_events_status_limit_7')).toEqual({ status: 'fail', failures: 7 });
  });

  it('fail_calc: replaces count(*) over the failing rows', () => {
    // 7 duplicate users; sum(n_records) counts the 195 events behind them
    expect(outcome('unique_events_user_id')).toEqual({ status: 'warn', failures: 195 });
  });

  it('project-file data_tests: config and a singular test’s config() apply, in-file winning', () => {
    expect(outcome('assert_events_have_user')).toEqual({ status: 'warn', failures: 5 }); // project tree: warn
    expect(outcome('assert_events_amount_under_195')).toEqual({ status: 'fail', failures: 5 }); // config(severity='error', error_if='>=3')
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const singular = manifest.nodes['test.bad_data.assert_events_amount_under_195'];
    expect(singular.config).toMatchObject({ severity: 'ERROR', error_if: '>=3', store_failures: true, tags: ['singular'] });
    expect(manifest.nodes['test.bad_data.assert_events_have_user'].config).toMatchObject({ severity: 'WARN', tags: ['singular'] });
    const listed = kiln(['ls', '-s', 'tag:singular'], dir);
    expect(listed.stdout.trim().split('\n').sort()).toEqual(['bad_data.singular.assert_events_amount_under_195', 'bad_data.singular.assert_events_have_user']);
  });

  it('store_failures: true keeps the failing rows in a table of the audit schema', async () => {
    expect(results.get(ACCEPTED_VALUES)!.relation_name).toBe(`"main_dbt_test__audit"."${ACCEPTED_VALUES}"`);
    expect(await query(dir, `select value_field, n_records from main_dbt_test__audit.${ACCEPTED_VALUES} order by value_field`)).toEqual([
      { value_field: 'lost', n_records: '2' },
      { value_field: 'unknown', n_records: '2' },
    ]);
    // a singular test with config(store_failures=true), in the audit schema too
    expect(await query(dir, 'select event_id, amount from main_dbt_test__audit.assert_events_amount_under_195 order by event_id')).toEqual(
      [196, 197, 198, 199, 200].map((n) => ({ event_id: String(n), amount: String(n) })),
    );
    // store_failures: false in property YAML beats the project file's true
    const audit = await query(dir, "select table_name, table_type from information_schema.tables where table_schema = 'main_dbt_test__audit' order by table_name");
    expect(audit.map((r) => r.table_name)).not.toContain('unique_stg_orders_order_id');
    // nothing from the tests landed in the models' schema
    const main = await query(dir, "select table_name from information_schema.tables where table_schema = 'main' and table_name <> 'kiln_run_history' order by table_name");
    expect(main.map((r) => r.table_name)).toEqual(['customer_list', 'events', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders']);
  });

  it('store_failures_as: view keeps the failing rows as a view', async () => {
    const relation = results.get(RELATIONSHIPS)!.relation_name!;
    expect(outcome(RELATIONSHIPS)).toEqual({ status: 'warn', failures: 4 });
    // the name is over 63 characters, so the relation is named with a hash, as in dbt
    const [, identifier] = /^"main_dbt_test__audit"\."(relationships_stg_orders_[0-9a-f]{32})"$/.exec(relation)!;
    expect(await query(dir, `select table_type from information_schema.tables where table_schema = 'main_dbt_test__audit' and table_name = '${identifier}'`)).toEqual([{ table_type: 'VIEW' }]);
    expect(await query(dir, `select from_field from ${relation} order by from_field`)).toEqual([98, 98, 99, 99].map((n) => ({ from_field: String(n) })));
  });

  it('a failing error-severity test skips exactly the nodes downstream of its model', async () => {
    const skipped = [...results].filter(([, r]) => r.status === 'skipped').map(([name]) => name).sort();
    expect(skipped).toEqual(['not_null_order_totals_customer_id', 'order_report', 'order_totals']);
    for (const name of skipped) expect(results.get(name)!.message).toBe('skipped: unique_stg_orders_order_id failed');
    // the sibling branch and the failing test's siblings ran
    expect(outcome('customer_list')).toEqual({ status: 'success', failures: null });
    expect(outcome('unique_customer_list_customer_id')).toEqual({ status: 'pass', failures: 0 });
    expect(results.get(RELATIONSHIPS)!.status).toBe('warn');
    // warnings and failures on a leaf (events) skip nothing
    expect(outcome('events')).toEqual({ status: 'success', failures: null });
    expect(build.stdout).toMatch(/SKIP table model main\.order_totals \.\.\./);
    expect(build.stdout).toMatch(/SKIP table model main\.order_report \.\.\./);
    expect(build.stdout).toMatch(/SKIP test not_null_order_totals_customer_id \.\.\./);
    // the failing test's own line comes before the lines of the nodes it skips
    expect(build.stdout.indexOf('FAIL unique_stg_orders_order_id')).toBeLessThan(build.stdout.indexOf('SKIP table model main.order_totals'));
    expect(await query(dir, 'select count(*) as n from customer_list')).toEqual([{ n: '4' }]);
    expect(await query(dir, "select count(*) as n from information_schema.tables where table_name in ('order_totals', 'order_report')")).toEqual([{ n: '0' }]);
  });

  it('kiln test exits 0 when the selected tests only warn, 1 when one fails', () => {
    const warnOnly = kiln(['test', '-s', 'test_name:accepted_values', 'test_name:relationships'], dir);
    expect(warnOnly.code).toBe(0);
    expect(warnOnly.stdout).toMatch(/Done\. PASS=0 WARN=2 ERROR=0 SKIP=0 TOTAL=2/);
    const failing = kiln(['test', '-s', 'not_null_events_status_limit_7'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/1 of 1 FAIL not_null_events_status_limit_7 \(7 failing\)/);
    expect(resultsByName(dir).get('not_null_events_status_limit_7')).toMatchObject({ status: 'fail', failures: 7 });
  });

  it('re-running a stored test replaces its relation with the current failing rows', async () => {
    // repair the 'unknown' orders, reload the seed, test again: only 'lost' is left
    const seed = join(dir, 'seeds', 'raw_orders.csv');
    writeFileSync(seed, readFileSync(seed, 'utf8').replaceAll(',unknown,', ',placed,'));
    expect(kiln(['seed', '-s', 'raw_orders'], dir).code).toBe(0); // stg_orders is a view: it sees the new rows
    const again = kiln(['test', '-s', 'test_name:accepted_values'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/WARN accepted_values_stg_orders_status__placed__shipped__returned \(1 failing\)/);
    expect(await query(dir, `select value_field, n_records from main_dbt_test__audit.${ACCEPTED_VALUES}`)).toEqual([{ value_field: 'lost', n_records: '2' }]);
  });
});
