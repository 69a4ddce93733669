/**
 * The worker bridge, end to end on real DuckDB: blocking and async calls on one
 * worker, parallel statements, errors, cancellation and shutdown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnError } from '../../../src/errors.js';
import { createAdapter, prewarmWarehouse } from '../../../src/adapters/registry.js';
import { prewarmAdapterWorker, settleSpareWorker } from '../../../src/adapters/bridge/adapter-worker.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { REPO_ROOT, ensureAdaptersCompiled } from './helpers/compiled-adapters.js';
import { makeTempProject } from './helpers/temp-project.js';

const LONG_QUERY = 'select count(*) from range(10000000000)';

describe('adapter bridge (DuckDB in memory)', () => {
  const project = makeTempProject();
  let adapter: Adapter;

  beforeAll(async () => {
    ensureAdaptersCompiled();
    adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 4, projectRoot: project.root });
  });
  afterAll(async () => {
    await adapter?.close();
    project.remove();
  });

  it('answers blocking calls', () => {
    const [result] = adapter.syncConnection.execute('select 42 as answer, $1::varchar as word', { params: ['hi'] });
    expect(result!.rows).toEqual([[42, 'hi']]);
    expect(result!.columns.map((c) => c.name)).toEqual(['answer', 'word']);
  });

  it('interleaves blocking and async calls on the same worker', async () => {
    adapter.syncConnection.execute('create table events as select range as id from range(10)');
    const slow = adapter.connection.execute('select count(*) from range(30000000) a');
    const pending = Array.from({ length: 20 }, (_, i) => adapter.connection.execute(`select ${i}`));
    // While async calls are in flight, blocking calls still get their own answers.
    for (let i = 0; i < 20; i++) {
      expect(adapter.syncConnection.execute(`select ${i} * 2`)[0]!.rows).toEqual([[i * 2]]);
    }
    expect(adapter.syncConnection.listRelations('memory', 'main').map((r) => r.identifier)).toContain('events');
    const answers = await Promise.all(pending);
    expect(answers.map(([r]) => r!.rows[0]![0])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await slow)[0]!.rows).toEqual([[30000000]]);
  });

  it('runs async queries in parallel on separate connections', async () => {
    const long = adapter.connection.execute(LONG_QUERY, { tag: 'parallel-long' });
    const started = performance.now();
    const quick = await adapter.connection.execute('select 7');
    expect(quick[0]!.rows).toEqual([[7]]);
    expect(performance.now() - started).toBeLessThan(2000);
    await adapter.connection.cancel('parallel-long');
    await expect(long).rejects.toBeInstanceOf(KilnError);
  });

  it('turns warehouse errors into KilnError carrying DuckDB\'s message, both ways', async () => {
    await expect(adapter.connection.execute('select * from no_such_table')).rejects.toThrow(
      /Catalog Error: Table with name no_such_table does not exist/,
    );
    await expect(adapter.connection.execute('select * from no_such_table')).rejects.toBeInstanceOf(KilnError);
    let caught: unknown;
    try {
      adapter.syncConnection.execute('selec 1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KilnError);
    expect((caught as KilnError).message).toMatch(/Parser Error: syntax error at or near "selec"/);
    // the worker keeps serving after errors
    expect(adapter.syncConnection.execute('select 1')[0]!.rows).toEqual([[1]]);
  });

  it('cancels a long query by tag and keeps the connection usable', async () => {
    const started = performance.now();
    const long = adapter.connection.execute(LONG_QUERY, { tag: 'model.long' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await adapter.connection.cancel('model.long');
    await expect(long).rejects.toThrow(/Interrupted/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await adapter.connection.execute('select 1'))[0]!.rows).toEqual([[1]]);
  });

  it('answers 1,000 blocking and 1,000 concurrent async calls correctly', async () => {
    for (let i = 0; i < 1000; i++) expect(adapter.syncConnection.execute(`select ${i}`)[0]!.rows).toEqual([[i]]);
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => adapter.connection.execute(`select ${i}`)));
    expect(answers.map(([r]) => r!.rows[0]![0])).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe('adapter worker lifetime', () => {
  const registryUrl = pathToFileURL(path.join(REPO_ROOT, 'dist/adapters/registry.js')).href;
  beforeAll(ensureAdaptersCompiled);

  const runScript = (body: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `import { createAdapter } from ${JSON.stringify(registryUrl)};\n${body}`], {
      encoding: 'utf8',
      timeout: 20000,
    });

  it('lets the process exit after close()', () => {
    const child = runScript(`
      const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 2, projectRoot: process.cwd() });
      adapter.syncConnection.execute('select 1');
      await adapter.connection.execute('select 2');
      await adapter.close();
      console.log('closed');`);
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('closed');
    expect(child.status).toBe(0);
  });

  it('does not keep the process alive when idle, even without close()', () => {
    const child = runScript(`
      const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 2, projectRoot: process.cwd() });
      const [result] = await adapter.connection.execute('select 2 as two');
      console.log(result.rows[0][0]);`);
    expect(child.error).toBeUndefined();
    expect(child.stdout.trim()).toBe('2');
    expect(child.status).toBe(0);
  });

  it('refuses calls after close() with a KilnError', async () => {
    const project = makeTempProject();
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 1, projectRoot: project.root });
    await adapter.close();
    await adapter.close(); // twice is fine
    await expect(adapter.connection.execute('select 1')).rejects.toThrow(/closed/);
    expect(() => adapter.syncConnection.execute('select 1')).toThrow(/closed/);
    project.remove();
  });
});

describe('cancelling and closing with work in flight', () => {
  beforeAll(ensureAdaptersCompiled);

  it('cancels a call still waiting for a connection, and cancel() with no tag stops everything', async () => {
    const project = makeTempProject();
    // threads: 1 → a pool of 2 connections (one spare for blocking calls)
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 1, projectRoot: project.root });
    try {
      const first = adapter.connection.execute(LONG_QUERY, { tag: 'first' });
      const second = adapter.connection.execute(LONG_QUERY, { tag: 'second' });
      const queued = adapter.connection.execute('select 1', { tag: 'queued' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await adapter.connection.cancel('queued');
      await expect(queued).rejects.toThrow(/Cancelled \(queued\) before it started/);
      await adapter.connection.cancel();
      const outcomes = await Promise.allSettled([first, second]);
      expect(outcomes.map((o) => o.status === 'rejected' && String(o.reason.message))).toEqual([
        expect.stringMatching(/Interrupted/),
        expect.stringMatching(/Interrupted/),
      ]);
      expect(adapter.syncConnection.execute('select 3')[0]!.rows).toEqual([[3]]);
    } finally {
      await adapter.close();
      project.remove();
    }
  });

  it('close() interrupts running statements and returns promptly', async () => {
    const project = makeTempProject();
    const adapter = await createAdapter({ type: 'duckdb', path: 'busy.duckdb' }, { threads: 2, projectRoot: project.root });
    const long = adapter.connection.execute(LONG_QUERY);
    long.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await adapter.close();
    expect(performance.now() - started).toBeLessThan(5000);
    await expect(long).rejects.toBeInstanceOf(KilnError);
    project.remove();
  });
});

describe('a prewarmed adapter worker', () => {
  const project = makeTempProject();
  afterAll(() => project.remove());

  it('is taken over by the next adapter, blocking and async calls alike', async () => {
    ensureAdaptersCompiled();
    prewarmWarehouse();
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 2, projectRoot: project.root });
    try {
      expect(adapter.syncConnection.execute('select 1 as one')[0]!.rows).toEqual([[1]]);
      expect((await adapter.connection.execute('select 2 as two'))[0]!.rows).toEqual([[2]]);
    } finally {
      await adapter.close();
    }
    // Taken once: the next adapter gets a worker of its own.
    const second = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 1, projectRoot: project.root });
    expect(second.syncConnection.execute('select 3')[0]!.rows).toEqual([[3]]);
    await second.close();
  });

  it('still starts when its guessed module does not load', async () => {
    prewarmAdapterWorker('file:///nowhere/no-such-adapter.js');
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 1, projectRoot: project.root });
    expect(adapter.syncConnection.execute('select 4')[0]!.rows).toEqual([[4]]);
    await adapter.close();
  });

  it('left untaken, holds the exit until its preload has finished (a native module stopped midway can abort the process)', async () => {
    // A preload that takes a while, and leaves a file when it is done.
    const done = path.join(project.root, 'preloaded');
    const preload = `data:text/javascript,${encodeURIComponent(`await new Promise((r) => setTimeout(r, 300)); (await import('node:fs')).writeFileSync(${JSON.stringify(done)}, 'done');`)}`;
    prewarmAdapterWorker(preload);
    settleSpareWorker();
    expect(existsSync(done)).toBe(true);
    // Taken afterwards, it still serves.
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 1, projectRoot: project.root });
    expect(adapter.syncConnection.execute('select 5')[0]!.rows).toEqual([[5]]);
    await adapter.close();
  });
});
