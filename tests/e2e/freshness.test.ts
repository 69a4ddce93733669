/**
 * End to end: `kiln source freshness` (the built CLI) on tests/fixtures/freshness_basic.
 * The source tables are created here, in the project's default DuckDB file, with
 * timestamps relative to now, so every status is known in advance.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, type CliResult, query } from './cli.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Loaded {
  ordersAt: Date;
  customersAt: Date;
}

/** `2024-01-02 03:04:05.678` (UTC wall time, no zone) */
function naive(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** What sources.json should say for an instant: UTC, microseconds, `+00:00`. */
function isoOut(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => (ms === '000' ? '+00:00' : `.${ms}000+00:00`));
}

async function createSourceTables(dir: string): Promise<Loaded> {
  const now = Date.now();
  const ordersAt = new Date(now - 30 * MINUTE);
  const customersAt = new Date(now - 3 * HOUR);
  mkdirSync(join(dir, 'target'), { recursive: true });
  const instance = await DuckDBInstance.create(join(dir, 'target/kiln.duckdb'));
  const connection = await instance.connect();
  try {
    await connection.run(`
      create schema raw;
      create table raw.orders as select * from (values (1, timestamp '${naive(new Date(now - 2 * DAY))}'), (2, timestamp '${naive(ordersAt)}')) t(id, loaded_at);
      create table raw.customers as select timestamptz '${customersAt.toISOString()}' as loaded_at;
      create table raw.payments as select date '${new Date(now - 2 * DAY).toISOString().slice(0, 10)}' as paid_on;
      create table raw.events as select * from (values ('test', timestamp '${naive(new Date(now - 30 * MINUTE))}'), ('real', timestamp '${naive(new Date(now - 3 * HOUR))}')) t(kind, loaded_at);
      create table raw.empty_loads (loaded_at timestamp);
      create table raw.reference as select 1 as x;
      create table raw.hourly as select timestamptz '${new Date(now - 3 * HOUR).toISOString()}' as loaded_at;
      create table raw.no_rule as select now() as loaded_at;
      create table raw.no_field as select 1 as x;
    `);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { ordersAt, customersAt };
}

type Entry = Record<string, any>;
function sourcesJson(path: string): { metadata: Record<string, unknown>; results: Entry[]; elapsed_time: number } {
  return JSON.parse(readFileSync(path, 'utf8'));
}
function byTable(results: Entry[]): Record<string, Entry> {
  return Object.fromEntries(results.map((r) => [String(r.unique_id).replace('source.freshness_basic.', ''), r]));
}
function statusOf(results: Entry[]): Record<string, string> {
  return Object.fromEntries(Object.entries(byTable(results)).map(([k, v]) => [k, v.status]));
}

const dirs: string[] = [];
async function project(): Promise<{ dir: string; loaded: Loaded }> {
  const dir = fixtureCopy('freshness_basic');
  dirs.push(dir);
  return { dir, loaded: await createSourceTables(dir) };
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ALL_STATUSES = {
  'raw.orders': 'pass',
  'raw.customers': 'warn',
  'raw.payments': 'error',
  'raw.events': 'warn',
  'raw.empty_loads': 'error',
  'raw.missing': 'runtime error',
  'raw.hourly': 'pass',
  'audit.no_field': 'runtime error',
};

describe('kiln source freshness on every source', () => {
  let dir: string;
  let loaded: Loaded;
  let run: CliResult;
  beforeAll(async () => {
    ({ dir, loaded } = await project());
    run = kiln(['source', 'freshness'], dir);
  });

  it('prints one line per checked table and the summary, and exits 1 on errors', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\d of 8 PASS freshness of raw\.orders \.\.\. \[PASS in \d+\.\d\ds\]$/m);
    expect(run.stdout).toMatch(/^\d of 8 WARN freshness of raw\.customers \.\.\. \[WARN in \d+\.\d\ds\]$/m);
    expect(run.stdout).toMatch(/^\d of 8 ERROR STALE freshness of raw\.payments \.\.\. \[ERROR STALE in \d+\.\d\ds\]$/m);
    expect(run.stdout).toMatch(/^\d of 8 WARN freshness of raw\.events /m);
    expect(run.stdout).toMatch(/^\d of 8 ERROR STALE freshness of raw\.empty_loads /m);
    expect(run.stdout).toMatch(/^\d of 8 ERROR freshness of raw\.missing \.\.\. \[ERROR in /m);
    expect(run.stdout).toMatch(/^\d of 8 PASS freshness of raw\.hourly /m);
    expect(run.stdout).toMatch(/^\d of 8 ERROR freshness of audit\.no_field /m);
    expect(run.stdout).toMatch(/^Done\. PASS=2 WARN=2 ERROR=4 TOTAL=8$/m);
    // tables without a rule are skipped silently
    expect(run.stdout + run.stderr).not.toMatch(/reference|no_rule/);
  });

  it('explains runtime errors on stderr with the file that declares the source', () => {
    expect(run.stderr).toMatch(/^error: models\/sources\.yml:\d+: freshness of raw\.missing: .*missing/m);
    expect(run.stderr).toMatch(/freshness of audit\.no_field: no loaded_at_field .*set loaded_at_field/);
  });

  it('writes target/sources.json in dbt shape', () => {
    const artifact = sourcesJson(join(dir, 'target/sources.json'));
    expect(artifact.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    expect(artifact.metadata.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - Date.parse(String(artifact.metadata.generated_at))).toBeLessThan(10 * MINUTE);
    expect(artifact.elapsed_time).toBeGreaterThan(0);
    expect(statusOf(artifact.results)).toEqual(ALL_STATUSES);
    const tables = byTable(artifact.results);
    const orders = tables['raw.orders']!;
    expect(orders.max_loaded_at).toBe(isoOut(loaded.ordersAt));
    expect(Date.parse(orders.snapshotted_at) - loaded.ordersAt.getTime()).toBeCloseTo(orders.max_loaded_at_time_ago_in_s * 1000, -1);
    expect(orders.max_loaded_at_time_ago_in_s).toBeGreaterThan(30 * 60);
    expect(orders.max_loaded_at_time_ago_in_s).toBeLessThan(40 * 60);
    expect(orders.criteria).toEqual({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null });
    expect(orders.adapter_response).toEqual(expect.any(Object));
    expect(orders.timing.map((t: Entry) => t.name)).toEqual(['compile', 'execute']);
    expect(orders.thread_id).toMatch(/^Thread-[1-4]$/);
    expect(orders.execution_time).toBeGreaterThan(0);
    expect(tables['raw.customers']!.max_loaded_at).toBe(isoOut(loaded.customersAt));
    expect(tables['raw.events']!.criteria.filter).toBe("kind = 'real'");
    expect(tables['raw.events']!.max_loaded_at_time_ago_in_s / 3600).toBeCloseTo(3, 1);
    expect(tables['raw.hourly']!.criteria).toEqual({ warn_after: { count: null, period: null }, error_after: { count: 4, period: 'hour' }, filter: null });
    expect(tables['raw.payments']!.max_loaded_at).toMatch(/T00:00:00\+00:00$/);
    expect(tables['raw.empty_loads']!.max_loaded_at).toBe('0001-01-01T00:00:00+00:00');
    expect(tables['raw.missing']).toEqual({ unique_id: 'source.freshness_basic.raw.missing', error: expect.stringMatching(/missing/), status: 'runtime error' });
  });

  it('runs on-run-end hooks with the freshness results', async () => {
    expect(run.stdout).toMatch(/on-run-end hook 1 of 1 OK/);
    expect(await query(dir, 'select checked, which from main.freshness_log')).toEqual([{ checked: 8, which: 'source' }]);
  });

  it('writes manifest.json beside it', () => {
    expect(existsSync(join(dir, 'target/manifest.json'))).toBe(true);
  });
});

describe('kiln source freshness with flags', () => {
  let dir: string;
  beforeAll(async () => {
    ({ dir } = await project());
  });

  it('checks only the selected tables; warnings alone exit 0', () => {
    const run = kiln(['source', 'freshness', '--select', 'source:raw.orders', 'source:raw.customers'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Done\. PASS=1 WARN=1 ERROR=0 TOTAL=2$/m);
    expect(statusOf(sourcesJson(join(dir, 'target/sources.json')).results)).toEqual({ 'raw.orders': 'pass', 'raw.customers': 'warn' });
  });

  it('selects a whole source and leaves out excluded tables', () => {
    const run = kiln(['source', 'freshness', '-s', 'source:raw', '--exclude', 'source:raw.missing', 'source:raw.payments'], dir);
    expect(run.code).toBe(1);
    expect(statusOf(sourcesJson(join(dir, 'target/sources.json')).results)).toEqual({
      'raw.orders': 'pass',
      'raw.customers': 'warn',
      'raw.events': 'warn',
      'raw.empty_loads': 'error',
      'raw.hourly': 'pass',
    });
  });

  it('says so when nothing selected has a rule, and prints skipped tables with --debug', () => {
    const run = kiln(['source', 'freshness', '--select', 'source:raw.reference', 'source:audit.no_rule', '--debug'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/skipping freshness of raw\.reference: no freshness rule/);
    expect(run.stdout).toMatch(/skipping freshness of audit\.no_rule: no freshness rule/);
    expect(run.stderr).toMatch(/nothing to check: none of the selected source tables has a freshness rule/);
  });

  it('logs JSON lines with --log-format json', () => {
    const run = kiln(['source', 'freshness', '--log-format', 'json'], dir);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Entry);
    const finished = lines.filter((l) => l.event === 'freshness_finished');
    expect(Object.fromEntries(finished.map((l) => [String(l.unique_id).replace('source.freshness_basic.', ''), l.status]))).toEqual(ALL_STATUSES);
    expect(finished.find((l) => l.unique_id.endsWith('raw.missing'))!.error).toMatch(/missing/);
    expect(finished.find((l) => l.unique_id.endsWith('raw.orders'))!.max_loaded_at_time_ago_in_s).toBeGreaterThan(1800);
    expect(lines.find((l) => l.event === 'summary')).toMatchObject({ pass: 2, warn: 2, error: 4, total: 8 });
  });

  it('accepts snapshot-freshness, --output and --threads', () => {
    rmSync(join(dir, 'target/sources.json'), { force: true });
    const run = kiln(['source', 'snapshot-freshness', '--threads', '1', '--output', 'out/fresh.json', '-s', 'source:raw'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/with 1 thread\(s\)/);
    expect(existsSync(join(dir, 'target/sources.json'))).toBe(false);
    const results = sourcesJson(join(dir, 'out/fresh.json')).results;
    expect(results).toHaveLength(7);
    expect(new Set(results.filter((r) => r.thread_id).map((r) => r.thread_id))).toEqual(new Set(['Thread-1']));
  });

  it.each(['America/New_York', 'Asia/Kolkata'])('gives the same ages when the machine runs in %s', (tz) => {
    const run = kiln(['source', 'freshness', '-s', 'source:raw.orders', 'source:raw.customers', 'source:raw.events', 'source:raw.payments', 'source:raw.hourly'], dir, { TZ: tz });
    expect(run.stdout).toMatch(/TOTAL=5/);
    const results = sourcesJson(join(dir, 'target/sources.json')).results;
    expect(statusOf(results)).toEqual({ 'raw.orders': 'pass', 'raw.customers': 'warn', 'raw.events': 'warn', 'raw.payments': 'error', 'raw.hourly': 'pass' });
    const orders = byTable(results)['raw.orders']!;
    expect(orders.max_loaded_at_time_ago_in_s).toBeGreaterThan(30 * 60);
    expect(orders.max_loaded_at_time_ago_in_s).toBeLessThan(40 * 60);
    expect(orders.snapshotted_at).toMatch(/\+00:00$/);
  });
});
