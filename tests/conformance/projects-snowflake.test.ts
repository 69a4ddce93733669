/**
 * Whole projects on Snowflake: each portable fixture and the kiln_ai package, built on embedded
 * DuckDB and through snowflake-sdk on the Snowflake emulator (tests/support/snowflakeEmulator),
 * must leave the same rows on both (projectHarness.ts). The profile signs in with a password
 * from env_var(), as a user's would; with KILN_LIVE_SNOWFLAKE set (a profile output as JSON),
 * the same builds run on that account instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type AdapterTarget } from '../../src/adapters/registry.js';
import { kiln, projectWith, repoProjectCopy } from '../e2e/cli.js';
import { startSnowflakeEmulator, type SnowflakeEmulator } from '../support/snowflakeEmulator/start.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';
import { aiPackageCounts, buildTwice, builtRelations, duckDbTargetOf, PORTABLE_FIXTURES, PROJECT_TEST_TIMEOUT, projectOn, projectOnDuckDb, relationContents, removeProjectCopies, runStatuses } from './projectHarness.js';

const PASSWORD_VARIABLE = 'KILN_TEST_SNOWFLAKE_PASSWORD';
/** A real account instead of the emulator: the profile output as JSON (as for tests/conformance/snowflake.test.ts). */
const live = process.env['KILN_LIVE_SNOWFLAKE'] ? (JSON.parse(process.env['KILN_LIVE_SNOWFLAKE']) as Record<string, unknown>) : undefined;
const SECRET_FIELDS = ['password', 'private_key', 'private_key_passphrase', 'token'];
let emulator: SnowflakeEmulator | undefined;
beforeAll(async () => {
  ensureAdaptersCompiled();
  if (live) {
    // Secrets reach the profiles through env_var(), never written into a project copy.
    for (const field of SECRET_FIELDS) if (live[field] !== undefined) process.env[`KILN_LIVE_SNOWFLAKE_${field.toUpperCase()}`] = String(live[field]);
    return;
  }
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

const sfTarget = (schema: string): AdapterTarget =>
  live ? { ...live, type: 'snowflake', schema } : emulator!.target({ password: emulator!.password, database: 'KILN', schema });

/** A copy of the project whose profile points at the emulator (or the live account), in a schema named after it. */
function onSnowflake(name: string, copy?: (name: string) => string, extra: [string, unknown][] = []): string {
  const fields: [string, unknown][] = live
    ? [...Object.entries(live).filter(([key]) => key !== 'schema' && key !== 'type').map(([key, value]): [string, unknown] => [key, SECRET_FIELDS.includes(key) ? `{{ env_var('KILN_LIVE_SNOWFLAKE_${key.toUpperCase()}') }}` : value]), ['schema', name]]
    : [
        ['account', emulator!.account],
        ['user', emulator!.user],
        ['password', `{{ env_var('${PASSWORD_VARIABLE}') }}`],
        ['role', 'TRANSFORMER'],
        ['warehouse', 'KILN_WH'],
        ['database', 'KILN'],
        ['schema', name],
        ['host', emulator!.host],
        ['port', emulator!.port],
        ['protocol', 'http'],
      ];
  const output = [['type', 'snowflake'], ...fields, ...extra, ['threads', 2]].map(([key, value]) => `      ${String(key)}: ${JSON.stringify(value)}\n`).join('');
  return projectOn(name, output, copy);
}

describe('projects on snowflake agree with DuckDB', () => {
  for (const fixture of PORTABLE_FIXTURES) {
    it(`${fixture}: snowflake holds the same rows as duckdb`, async () => {
      const duck = projectOnDuckDb(fixture);
      const sf = onSnowflake(fixture);
      buildTwice(duck);
      buildTwice(sf);
      expect(runStatuses(sf)).toEqual(runStatuses(duck));
      const relations = builtRelations(duck);
      expect([...builtRelations(sf).keys()]).toEqual([...relations.keys()]);
      expect(relations.size).toBeGreaterThan(0);
      const duckRows = await relationContents(duckDbTargetOf(duck), duck, relations);
      const sfRows = await relationContents(sfTarget(fixture), sf, builtRelations(sf));
      expect(sfRows).toEqual(duckRows);
      expect(Object.values(duckRows).some((rows) => rows.length > 0)).toBe(true);
    }, PROJECT_TEST_TIMEOUT);
  }

  it.skipIf(live)("a model's query_tag labels its statements, the profile's the rest; persist_docs comments; the summary names the query ids", async () => {
    const files = {
      'project.yml': 'name: tagged\n',
      'models/orders.sql': "{{ config(materialized='table', query_tag='nightly_orders') }}\nselect 1 as id",
      'models/customers.sql': "{{ config(materialized='table', persist_docs={'relation': true, 'columns': true}) }}\nselect 2 as id",
      'models/schema.yml': "version: 2\nmodels:\n  - name: customers\n    description: \"One row per customer, it's true\"\n    columns:\n      - name: id\n        description: The customer's id\n",
    };
    const dir = onSnowflake('tagged', () => projectWith(files), [['query_tag', 'kiln_profile']]);
    const result = kiln(['build'], dir);
    expect(result.stdout, result.stderr).toMatch(/Done\. PASS=2 WARN=0 ERROR=0/);
    expect(result.stdout).toMatch(/^Cost: \d+\.\d\ds of node time, query ids in target\/run_results\.json\.$/m);
    const { queryTags } = (await (await fetch(`http://${emulator!.host}:${emulator!.port}/__emulator/stats`)).json()) as { queryTags: { sql: string; tag: string | null }[] };
    const tagsOf = (pattern: RegExp) => [...new Set(queryTags.filter((q) => pattern.test(q.sql)).map((q) => q.tag))];
    expect(tagsOf(/CREATE OR REPLACE TRANSIENT TABLE "KILN"\."TAGGED"\."ORDERS"/)).toEqual(['nightly_orders']);
    expect(tagsOf(/CREATE OR REPLACE TRANSIENT TABLE "KILN"\."TAGGED"\."CUSTOMERS"/)).toEqual(['kiln_profile']);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { adapter_response: { query_id?: string } }[] };
    expect(results.results.every((r) => typeof r.adapter_response.query_id === 'string')).toBe(true);
    // persist_docs: Snowflake's COMMENT ON, read back through the adapter's catalog.
    const adapter = await createAdapter(sfTarget('tagged'), { threads: 1, projectRoot: dir });
    try {
      const [customers] = await adapter.connection.describeRelations([{ database: 'KILN', schema: 'TAGGED', identifier: 'CUSTOMERS' }]);
      expect(customers?.comment).toBe("One row per customer, it's true");
      expect(customers?.columns.map((c) => [c.name, c.comment])).toEqual([['ID', "The customer's id"]]);
    } finally {
      await adapter.close();
    }
  });

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
