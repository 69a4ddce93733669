// Start-up: `kiln --version`, `kiln --help` and `kiln init` wall time against bare `node -e 0`
// on the same machine (median of 7 runs each). Only the module of the command being run loads
// (src/cli/commandTable.ts), so these never load the parser, the Jinja engine or DuckDB.
// Goal (issue 15): --version and --help ≤ 80 ms; on a machine where Node alone takes longer,
// the figure to watch is kiln's time above that baseline.
// Usage: npm run build && node bench/startup-bench.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = join(resolve(import.meta.dirname, '..'), 'bin', 'kiln.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'kiln-startup-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(args, cwd = scratch) {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args(i), { cwd, encoding: 'utf8' });
    runs.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`${args(i).join(' ')} failed:\n${run.stderr}`);
  }
  return median(runs);
}

const node = time(() => ['-e', '0']);
const rows = [
  ['node -e 0 (baseline)', node],
  ['kiln --version', time(() => [bin, '--version'])],
  ['kiln --help', time(() => [bin, '--help'])],
  ['kiln init', time((i) => [bin, 'init', `p${i}`])],
];
for (const [what, ms] of rows) console.log(`${what.padEnd(22)} ${ms.toFixed(0).padStart(4)} ms${what.startsWith('node') ? '' : `   (+${(ms - node).toFixed(0)} ms over node)`}`);
rmSync(scratch, { recursive: true, force: true });
