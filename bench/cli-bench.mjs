/**
 * What a user waits for at the command line on a generated project (1,000 models by default,
 * with their generic tests): `kiln ls` and `kiln compile` as whole processes, cold (no target/)
 * and warm (nothing changed since the last run), next to bare `node -e 0` measured in the same
 * run. Median of 5 runs each. Then the same warm commands through `kiln daemon` (kiln loaded in
 * a background process, so a command costs Node's start-up, a connection and the work itself),
 * cold ones too, and the very first command after `kiln daemon start`.
 * Goals (issue 15): ls ≤ 250 ms warm, compile ≤ 0.5 s cold and ≤ 0.25 s warm; on a machine where
 * Node alone takes longer, watch kiln's time above it.
 *
 *   npm run build && node bench/cli-bench.mjs [models]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateProject } from './generate-project.mjs';

const models = Number(process.argv[2] ?? 1000);
const bin = join(resolve(import.meta.dirname, '..'), 'bin', 'kiln.cjs');
const dir = mkdtempSync(join(tmpdir(), 'kiln-cli-bench-'));
generateProject(dir, models);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(args, before = () => {}) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    before();
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    runs.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  }
  return median(runs);
}

const cold = () => rmSync(join(dir, 'target'), { recursive: true, force: true });
const node = time(['-e', '0']);
const rows = [
  ['node -e 0 (baseline)', node],
  ['kiln compile, cold', time([bin, 'compile'], cold)],
  ['kiln compile, warm', time([bin, 'compile'])],
  ['kiln compile -s one', time([bin, 'compile', '-s', 'stg_events_1'])],
  // One model edited: it is parsed and rendered again; the others' SQL comes from target/.
  ['kiln compile, 1 changed', time([bin, 'compile'], () => appendFileSync(join(dir, 'models', 'staging', 'stg_events_2.sql'), '\n'))],
  ['kiln ls, warm', time([bin, 'ls'])],
  // One model edited: the saved manifest is stale, unchanged files come from the parse cache.
  ['kiln ls, 1 file changed', time([bin, 'ls'], () => appendFileSync(join(dir, 'models', 'staging', 'stg_events_1.sql'), '\n'))],
];
// With the daemon: it loads kiln's modules when it starts; its first command still runs code V8 has not optimized yet.
const daemon = (...args) => spawnSync(process.execPath, [bin, 'daemon', ...args], { cwd: dir, encoding: 'utf8' });
const startedDaemon = daemon('start');
if (startedDaemon.status !== 0) throw new Error(`kiln daemon start failed:\n${startedDaemon.stderr}`);
try {
  // Its first command, cold: what a user sees right after `kiln daemon start`.
  cold();
  const started = performance.now();
  if (spawnSync(process.execPath, [bin, 'compile'], { cwd: dir }).status !== 0) throw new Error('kiln compile through the daemon failed');
  rows.push(['daemon: 1st compile, cold', performance.now() - started]);
  rows.push(
    ['daemon: compile, cold', time([bin, 'compile'], cold)],
    ['daemon: compile, warm', time([bin, 'compile'])],
    ['daemon: compile, 1 chg', time([bin, 'compile'], () => appendFileSync(join(dir, 'models', 'staging', 'stg_events_2.sql'), '\n'))],
    ['daemon: ls, warm', time([bin, 'ls'])],
    ['daemon: parse, warm', time([bin, 'parse'])],
  );
} finally {
  daemon('stop');
}
console.log(`${models} models, CLI wall time (median of 5)`);
for (const [what, ms] of rows) console.log(`${what.padEnd(26)} ${ms.toFixed(0).padStart(5)} ms${what.startsWith('node') ? '' : `   (+${(ms - node).toFixed(0)} ms over node)`}`);
rmSync(dir, { recursive: true, force: true });
