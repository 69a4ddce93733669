/**
 * Whole projects on every adapter: each fixture is built twice (the second run takes the
 * incremental and snapshot paths) on embedded DuckDB and on a real PostgreSQL server, and
 * every relation the build made must hold the same rows on both. DuckDB's contents are
 * asserted exactly by the e2e suites; this says the other adapters agree with it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type AdapterTarget } from '../../src/adapters/registry.js';
import { fixtureCopy, kiln, repoProjectCopy } from '../e2e/cli.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';

/** Fixtures that are portable SQL (the others test DuckDB-only behaviour on purpose). */
const FIXTURES = ['jaffle_shop_duckdb', 'mat_incremental', 'mat_snapshots', 'mat_microbatch', 'exec_basic', 'portable_ts'];
/** Columns whose values come from the clock of the run, not from the data. */
const CLOCK_COLUMNS = /^(dbt_(valid_from|valid_to|updated_at|scd_id)|embedded_at)$/;

let server: PostgresServer;
const dirs: string[] = [];
beforeAll(async () => {
  ensureAdaptersCompiled();
  server = await startPostgres();
});
afterAll(() => {
  server?.stop();
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function projectName(dir: string): string {
  for (const file of ['dbt_project.yml', 'project.yml']) {
    try {
      const text = readFileSync(join(dir, file), 'utf8');
      const profile = /^profile:\s*['"]?([\w-]+)/m.exec(text) ?? /^name:\s*['"]?([\w-]+)/m.exec(text);
      if (profile) return profile[1]!;
    } catch {
      // the other file
    }
  }
  throw new Error(`no project file in ${dir}`);
}

/** A copy of the fixture whose profile has a `pg` output on the test server (schema named after the fixture). */
function onPostgres(name: string, copy = fixtureCopy): string {
  const dir = copy(name);
  dirs.push(dir);
  const profile = projectName(dir);
  writeFileSync(
    join(dir, 'profiles.yml'),
    `${profile}:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${server.host}\n      port: ${server.port}\n      user: ${server.user}\n      password: "{{ env_var('KILN_TEST_PG_PASSWORD', '') }}"\n      dbname: postgres\n      schema: ${name}\n      threads: 2\n`,
  );
  return dir;
}

function onDuckDb(name: string, copy = fixtureCopy): string {
  const dir = copy(name);
  dirs.push(dir);
  rmSync(join(dir, 'profiles.yml'), { force: true }); // kiln's default: embedded DuckDB under target/
  return dir;
}

/** Two builds; a fixture may hold a test that fails on purpose (what matters is that both adapters agree), unless `clean`. */
function build(dir: string, clean = false): void {
  for (let run = 0; run < 2; run++) {
    const result = kiln(['build', '--threads', '2'], dir);
    expect(result.stdout, result.stderr).toMatch(clean ? /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0/ : /Done\. PASS=/);
  }
}

/** The relations the build made (name → relation name as the warehouse writes it), from its manifest. */
function builtRelations(dir: string): Map<string, string> {
  // Each model's vectors table counts as a relation of the build.
  const vectors = (name: string, relation: string, embed: unknown): [string, string][] => (embed ? [[`${name}_embeddings`, relation.replace(/("?)([^".]+)("?)$/, `$1$2_embeddings$3`)]] : []);
  const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string; name: string; relation_name: string; config: { materialized?: string; enabled?: boolean; embed?: unknown } }> };
  const built = Object.values(manifest.nodes).filter((n) => ['model', 'seed', 'snapshot'].includes(n.resource_type) && n.config.materialized !== 'ephemeral' && n.config.enabled !== false);
  return new Map(built.flatMap((n): [string, string][] => [[n.name, n.relation_name], ...vectors(n.name, n.relation_name, n.config.embed)]).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every built relation's rows through the adapter (so both sides give kiln's plain values), clock columns dropped, in a stable order. */
async function contents(target: AdapterTarget, dir: string, relations: Map<string, string>): Promise<Record<string, string[]>> {
  const adapter = await createAdapter(target, { threads: 1, projectRoot: dir });
  try {
    // Vectors are float32: Postgres prints each element shortest, DuckDB hands over its exact value; both are the same float32.
    const round = (value: unknown): unknown =>
      Array.isArray(value) ? value.map((item) => (typeof item === 'number' ? Math.fround(item) : item)) : typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value;
    const all: Record<string, string[]> = {};
    for (const [name, relation] of relations) {
      const [result] = await adapter.connection.execute(`select * from ${relation}`);
      const keep = result!.columns.map((c, i) => [c.name, i] as const).filter(([c]) => !CLOCK_COLUMNS.test(c));
      all[name] = result!.rows.map((row) => JSON.stringify(Object.fromEntries(keep.map(([c, i]) => [c, round(row[i])])))).sort();
    }
    return all;
  } finally {
    await adapter.close();
  }
}

describe('projects on every adapter agree with DuckDB', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture}: postgres holds the same rows as duckdb`, async () => {
      const duck = onDuckDb(fixture);
      const pg = onPostgres(fixture);
      build(duck);
      build(pg);
      const relations = builtRelations(duck);
      expect([...builtRelations(pg).keys()]).toEqual([...relations.keys()]);
      expect(relations.size).toBeGreaterThan(0);
      const duckRows = await contents({ type: 'duckdb', path: join(duck, 'target', 'kiln.duckdb'), database: 'kiln', schema: 'main' }, duck, relations);
      const pgRows = await contents({ type: 'postgres', host: server.host, port: server.port, user: server.user, dbname: 'postgres', schema: fixture }, pg, builtRelations(pg));
      expect(pgRows).toEqual(duckRows);
      expect(Object.values(duckRows).some((rows) => rows.length > 0)).toBe(true);
    });
  }

  it('the kiln_ai package: postgres builds every model with the rows duckdb has', async () => {
    const copy = () => repoProjectCopy();
    const duck = onDuckDb('kiln_ai', copy);
    const pg = onPostgres('kiln_ai', copy);
    build(duck, true);
    build(pg, true);
    const count = async (target: AdapterTarget, dir: string) => {
      const relations = builtRelations(dir);
      const adapter = await createAdapter(target, { threads: 1, projectRoot: dir });
      try {
        const counts: Record<string, unknown> = {};
        // monitoring_quality has a row per data test, and the training-export test runs on DuckDB only.
        for (const [name, relation] of relations) if (name !== 'monitoring_quality') counts[name] = (await adapter.connection.execute(`select count(*) from ${relation}`))[0]!.rows[0]![0];
        const [splits] = await adapter.connection.execute(`select split, count(*) from ${relations.get('training_set')} group by split order by split`);
        return { counts, splits: splits!.rows };
      } finally {
        await adapter.close();
      }
    };
    const onDuck = await count({ type: 'duckdb', path: join(duck, 'target', 'kiln.duckdb'), database: 'kiln', schema: 'main' }, duck);
    const onPg = await count({ type: 'postgres', host: server.host, port: server.port, user: server.user, dbname: 'postgres', schema: 'kiln_ai' }, pg);
    expect(onPg).toEqual(onDuck);
    expect(Object.keys(onDuck.counts).length).toBeGreaterThan(10);
  });

  it('a changed embed: dimensions rebuilds the vectors table on every adapter (Postgres real[] carries no length)', async () => {
    const targets: [string, (dir: string) => AdapterTarget][] = [
      [onDuckDb('portable_ts'), (dir) => ({ type: 'duckdb', path: join(dir, 'target', 'kiln.duckdb'), database: 'kiln', schema: 'main' })],
      [onPostgres('portable_ts'), () => ({ type: 'postgres', host: server.host, port: server.port, user: server.user, dbname: 'postgres', schema: 'portable_ts' })],
    ];
    for (const [dir, target] of targets) {
      build(dir, true);
      const model = join(dir, 'models', 'document_words.ts');
      writeFileSync(model, readFileSync(model, 'utf8').replace('dimensions: 16', 'dimensions: 8'));
      const result = kiln(['build', '--threads', '2'], dir);
      expect(result.stdout, result.stderr).toMatch(/embedded 3000 rows/);
      const adapter = await createAdapter(target(dir), { threads: 1, projectRoot: dir });
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
