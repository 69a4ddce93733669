/**
 * Whole projects on Postgres: each portable fixture and the kiln_ai package, built on embedded
 * DuckDB and on a real PostgreSQL server, must leave the same rows on both (projectHarness.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type AdapterTarget } from '../../src/adapters/registry.js';
import { kiln, repoProjectCopy } from '../e2e/cli.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';
import { aiPackageCounts, buildTwice, builtRelations, duckDbTargetOf, PORTABLE_FIXTURES, PROJECT_TEST_TIMEOUT, projectOn, projectOnDuckDb, relationContents, removeProjectCopies, runStatuses } from './projectHarness.js';

let server: PostgresServer;
beforeAll(async () => {
  ensureAdaptersCompiled();
  server = await startPostgres();
});
afterAll(() => {
  server?.stop();
  removeProjectCopies();
});

const pgTarget = (schema: string): AdapterTarget => ({ type: 'postgres', host: server.host, port: server.port, user: server.user, dbname: 'postgres', schema });

/** A copy of the project whose profile points at the test server, in a schema named after it. */
function onPostgres(name: string, copy?: (name: string) => string): string {
  const output = `      type: postgres\n      host: ${server.host}\n      port: ${server.port}\n      user: ${server.user}\n      password: "{{ env_var('KILN_TEST_PG_PASSWORD', '') }}"\n      dbname: postgres\n      schema: ${name}\n      threads: 2\n`;
  return projectOn(name, output, copy);
}

describe('projects on postgres agree with DuckDB', () => {
  for (const fixture of PORTABLE_FIXTURES) {
    it(`${fixture}: postgres holds the same rows as duckdb`, async () => {
      const duck = projectOnDuckDb(fixture);
      const pg = onPostgres(fixture);
      buildTwice(duck);
      buildTwice(pg);
      expect(runStatuses(pg)).toEqual(runStatuses(duck));
      const relations = builtRelations(duck);
      expect([...builtRelations(pg).keys()]).toEqual([...relations.keys()]);
      expect(relations.size).toBeGreaterThan(0);
      const duckRows = await relationContents(duckDbTargetOf(duck), duck, relations);
      const pgRows = await relationContents(pgTarget(fixture), pg, builtRelations(pg));
      expect(pgRows).toEqual(duckRows);
      expect(Object.values(duckRows).some((rows) => rows.length > 0)).toBe(true);
    }, PROJECT_TEST_TIMEOUT);
  }

  it('the kiln_ai package: postgres builds every model with the rows duckdb has', async () => {
    const copy = () => repoProjectCopy();
    const duck = projectOnDuckDb('kiln_ai', copy);
    const pg = onPostgres('kiln_ai', copy);
    buildTwice(duck, true);
    buildTwice(pg, true);
    const onDuck = await aiPackageCounts(duckDbTargetOf(duck), duck);
    expect(await aiPackageCounts(pgTarget('kiln_ai'), pg)).toEqual(onDuck);
    expect(Object.keys(onDuck.counts).length).toBeGreaterThan(10);
  });

  it('a changed embed: dimensions rebuilds the vectors table on every adapter (Postgres real[] carries no length)', async () => {
    const targets: [string, AdapterTarget][] = [];
    const duck = projectOnDuckDb('portable_ts');
    targets.push([duck, duckDbTargetOf(duck)], [onPostgres('portable_ts'), pgTarget('portable_ts')]);
    for (const [dir, target] of targets) {
      buildTwice(dir, true);
      const model = join(dir, 'models', 'document_words.ts');
      writeFileSync(model, readFileSync(model, 'utf8').replace('dimensions: 16', 'dimensions: 8'));
      const result = kiln(['build', '--threads', '2'], dir);
      expect(result.stdout, result.stderr).toMatch(/embedded 3000 rows/);
      const adapter = await createAdapter(target, { threads: 1, projectRoot: dir });
      try {
        const vectors = builtRelations(dir).get('document_words_embeddings')!;
        const [lengths] = await adapter.connection.execute(`select distinct ${adapter.dialect.vectorLengthSql('embedding')} from ${vectors}`);
        expect(lengths!.rows).toEqual([[8]]);
      } finally {
        await adapter.close();
      }
    }
  });
});
