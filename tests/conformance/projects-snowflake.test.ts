/**
 * Whole projects on Snowflake: each portable fixture and the kiln_ai package, built on embedded
 * DuckDB and through snowflake-sdk on the Snowflake emulator (tests/support/snowflakeEmulator),
 * must leave the same rows on both (projectHarness.ts). The profile signs in with a password
 * from env_var(), as a user's would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterTarget } from '../../src/adapters/registry.js';
import { repoProjectCopy } from '../e2e/cli.js';
import { startSnowflakeEmulator, type SnowflakeEmulator } from '../support/snowflakeEmulator/start.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';
import { aiPackageCounts, buildTwice, builtRelations, duckDbTargetOf, PORTABLE_FIXTURES, projectOn, projectOnDuckDb, relationContents, removeProjectCopies } from './projectHarness.js';

const PASSWORD_VARIABLE = 'KILN_TEST_SNOWFLAKE_PASSWORD';
let emulator: SnowflakeEmulator;
beforeAll(async () => {
  ensureAdaptersCompiled();
  emulator = await startSnowflakeEmulator({ databases: ['KILN'] });
  process.env[PASSWORD_VARIABLE] = emulator.password;
});
afterAll(() => {
  // The emulator runs on DuckDB, which accepts SQL Snowflake would not: listed, so a live run is not a surprise.
  const refusals = emulator?.refusals() ?? [];
  if (refusals.length) console.warn(`SQL the emulator ran that Snowflake would refuse:\n${refusals.map((r) => `  ${r}`).join('\n')}`);
  emulator?.stop();
  delete process.env[PASSWORD_VARIABLE];
  removeProjectCopies();
});

const sfTarget = (schema: string): AdapterTarget => emulator.target({ password: emulator.password, database: 'KILN', schema });

/** A copy of the project whose profile points at the emulator, in a schema named after it. */
function onSnowflake(name: string, copy?: (name: string) => string): string {
  const output = [
    'type: snowflake',
    `account: ${emulator.account}`,
    `user: ${emulator.user}`,
    `password: "{{ env_var('${PASSWORD_VARIABLE}') }}"`,
    'role: TRANSFORMER',
    'warehouse: KILN_WH',
    'database: KILN',
    `schema: ${name}`,
    `host: ${emulator.host}`,
    `port: ${emulator.port}`,
    'protocol: http',
    'threads: 2',
  ].map((line) => `      ${line}\n`).join('');
  return projectOn(name, output, copy);
}

describe('projects on snowflake agree with DuckDB', () => {
  for (const fixture of PORTABLE_FIXTURES) {
    it(`${fixture}: snowflake holds the same rows as duckdb`, async () => {
      const duck = projectOnDuckDb(fixture);
      const sf = onSnowflake(fixture);
      buildTwice(duck);
      buildTwice(sf);
      const relations = builtRelations(duck);
      expect([...builtRelations(sf).keys()]).toEqual([...relations.keys()]);
      expect(relations.size).toBeGreaterThan(0);
      const duckRows = await relationContents(duckDbTargetOf(duck), duck, relations);
      const sfRows = await relationContents(sfTarget(fixture), sf, builtRelations(sf));
      expect(sfRows).toEqual(duckRows);
      expect(Object.values(duckRows).some((rows) => rows.length > 0)).toBe(true);
    });
  }

  it('the kiln_ai package: snowflake builds every model with the rows duckdb has', async () => {
    const copy = () => repoProjectCopy();
    const duck = projectOnDuckDb('kiln_ai', copy);
    const sf = onSnowflake('kiln_ai', copy);
    buildTwice(duck, true);
    buildTwice(sf, true);
    const onDuck = await aiPackageCounts(duckDbTargetOf(duck), duck);
    expect(await aiPackageCounts(sfTarget('kiln_ai'), sf)).toEqual(onDuck);
    expect(Object.keys(onDuck.counts).length).toBeGreaterThan(10);
  });
});
