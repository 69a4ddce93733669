/**
 * Building whole projects on an adapter and reading back what they made, for the
 * per-adapter project suites (projects.test.ts, …): each fixture is built twice (the
 * second run takes the incremental and snapshot paths) on embedded DuckDB and on the
 * adapter, and every relation the build made must hold the same rows on both.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createAdapter, type AdapterTarget } from '../../src/adapters/registry.js';
import { fixtureCopy, kiln } from '../e2e/cli.js';

/** Fixtures that are portable SQL (the others test DuckDB-only behaviour on purpose). */
/** A project test builds on DuckDB and on an emulated warehouse twice each: 20–40 s alone, more on a busy 2-core machine. */
export const PROJECT_TEST_TIMEOUT = 180_000;

export const PORTABLE_FIXTURES = ['jaffle_shop_duckdb', 'mat_incremental', 'mat_snapshots', 'mat_microbatch', 'exec_basic', 'portable_ts'];
/** Columns whose values come from the clock of the run, not from the data. */
const CLOCK_COLUMNS = /^(dbt_(valid_from|valid_to|updated_at|scd_id)|embedded_at)$/i;

/** Project copies made by this file's tests, removed by `removeProjectCopies`. */
const dirs: string[] = [];
export function removeProjectCopies(): void {
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
}

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

/** A copy of the project whose profile's only output is `output` (YAML lines of the target, indented by six spaces). */
export function projectOn(name: string, output: string, copy: (name: string) => string = fixtureCopy): string {
  const dir = copy(name);
  dirs.push(dir);
  writeFileSync(join(dir, 'profiles.yml'), `${projectName(dir)}:\n  target: conformance\n  outputs:\n    conformance:\n${output}`);
  return dir;
}

export function projectOnDuckDb(name: string, copy: (name: string) => string = fixtureCopy): string {
  const dir = copy(name);
  dirs.push(dir);
  rmSync(join(dir, 'profiles.yml'), { force: true }); // kiln's default: embedded DuckDB under target/
  return dir;
}

/** The target a DuckDB project copy was built into. */
export function duckDbTargetOf(dir: string): AdapterTarget {
  return { type: 'duckdb', path: join(dir, 'target', 'kiln.duckdb'), database: 'kiln', schema: 'main' };
}

/** Two builds; a fixture may hold a test that fails on purpose (what matters is that both adapters agree), unless `clean`. */
export function buildTwice(dir: string, clean = false): void {
  for (let run = 0; run < 2; run++) {
    const result = kiln(['build', '--threads', '2'], dir);
    expect(result.stdout, result.stderr).toMatch(clean ? /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0/ : /Done\. PASS=/);
  }
}

/** Each node's status in the last run (run_results.json): what passed, failed or was skipped must agree across adapters. */
export function runStatuses(dir: string): Record<string, string> {
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
  return Object.fromEntries(results.results.map((r) => [r.unique_id, r.status]).sort(([a], [b]) => a!.localeCompare(b!)));
}

/** The relations the build made (name → relation name as the warehouse writes it), from its manifest. */
export function builtRelations(dir: string): Map<string, string> {
  // Each model's vectors table counts as a relation of the build.
  const vectors = (name: string, relation: string, embed: unknown): [string, string][] => (embed ? [[`${name}_embeddings`, relation.replace(/(["`]?)([^"`.]+)(["`]?)$/, (_, open: string, last: string, close: string) => `${open}${last}${/^[A-Z0-9_]+$/.test(last) ? '_EMBEDDINGS' : '_embeddings'}${close}`)]] : []);
  const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string; name: string; relation_name: string; config: { materialized?: string; enabled?: boolean; embed?: unknown } }> };
  const built = Object.values(manifest.nodes).filter((n) => ['model', 'seed', 'snapshot'].includes(n.resource_type) && n.config.materialized !== 'ephemeral' && n.config.enabled !== false);
  return new Map(built.flatMap((n): [string, string][] => [[n.name, n.relation_name], ...vectors(n.name, n.relation_name, n.config.embed)]).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Every built relation's rows through the adapter (so both sides give kiln's plain values), clock
 * columns dropped, column names lower-cased (warehouses that fold to upper case), in a stable order.
 */
export async function relationContents(target: AdapterTarget, dir: string, relations: Map<string, string>): Promise<Record<string, string[]>> {
  const adapter = await createAdapter(target, { threads: 1, projectRoot: dir });
  try {
    // Vectors are float32: Postgres prints each element shortest, DuckDB hands over its exact value; both are the same float32.
    const round = (value: unknown): unknown =>
      Array.isArray(value) ? value.map((item) => (typeof item === 'number' ? Math.fround(item) : item)) : typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value;
    const all: Record<string, string[]> = {};
    for (const [name, relation] of relations) {
      const [result] = await adapter.connection.execute(`select * from ${relation}`);
      const keep = result!.columns.map((c, i) => [c.name.toLowerCase(), i] as const).filter(([c]) => !CLOCK_COLUMNS.test(c));
      all[name] = result!.rows.map((row) => JSON.stringify(Object.fromEntries(keep.map(([c, i]) => [c, round(row[i])])))).sort();
    }
    return all;
  } finally {
    await adapter.close();
  }
}

/** Row counts of the kiln_ai package's relations and its training splits. */
export async function aiPackageCounts(target: AdapterTarget, dir: string): Promise<{ counts: Record<string, unknown>; splits: unknown[][] }> {
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
}
