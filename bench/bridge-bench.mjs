/**
 * The worker bridge: blocking round trips (what a template's run_query costs) and
 * concurrent async calls (what the runner does), against in-memory DuckDB.
 *
 *   npm run build && node bench/bridge-bench.mjs
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.UV_THREADPOOL_SIZE ??= '16';
const { createAdapter } = await import('../dist/adapters/registry.js');
const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' }, { threads: 4, projectRoot: mkdtempSync(join(tmpdir(), 'kiln-bridge-')) });
const calls = 1000;
let t = performance.now();
for (let i = 0; i < calls; i++) adapter.syncConnection.execute('select 1');
const syncMs = performance.now() - t;
t = performance.now();
await Promise.all(Array.from({ length: calls }, () => adapter.connection.execute('select 1')));
const asyncMs = performance.now() - t;
await adapter.close();
console.log(`${calls} blocking 'select 1': ${syncMs.toFixed(0)} ms (${((syncMs / calls) * 1000).toFixed(0)} µs each)`);
console.log(`${calls} concurrent async 'select 1': ${asyncMs.toFixed(0)} ms`);
