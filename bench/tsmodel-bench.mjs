// TypeScript model overhead: 1,000,000 rows (bigint, varchar, double) through an identity
// TypeScript model vs `create table as select` of the same rows, both built by `kiln build`
// on DuckDB; figures are the models' execution times from run_results.json, median of three.
// A second pair without the text column shows what strings cost: the DuckDB binding reads
// and writes each string over 12 bytes with a call of its own. Last, the floor: the same
// copy through @duckdb/node-api alone (a streamed read, the Appender on a second connection),
// with no kiln in between — what any JavaScript model must pay on this binding.
// Goal (issue 10): the TypeScript model within 3x of CTAS; the floor line shows it is out of
// reach while the binding moves values one call at a time.
// Usage: npm run build && node bench/tsmodel-bench.mjs [--rows N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'kiln.cjs');
const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
const ROUNDS = 3;

const dir = mkdtempSync(join(tmpdir(), 'kiln-ts-bench-'));
mkdirSync(join(dir, 'models'));
writeFileSync(join(dir, 'project.yml'), 'name: tsbench\n');
writeFileSync(join(dir, 'models', 'source_rows.sql'), `{{ config(materialized='table') }}\nselect i::bigint as id, 'document text number ' || i as body, i / 7.0 as score from range(${ROWS}) t(i)\n`);
writeFileSync(join(dir, 'models', 'ctas_copy.sql'), `{{ config(materialized='table') }}\nselect * from {{ ref('source_rows') }}\n`);
writeFileSync(join(dir, 'models', 'numeric_rows.sql'), `{{ config(materialized='table') }}\nselect i::bigint as id, i / 7.0 as score from range(${ROWS}) t(i)\n`);
writeFileSync(join(dir, 'models', 'ctas_numeric.sql'), `{{ config(materialized='table') }}\nselect * from {{ ref('numeric_rows') }}\n`);
const identity = (input) => `export const config = { materialized: 'table' };
export default async function* (ctx: any) {
  for await (const batch of ctx.ref('${input}').batches(10_000)) yield batch;
}
`;
writeFileSync(join(dir, 'models', 'ts_copy.ts'), identity('source_rows'));
writeFileSync(join(dir, 'models', 'ts_numeric.ts'), identity('numeric_rows'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = { ctas_copy: [], ts_copy: [], ctas_numeric: [], ts_numeric: [] };
for (let round = 0; round < ROUNDS; round++) {
  rmSync(join(dir, 'target'), { recursive: true, force: true });
  const run = spawnSync(process.execPath, [bin, 'build', '--threads', '1', '--project-dir', dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`kiln build failed:\n${run.stdout}\n${run.stderr}`);
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results;
  for (const result of results) {
    const name = result.unique_id.split('.').pop();
    if (name in times) times[name].push(result.execution_time);
  }
}
const report = (label, ctasName, tsName, goal) => {
  const ctas = median(times[ctasName]);
  const ts = median(times[tsName]);
  const rate = Math.round(ROWS / ts).toLocaleString('en-US');
  console.log(`${ROWS.toLocaleString('en-US')} rows ${label}   CTAS ${ctas.toFixed(3)} s   TypeScript identity model ${ts.toFixed(3)} s (${rate} rows/s)   ratio ${(ts / ctas).toFixed(1)}x${goal}`);
};
report('(bigint, varchar, double)', 'ctas_copy', 'ts_copy', ' (goal <= 3x)');
report('(bigint, double)         ', 'ctas_numeric', 'ts_numeric', '');

/**
 * The floor any JavaScript model pays on DuckDB: the binding alone, no kiln, reading each
 * table's rows out (a streamed result, a chunk at a time) and appending them to a copy
 * (the Appender, a chunk at a time), in this process.
 */
const { DuckDBInstance, DuckDBDataChunk } = await import('@duckdb/node-api');
const instance = await DuckDBInstance.create(join(dir, 'target', 'kiln.duckdb'));
const connection = await instance.connect();
const writer = await instance.connect(); // a second connection, as kiln's cursor has: a query on the reading one would end its stream
for (const [label, table, ctasName] of [['(bigint, varchar, double)', 'source_rows', 'ctas_copy'], ['(bigint, double)         ', 'numeric_rows', 'ctas_numeric']]) {
  await connection.run(`create or replace table floor_copy as select * from ${table} limit 0`);
  const started = performance.now();
  const result = await connection.stream(`select * from ${table}`);
  const appender = await writer.createAppender('floor_copy');
  const types = Array.from({ length: result.columnCount }, (_, i) => result.columnType(i));
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const copy = DuckDBDataChunk.create(types, chunk.rowCount);
    chunk.getColumns().forEach((values, column) => copy.setColumnValues(column, values));
    appender.appendDataChunk(copy);
  }
  appender.flushSync();
  appender.closeSync();
  const seconds = (performance.now() - started) / 1000;
  const copied = (await connection.runAndReadAll('select count(*) from floor_copy')).getRows()[0][0];
  if (Number(copied) !== ROWS) throw new Error(`the binding copy holds ${copied} rows, not ${ROWS}`);
  console.log(`${ROWS.toLocaleString('en-US')} rows ${label}   binding alone (read + append, no kiln) ${seconds.toFixed(3)} s   ratio ${(seconds / median(times[ctasName])).toFixed(1)}x of CTAS`);
}
writer.closeSync();
connection.closeSync();
instance.closeSync();
rmSync(dir, { recursive: true, force: true });
