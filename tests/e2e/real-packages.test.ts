/**
 * Real dbt packages, unmodified, as their users run them: dbt-labs' dbt-utils integration
 * project (vendored under tests/fixtures/dbt_utils, see VENDORED.md) on embedded DuckDB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopy, kiln } from './cli.js';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe("dbt-utils' integration tests on DuckDB", () => {
  it('build every model and pass every test, except what dbt-utils itself does not support on DuckDB', () => {
    const dir = join(fixtureCopy('dbt_utils'), 'integration_tests');
    const build = kiln(['build', '-t', 'duckdb'], dir);
    const results = (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Result[] }).results;
    const byStatus = (status: string): string[] => results.filter((r) => r.status === status).map((r) => r.unique_id).sort();
    // dbt-utils has no DuckDB versions of these: get_relations_by_* read <database>.information_schema,
    // which DuckDB keeps in its system catalog, and date_spine adds an interval to a string literal.
    expect(byStatus('error')).toEqual([
      'model.dbt_utils_integration_tests.test_date_spine',
      'model.dbt_utils_integration_tests.test_get_relations_by_pattern',
      'model.dbt_utils_integration_tests.test_get_relations_by_prefix_and_union',
    ]);
    expect(byStatus('fail')).toEqual([]);
    expect(results.filter((r) => r.status === 'success' || r.status === 'pass').length).toBeGreaterThanOrEqual(224);
    expect(build.code).toBe(1);
    expect(build.stdout).toMatch(/ERROR=3 /);
  }, 120_000);
});
