/**
 * This build of kiln against another (a checkout of an earlier commit, built): the same CLI
 * commands on the same generated project, the two builds alternating run by run so that the
 * machine's drift hits both alike. Median of the rounds. Each build runs in its own copy of the
 * project: the caches under target/ are keyed on the build, so in one shared folder each build
 * would find only the other's and every warm run would be a cold one.
 *
 *   git worktree add ../kiln-before <commit> && (cd ../kiln-before && npm run build)
 *   node bench/compare-builds.mjs ../kiln-before [models=1000] [rounds=7]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateProject } from './generate-project.mjs';

const [other, models = '1000', rounds = '7'] = process.argv.slice(2);
if (!other) {
  console.error('usage: node bench/compare-builds.mjs <other kiln checkout> [models] [rounds]');
  process.exit(2);
}
const bins = { before: join(resolve(other), 'bin', 'kiln.cjs'), now: join(resolve(import.meta.dirname, '..'), 'bin', 'kiln.cjs') };
const root = mkdtempSync(join(tmpdir(), 'kiln-compare-'));
const dirs = { before: join(root, 'before'), now: join(root, 'now') };
for (const dir of Object.values(dirs)) generateProject(dir, Number(models));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(build, args) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [bins[build], ...args], { cwd: dirs[build], encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${bins[build]} ${args.join(' ')} failed:\n${child.stderr}`);
  return performance.now() - started;
}

// Each case prepares a build's project before its timed run: cold removes target/, warm runs the same build once first.
const cases = [
  ['parse, cold', ['parse'], (dir) => rmSync(join(dir, 'target'), { recursive: true, force: true })],
  ['compile, cold', ['compile'], (dir) => rmSync(join(dir, 'target'), { recursive: true, force: true })],
  ['compile, warm', ['compile'], 'warm'],
  ['compile, 1 changed', ['compile'], (dir) => appendFileSync(join(dir, 'models', 'staging', 'stg_events_2.sql'), '\n')],
  ['ls, warm', ['ls'], 'warm'],
];
const node = median(Array.from({ length: Number(rounds) }, () => {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
}));
console.log(`${models} models, median of ${rounds} alternating rounds; node -e 0 = ${node.toFixed(0)} ms`);
console.log(`${''.padEnd(20)} ${'before'.padStart(8)} ${'now'.padStart(8)}`);
for (const [name, args, prepare] of cases) {
  const times = { before: [], now: [] };
  for (let round = 0; round < Number(rounds); round++) {
    for (const build of ['before', 'now']) {
      if (prepare === 'warm') run(build, args);
      else prepare(dirs[build]);
      times[build].push(run(build, args));
    }
  }
  console.log(`${name.padEnd(20)} ${`${median(times.before).toFixed(0)} ms`.padStart(8)} ${`${median(times.now).toFixed(0)} ms`.padStart(8)}`);
}
rmSync(root, { recursive: true, force: true });
