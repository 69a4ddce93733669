/**
 * dbt-date's and dbt-expectations' integration projects, unmodified, on embedded DuckDB
 * (vendored under tests/fixtures/, see each VENDORED.md), run as their CI runs them.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopies, kiln, repoRoot } from './cli.js';

interface Result {
  unique_id: string;
  status: string;
}

const fixture = fixtureCopies();

function runResults(dir: string): Result[] {
  return (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Result[] }).results;
}

const count = (results: Result[], prefix: string): number => results.filter((r) => r.unique_id.startsWith(prefix)).length;

describe("dbt-date's integration tests on DuckDB", () => {
  it('build all 8 enabled models and pass all 65 tests, compile-time date comparisons in four time zones included', () => {
    const dir = join(fixture('dbt_date'), 'integration_tests');
    const build = kiln(['build', '-t', 'duckdb'], dir);
    expect(build.stderr).toBe('');
    expect(build.code, build.stdout).toBe(0);
    const results = runResults(dir);
    expect([count(results, 'model.'), count(results, 'test.')]).toEqual([8, 65]);
    expect(results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
    // config(enabled=dbt_date.is_after("9999-12-31")) must leave it out; its SQL raises if it is built.
    expect(results.map((r) => r.unique_id)).not.toContain('model.dbt_date_integration_tests.test_compile_time_disabled');
  }, 120_000);
});

describe("dbt-expectations' integration tests on DuckDB", () => {
  it('build all 12 models and pass all 157 tests that upstream enables on DuckDB', () => {
    const dir = join(fixture('dbt_expectations'), 'integration_tests');
    // Its hub dependency, installed as `dbt deps` would: the dbt_date package vendored beside it.
    for (const part of ['dbt_project.yml', 'macros', 'LICENSE']) cpSync(join(repoRoot, 'tests', 'fixtures', 'dbt_date', part), join(dir, 'dbt_packages', 'dbt_date', part), { recursive: true });
    // Upstream's CI keeps its DuckDB output in ci/profiles.yml (DBT_PROFILES_DIR=./integration_tests/ci).
    const build = kiln(['build', '-t', 'duckdb', '--profiles-dir', 'ci'], dir);
    const results = runResults(dir);
    // One test fails by chance, upstream as here: it needs one of 4 random group sums more than one
    // standard deviation from their mean (`sigma_threshold: 1` with `fail_calc` flipped), and 4 sums
    // can all lie within one (about one run in ten).
    const byChance = (r: Result): boolean => r.status === 'fail' && r.unique_id.includes('within_n_stdevs_timeseries_data_grouped_row_value__group_id__1');
    expect(build.stderr).toBe('');
    expect(build.code, build.stdout).toBe(results.some(byChance) ? 1 : 0);
    expect([count(results, 'model.'), count(results, 'test.')]).toEqual([12, 157]);
    // Skipped on DuckDB upstream: the one test with `enabled: "{{ target.type in ['bigquery', 'trino'] }}"`.
    expect(results.filter((r) => r.unique_id.includes('match_regex_data_text_email_address__i___i_A_Z_'))).toEqual([]);
    // The moving-stdev tests read random data (rand()), so upstream gives them severity warn: they may warn.
    const notPassing = results.filter((r) => r.status !== 'success' && r.status !== 'pass');
    expect(notPassing.filter((r) => !(r.status === 'warn' && r.unique_id.includes('within_n_moving_stdevs')) && !byChance(r))).toEqual([]);
  }, 120_000);
});
