/**
 * Whole projects on BigQuery: each portable fixture and the kiln_ai package, built on embedded
 * DuckDB and through the SDK on the BigQuery emulator (tests/support/bigqueryEmulator), must
 * leave the same rows on both (projectHarness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterTarget } from '../../src/adapters/registry.js';
import { repoProjectCopy } from '../e2e/cli.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../support/bigqueryEmulator/start.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';
import { aiPackageCounts, buildTwice, builtRelations, duckDbTargetOf, PORTABLE_FIXTURES, projectOn, projectOnDuckDb, relationContents, removeProjectCopies } from './projectHarness.js';

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
      const relations = builtRelations(duck);
      expect([...builtRelations(bq).keys()]).toEqual([...relations.keys()]);
      expect(relations.size).toBeGreaterThan(0);
      const duckRows = await relationContents(duckDbTargetOf(duck), duck, relations);
      const bqRows = await relationContents(bqTarget(fixture), bq, builtRelations(bq));
      expect(bqRows).toEqual(duckRows);
      expect(Object.values(duckRows).some((rows) => rows.length > 0)).toBe(true);
      // Every statement is an HTTP job through the SDK (microbatch runs hundreds).
    }, 180_000);
  }

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
