/**
 * Real dbt projects and packages, unmodified, as their users run them on embedded DuckDB:
 * dbt-labs' dbt-utils integration project, dbt-project-evaluator's, and the jaffle_shop that
 * dbt Fusion's `dbt init` writes (vendored under tests/fixtures/, see each VENDORED.md).
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, repoRoot } from './cli.js';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

/** Install the vendored dbt_utils into a project's dbt_packages/, as `dbt deps` would from the hub. */
function installDbtUtils(projectDir: string): void {
  for (const part of ['dbt_project.yml', 'macros', 'LICENSE']) cpSync(join(repoRoot, 'tests', 'fixtures', 'dbt_utils', part), join(projectDir, 'dbt_packages', 'dbt_utils', part), { recursive: true });
}

function runResults(dir: string): Result[] {
  return (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Result[] }).results;
}

describe("dbt-utils' integration tests on DuckDB", () => {
  it('build every model and pass every test, except what dbt-utils itself does not support on DuckDB', () => {
    const dir = join(fixtureCopy('dbt_utils'), 'integration_tests');
    const build = kiln(['build', '-t', 'duckdb'], dir);
    const results = runResults(dir);
    const byStatus = (status: string): string[] => results.filter((r) => r.status === status).map((r) => r.unique_id).sort();
    // dbt-utils has no DuckDB versions of these: get_relations_by_* read <database>.information_schema,
    // which DuckDB keeps in its system catalog, and date_spine adds an interval to a string literal.
    expect(byStatus('error')).toEqual([
      'model.dbt_utils_integration_tests.test_date_spine',
      'model.dbt_utils_integration_tests.test_get_relations_by_pattern',
      'model.dbt_utils_integration_tests.test_get_relations_by_prefix_and_union',
    ]);
    expect(byStatus('fail')).toEqual([]);
    expect(results.filter((r) => r.status === 'success' || r.status === 'pass').length).toBeGreaterThanOrEqual(228);
    expect(build.code).toBe(1);
    expect(build.stdout).toMatch(/ERROR=3 /);
  }, 120_000);
});

describe("dbt-project-evaluator's integration tests on DuckDB", () => {
  it('build all 28 seeds and 54 models and pass all 72 tests', () => {
    const dir = join(fixtureCopy('dbt_project_evaluator'), 'integration_tests');
    installDbtUtils(dir);
    const build = kiln(['build', '--target', 'duckdb', '--full-refresh'], dir);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const results = runResults(dir);
    const count = (prefix: string): number => results.filter((r) => r.unique_id.startsWith(prefix)).length;
    expect([count('seed.'), count('model.'), count('test.')]).toEqual([28, 54, 72]);
    expect(results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
  }, 120_000);
});

describe("dbt Fusion's jaffle_shop on DuckDB", () => {
  it('build all 6 seeds and 12 models and pass all 27 data tests and 3 unit tests', () => {
    const dir = fixtureCopy('fusion_jaffle_shop');
    installDbtUtils(dir);
    const build = kiln(['build'], dir);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const results = runResults(dir);
    const count = (prefix: string): number => results.filter((r) => r.unique_id.startsWith(prefix)).length;
    expect([count('seed.'), count('model.'), count('test.'), count('unit_test.')]).toEqual([6, 12, 27, 3]);
    expect(results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
    // The dbt_utils generic test ran, not only the built-in ones.
    expect(results.filter((r) => r.unique_id.startsWith('test.jaffle_shop.dbt_utils_expression_is_true_')).length).toBe(4);
    expect(build.stdout).toMatch(/PASS=48 WARN=0 ERROR=0 SKIP=0 TOTAL=48/);
  }, 120_000);
});
