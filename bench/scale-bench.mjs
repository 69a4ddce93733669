/**
 * Whole CLI runs on big generated projects (10,000 and 50,000 models by default, with their
 * generic tests): wall time, CPU time and peak RSS of each process, so the curve from one
 * size to the next is visible. "cold" means no target/ (no partial-parse caches), "warm"
 * means nothing changed since the previous run. Goals (issue 15), 10,000 models on 2 cores:
 * parse ≤ 1 s cold, compile ≤ 2.5 s cold, peak RSS ≤ 600 MB; `kiln build -s +one_model` should
 * cost about a parse (no other model is rendered); 50,000 models: compile completes. The warm
 * compile runs once more through `kiln daemon` (kiln kept loaded): its wall time, and the
 * daemon's memory from `kiln daemon status` (the client's own CPU and RSS say nothing there).
 *
 *   npm run build && node bench/scale-bench.mjs [models…]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateProject } from './generate-project.mjs';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'kiln.cjs');
const usageHook = join(root, 'bench', 'support', 'process-usage.cjs');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const scratch = mkdtempSync(join(tmpdir(), 'kiln-scale-bench-'));
const usageFile = join(scratch, 'usage.json');

function measure(dir, args) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--require', usageHook, bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, KILN_BENCH_USAGE: usageFile } });
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`kiln ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return { wallMs, ...JSON.parse(readFileSync(usageFile, 'utf8')), stdout: run.stdout };
}

const cold = (dir) => rmSync(join(dir, 'target'), { recursive: true, force: true });
const row = (what, m) => console.log(`  ${what.padEnd(30)} ${(m.wallMs / 1000).toFixed(2).padStart(6)} s wall ${(m.cpuMs / 1000).toFixed(2).padStart(6)} s cpu ${String(Math.round(m.maxRssKb / 1024)).padStart(5)} MB peak RSS`);

function viaDaemon(dir) {
  const daemon = (...args) => spawnSync(process.execPath, [bin, 'daemon', ...args, '--log-format', 'json'], { cwd: dir, encoding: 'utf8' });
  if (daemon('start').status !== 0) throw new Error('kiln daemon start failed');
  try {
    measure(dir, ['compile']); // the daemon's first command compiles kiln's code; not timed
    const { wallMs } = measure(dir, ['compile']);
    const { rssBytes } = JSON.parse(daemon('status').stdout.trim());
    console.log(`  ${'kiln compile, warm, daemon'.padEnd(30)} ${(wallMs / 1000).toFixed(2).padStart(6)} s wall ${String(Math.round(rssBytes / 2 ** 20)).padStart(18)} MB daemon RSS`);
  } finally {
    daemon('stop');
  }
}

const baseline = measure(scratch, ['--version']);
console.log(`kiln --version (baseline: Node start): ${baseline.wallMs.toFixed(0)} ms`);
for (const size of sizes.length ? sizes : [10000, 50000]) {
  const dir = join(scratch, `p${size}`);
  generateProject(dir, size);
  console.log(`${size} models`);
  cold(dir);
  row('kiln parse, cold', measure(dir, ['parse']));
  row('kiln parse, warm', measure(dir, ['parse']));
  cold(dir);
  row('kiln compile, cold', measure(dir, ['compile']));
  row('kiln compile, warm', measure(dir, ['compile']));
  viaDaemon(dir);
  cold(dir);
  const one = measure(dir, ['compile', '-s', 'stg_events_1']);
  row('kiln compile -s one, cold', one);
  if (!/Compiled 1 nodes/.test(one.stdout)) throw new Error(`compile -s one compiled more than one node:\n${one.stdout}`);
  cold(dir);
  // The model and the seed it reads: two nodes run, the others only parsed.
  row('kiln build -s +one, cold', measure(dir, ['build', '-s', '+stg_events_1']));
  rmSync(dir, { recursive: true, force: true });
}
rmSync(scratch, { recursive: true, force: true });
