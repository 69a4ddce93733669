// The built-in AI package's no-change rebuild: the repo's project built once over the shipped
// corpus, then again with nothing changed; prints the second `kiln build`'s wall time (median
// of three) and checks that nothing was re-chunked or re-embedded.
// Goal (issue 11): under 2 s, 0 chunks and 0 vectors redone.
// Usage: npm run build && node bench/ai-package-bench.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'kiln.cjs');
const dir = mkdtempSync(join(tmpdir(), 'kiln-ai-bench-'));
for (const part of ['project.yml', 'models', 'macros', 'tests/data', 'data/corpus']) cpSync(join(repo, part), join(dir, part), { recursive: true });
mkdirSync(join(dir, 'node_modules'));
symlinkSync(repo, join(dir, 'node_modules', 'kiln'), 'dir');

const build = () => {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'build', '--project-dir', dir], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`kiln build failed:\n${run.stdout}\n${run.stderr}`);
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results;
  const of = (name) => results.find((r) => r.unique_id === `model.kiln_ai.${name}`);
  const slowest = [...results].sort((a, b) => b.execution_time - a.execution_time).slice(0, 4).map((r) => `${r.unique_id.split('.').pop()} ${r.execution_time.toFixed(2)}s`);
  return { seconds, nodes: results.length, chunked: of('chunks').adapter_response.rows_affected, embedded: of('chunks').adapter_response.embedding.rows_embedded + of('eval_set').adapter_response.embedding.rows_embedded, slowest };
};

const first = build();
console.log(`first build: ${first.nodes} nodes in ${first.seconds.toFixed(2)} s (${first.chunked} chunks, ${first.embedded} vectors); slowest: ${first.slowest.join(', ')}`);
const rounds = [build(), build(), build()];
const median = [...rounds].sort((a, b) => a.seconds - b.seconds)[1];
console.log(`no-change rebuild: ${median.seconds.toFixed(2)} s wall, median of 3 (goal < 2 s); re-chunked ${median.chunked}, re-embedded ${median.embedded}; slowest: ${median.slowest.join(', ')}`);
rmSync(dir, { recursive: true, force: true });
