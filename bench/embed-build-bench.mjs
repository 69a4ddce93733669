// The embedding post-hook end to end: `kiln build` of a table of 100,000 chunks of ~300 tokens
// (~1,800 characters; an incremental model, as chunk tables are) with embed: on the offline `local` provider. Prints the first build's
// embedding rate (rows embedded / seconds the step took, from run_results.json) and the wall
// time of a second build with nothing changed, which must send nothing.
// Goals (issue 10): >= 20,000 rows/s; no-change build < 2 s with 0 rows embedded.
// Usage: npm run build && node bench/embed-build-bench.mjs [--rows N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'kiln.cjs');
const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 100_000;

const dir = mkdtempSync(join(tmpdir(), 'kiln-embed-bench-'));
mkdirSync(join(dir, 'models'));
writeFileSync(join(dir, 'project.yml'), 'name: embedbench\n');
// ~300 words per chunk from a 4,000-word vocabulary, different for every row.
writeFileSync(
  join(dir, 'models', 'chunks.sql'),
  `{{ config(materialized='incremental', unique_key='chunk_id', embed={'text': 'text', 'id': 'chunk_id'}) }}
select i as chunk_id,
       array_to_string(list_transform(range(300), j -> 'w' || ((i * 7919 + j * 104729) % 4000)::varchar || (case when j % 17 = 0 then '.' else '' end)), ' ') as text
from range(${ROWS}) t(i)
{% if is_incremental() %} where i not in (select chunk_id from {{ this }}) {% endif %}
`,
);

const build = () => {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'build', '--project-dir', dir], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`kiln build failed:\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results.find((r) => r.unique_id.endsWith('.chunks'));
  return { seconds, node: result.execution_time, embedding: result.adapter_response.embedding };
};

const first = build();
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`first build: ${fmt(first.embedding.rows_embedded)} rows embedded in ${first.embedding.seconds.toFixed(2)} s of the embedding step = ${fmt(first.embedding.rows_embedded / first.embedding.seconds)} rows/s (goal >= 20,000); whole build ${first.seconds.toFixed(2)} s`);
const second = build();
console.log(`no-change build: ${second.embedding.rows_embedded} rows embedded, ${second.embedding.requests} requests, ${fmt(second.embedding.rows_skipped)} unchanged; whole build ${second.seconds.toFixed(2)} s wall (goal < 2 s): the model's rebuild ${(second.node - second.embedding.seconds).toFixed(2)} s, the embedding step's check ${second.embedding.seconds.toFixed(2)} s`);
rmSync(dir, { recursive: true, force: true });
