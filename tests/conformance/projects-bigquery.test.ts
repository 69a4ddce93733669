/**
 * Whole projects on BigQuery: each portable fixture and the kiln_ai package, built on embedded
 * DuckDB and through the SDK on the BigQuery emulator (tests/support/bigqueryEmulator), must
 * leave the same rows on both (projectHarness.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterTarget } from '../../src/adapters/registry.js';
import { kiln, projectWith, repoProjectCopy } from '../e2e/cli.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../support/bigqueryEmulator/start.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';
import { aiPackageCounts, buildTwice, builtRelations, duckDbTargetOf, PORTABLE_FIXTURES, PROJECT_TEST_TIMEOUT, projectOn, projectOnDuckDb, relationContents, removeProjectCopies, runStatuses } from './projectHarness.js';

let emulator: BigQueryEmulator;
beforeAll(async () => {
  ensureAdaptersCompiled();
  emulator = await startBigQueryEmulator();
  // The kiln processes read the service account key from the environment (env_var in profiles.yml).
  Object.assign(process.env, emulator.env);
});
afterAll(async () => {
  // What passed here only because DuckDB is more lenient than BigQuery: worth knowing before a live run.
  const lenient = emulator ? await emulator.lenient() : {};
  if (Object.keys(lenient).length) console.info(`SQL the BigQuery emulator ran that BigQuery would refuse:\n${Object.entries(lenient).map(([construct, sample]) => `  ${construct}: ${sample.split('\n')[0]}`).join('\n')}`);
  emulator?.stop();
  removeProjectCopies();
});

const bqTarget = (dataset: string): AdapterTarget => emulator.target(dataset) as AdapterTarget;

/** A copy of the project whose profile points at the emulator, in a dataset named after it. */
function onBigQuery(name: string, copy?: (name: string) => string): string {
  return projectOn(name, emulator.profileYaml(name), copy);
}

describe('projects on bigquery agree with DuckDB', () => {
  for (const fixture of PORTABLE_FIXTURES) {
    it(`${fixture}: bigquery holds the same rows as duckdb`, async () => {
      const duck = projectOnDuckDb(fixture);
      const bq = onBigQuery(fixture);
      buildTwice(duck);
      buildTwice(bq);
      expect(runStatuses(bq)).toEqual(runStatuses(duck));
      const relations = builtRelations(duck);
      expect([...builtRelations(bq).keys()]).toEqual([...relations.keys()]);
      expect(relations.size).toBeGreaterThan(0);
      const duckRows = await relationContents(duckDbTargetOf(duck), duck, relations);
      const bqRows = await relationContents(bqTarget(fixture), bq, builtRelations(bq));
      expect(bqRows).toEqual(duckRows);
      expect(Object.values(duckRows).some((rows) => rows.length > 0)).toBe(true);
      // Every statement is an HTTP job through the SDK (microbatch runs hundreds).
    }, PROJECT_TEST_TIMEOUT);
  }

  it("a model's partition_by, cluster_by and labels reach its CREATE TABLE, persist_docs sets descriptions, and the summary shows BigQuery's cost", () => {
    const dir = projectWith({
      'project.yml': 'name: partitioned\n',
      'models/events.sql': [
        "{{ config(materialized='table', partition_by={'field': 'happened_at', 'data_type': 'timestamp', 'granularity': 'day'}, cluster_by=['kind'], labels={'team': 'data'}) }}",
        "select 1 as id, 'click' as kind, timestamp '2024-05-01 10:00:00' as happened_at",
      ].join('\n'),
      'models/events_view.sql': "{{ config(materialized='view', persist_docs={'relation': true}) }}\nselect * from {{ ref('events') }}",
      'models/schema.yml': "version: 2\nmodels:\n  - name: events\n    description: \"Each event, it's one row\"\n    config: {persist_docs: {relation: true, columns: true}}\n    columns:\n      - name: kind\n        description: click or view\n  - name: events_view\n    description: The events\n",
    });
    writeFileSync(join(dir, 'profiles.yml'), `partitioned:\n  target: conformance\n  outputs:\n    conformance:\n${emulator.profileYaml('partitioned')}`);
    const result = kiln(['build'], dir);
    expect(result.stdout, result.stderr).toMatch(/Done\. PASS=2 WARN=0 ERROR=0/);
    expect(result.stdout).toMatch(/^Cost: \d+\.\d\ds of node time, [\d.]+ [KMG]?B processed, [\d.]+ [KMG]?B billed, [\d.]+ slot-seconds, query ids in target\/run_results\.json\.$/m);
    const created = readFileSync(join(dir, 'target', 'run', 'partitioned', 'models', 'events.sql'), 'utf8');
    expect(created).toContain('PARTITION BY timestamp_trunc(`happened_at`, day)');
    expect(created).toContain('CLUSTER BY `kind`');
    expect(created).toContain("OPTIONS(labels=[('team', 'data')])");
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { adapter_response: Record<string, unknown> }[] };
    expect(results.results[0]!.adapter_response).toMatchObject({ bytes_billed: expect.any(Number), slot_ms: expect.any(Number), query_id: expect.stringMatching(/^kiln_/) });
  });

  it('the kiln_ai package: bigquery builds every model with the rows duckdb has', async () => {
    const copy = () => repoProjectCopy();
    const duck = projectOnDuckDb('kiln_ai', copy);
    const bq = onBigQuery('kiln_ai', copy);
    buildTwice(duck, true);
    buildTwice(bq, true);
    const onDuck = await aiPackageCounts(duckDbTargetOf(duck), duck);
    expect(await aiPackageCounts(bqTarget('kiln_ai'), bq)).toEqual(onDuck);
    expect(Object.keys(onDuck.counts).length).toBeGreaterThan(10);
    // Every statement is an HTTP job through the SDK: slower than a local database.
  }, 300_000);
});
