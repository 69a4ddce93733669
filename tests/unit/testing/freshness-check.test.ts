/** The freshness check against a real (in-memory) DuckDB through the adapter bridge, and the sources.json shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../src/adapters/registry.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { sourcesArtifact } from '../../../src/artifacts/sourcesJson.js';
import type { FreshnessRule, SourceDefinition } from '../../../src/project/nodes.js';
import { checkSourceFreshness, checkSourcesFreshness, freshnessSkipReason, freshnessSql } from '../../../src/testing/freshness/check.js';
import type { FreshnessEvent } from '../../../src/testing/freshness/types.js';
import { ensureAdaptersCompiled } from '../adapters/helpers/compiled-adapters.js';
import { makeTempProject } from '../adapters/helpers/temp-project.js';

const RULE: FreshnessRule = { warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' } };

let adapter: Adapter;
const project = makeTempProject('kiln-freshness-');

function source(name: string, options: { field?: string | null; freshness?: FreshnessRule | null } = {}): SourceDefinition {
  return {
    unique_id: `source.p.raw.${name}`,
    resource_type: 'source',
    package_name: 'p',
    name,
    source_name: 'raw',
    identifier: name,
    database: 'memory',
    schema: 'raw',
    loader: '',
    description: '',
    source_description: '',
    columns: {},
    meta: {},
    source_meta: {},
    tags: [],
    config: { enabled: true },
    loaded_at_field: options.field === undefined ? 'loaded_at' : options.field,
    freshness: options.freshness === undefined ? RULE : options.freshness,
    quoting: {},
    path: 'models/sources.yml',
    original_file_path: 'models/sources.yml',
    abs_path: '/x/models/sources.yml',
    fqn: ['p', 'raw', name],
    relation_name: adapter.dialect.renderRelation({ database: 'memory', schema: 'raw', identifier: name }),
  };
}

beforeAll(async () => {
  ensureAdaptersCompiled();
  adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 2, projectRoot: project.root });
  await adapter.connection.execute(
    [
      'create schema raw',
      "create table raw.naive as select timezone('UTC', now()) - interval 30 minute as loaded_at",
      'create table raw.aware as select now() - interval 3 hour as loaded_at',
      "create table raw.dated as select (timezone('UTC', now()) - interval 2 day)::date as loaded_at",
      "create table raw.events as select * from (values ('test', now() - interval 5 minute), ('real', now() - interval 2 hour)) t(kind, loaded_at)",
      'create table raw.nothing (loaded_at timestamp)',
      "create table raw.texts as select 'soon' as loaded_at",
    ],
    { fetch: false },
  );
});

afterAll(async () => {
  await adapter?.close();
  project.remove();
});

describe('checkSourceFreshness on DuckDB', () => {
  it('passes a naive TIMESTAMP 30 minutes old, read as UTC', async () => {
    const result = await checkSourceFreshness(adapter, source('naive'), 'Thread-7');
    expect(result.status).toBe('pass');
    expect(result.max_loaded_at_time_ago_in_s).toBeGreaterThan(29 * 60);
    expect(result.max_loaded_at_time_ago_in_s).toBeLessThan(31 * 60);
    expect(result.max_loaded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(Date.parse(result.snapshotted_at!) - Date.parse(result.max_loaded_at!)).toBeCloseTo(result.max_loaded_at_time_ago_in_s! * 1000, -1);
    expect(result.thread_id).toBe('Thread-7');
    expect(result.timing.map((t) => t.name)).toEqual(['compile', 'execute']);
    expect(result.criteria).toEqual({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null });
  });

  it('warns on a TIMESTAMPTZ 3 hours old and errors on a DATE two days old', async () => {
    const aware = await checkSourceFreshness(adapter, source('aware'), 'Thread-1');
    expect(aware.status).toBe('warn');
    expect(aware.max_loaded_at_time_ago_in_s! / 3600).toBeCloseTo(3, 1);
    const dated = await checkSourceFreshness(adapter, source('dated'), 'Thread-1');
    expect(dated.status).toBe('error');
    expect(dated.max_loaded_at).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\+00:00$/);
    expect(dated.max_loaded_at_time_ago_in_s!).toBeGreaterThanOrEqual(2 * 86400);
    expect(dated.max_loaded_at_time_ago_in_s!).toBeLessThan(3 * 86400);
  });

  it('applies the filter to the query', async () => {
    expect((await checkSourceFreshness(adapter, source('events'), 'Thread-1')).status).toBe('pass');
    const filtered = await checkSourceFreshness(adapter, source('events', { freshness: { ...RULE, filter: "kind = 'real'" } }), 'Thread-1');
    expect(filtered.status).toBe('warn');
    expect(filtered.criteria.filter).toBe("kind = 'real'");
    expect(filtered.sql).toMatch(/where kind = 'real'$/);
  });

  it('treats an empty table as loaded at 0001-01-01 (dbt: infinitely long ago)', async () => {
    const result = await checkSourceFreshness(adapter, source('nothing'), 'Thread-1');
    expect(result.status).toBe('error');
    expect(result.max_loaded_at).toBe('0001-01-01T00:00:00+00:00');
    expect(result.max_loaded_at_time_ago_in_s!).toBeGreaterThan(2000 * 365 * 86400);
  });

  it('reports a runtime error for a missing table, a non-timestamp column and a missing loaded_at_field', async () => {
    const missing = await checkSourceFreshness(adapter, source('missing'), 'Thread-1');
    expect(missing.status).toBe('runtime error');
    expect(missing.error).toMatch(/missing/);
    expect(missing.max_loaded_at).toBeUndefined();
    const texts = await checkSourceFreshness(adapter, source('texts'), 'Thread-1');
    expect(texts.status).toBe('runtime error');
    expect(texts.error).toMatch(/'soon'.*not a date or timestamp/);
    const noField = await checkSourceFreshness(adapter, source('naive', { field: null }), 'Thread-1');
    expect(noField.status).toBe('runtime error');
    expect(noField.error).toMatch(/no loaded_at_field/);
  });
});

describe('freshness of many tables', () => {
  it('skips tables without a rule', () => {
    expect(freshnessSkipReason(source('naive', { freshness: null }))).toMatch(/no freshness rule/);
    expect(freshnessSkipReason(source('naive', { freshness: { warn_after: null, error_after: null } }))).toBeDefined();
    expect(freshnessSkipReason(source('naive'))).toBeUndefined();
  });

  it('writes the query dbt writes', () => {
    expect(freshnessSql(adapter.dialect, source('events', { freshness: { ...RULE, filter: ' kind = 1 ' } }))).toBe(
      'select\n  max(loaded_at) as max_loaded_at,\n  current_timestamp as snapshotted_at\nfrom "raw"."events"\nwhere kind = 1',
    );
  });

  it('runs on the given number of threads and keeps the input order', async () => {
    const names = ['naive', 'aware', 'dated', 'missing', 'nothing'];
    const events: FreshnessEvent[] = [];
    const results = await checkSourcesFreshness(adapter, names.map((n) => source(n)), { threads: 2, onEvent: (e) => events.push(e) });
    expect(results.map((r) => r.status)).toEqual(['pass', 'warn', 'error', 'runtime error', 'error']);
    expect(new Set(results.map((r) => r.thread_id))).toEqual(new Set(['Thread-1', 'Thread-2']));
    expect(events.filter((e) => e.type === 'start').map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(5);
    const stopped = await checkSourcesFreshness(adapter, names.map((n) => source(n)), { threads: 1, stopped: () => true });
    expect(stopped).toEqual([]);
  });

  it('builds sources.json entries in dbt v3 shape', async () => {
    const results = [await checkSourceFreshness(adapter, source('aware'), 'Thread-1'), await checkSourceFreshness(adapter, source('missing'), 'Thread-1')];
    const artifact = sourcesArtifact(results, { invocationId: 'abc', generatedAt: new Date('2024-01-01T00:00:00Z'), elapsed: 1.5 });
    expect(artifact.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json', invocation_id: 'abc', generated_at: '2024-01-01T00:00:00.000Z' });
    expect(artifact.elapsed_time).toBe(1.5);
    expect(Object.keys(artifact.results[0]!).sort()).toEqual(
      ['adapter_response', 'criteria', 'execution_time', 'max_loaded_at', 'max_loaded_at_time_ago_in_s', 'snapshotted_at', 'status', 'thread_id', 'timing', 'unique_id'].sort(),
    );
    expect(artifact.results[1]).toEqual({ unique_id: 'source.p.raw.missing', error: expect.stringMatching(/missing/), status: 'runtime error' });
  });
});
