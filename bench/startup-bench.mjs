// Start-up: `kiln --version`, `kiln --help` and `kiln init` wall time against bare `node -e 0`
// on the same machine (median of 7 runs each). Only the module of the command being run loads
// (src/cli/commandTable.ts), so these never load the parser, the Jinja engine or DuckDB.
// Goal (issue 15): --version and --help ≤ 80 ms; on a machine where Node alone takes longer,
// the figure to watch is kiln's time above that baseline. With NODE_EXTRA_CA_CERTS set, Node reads
// and parses that certificate bundle at every start, before any of kiln runs (about 50 ms on the
// development VM), so the table is printed a second time without it.
// Usage: npm run build && node bench/startup-bench.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = join(resolve(import.meta.dirname, '..'), 'bin', 'kiln.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'kiln-startup-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(args, env, cwd = scratch) {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args(i), { cwd, encoding: 'utf8', env });
    runs.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`${args(i).join(' ')} failed:\n${run.stderr}`);
  }
  return median(runs);
}

function table(env) {
  const node = time(() => ['-e', '0'], env);
  const rows = [
    ['node -e 0 (baseline)', node],
    ['kiln --version', time(() => [bin, '--version'], env)],
    ['kiln --help', time(() => [bin, '--help'], env)],
    ['kiln init', time((i) => [bin, 'init', `p${i}${env === process.env ? '' : 'b'}`], env)],
  ];
  for (const [what, ms] of rows) console.log(`${what.padEnd(22)} ${ms.toFixed(0).padStart(4)} ms${what.startsWith('node') ? '' : `   (+${(ms - node).toFixed(0)} ms over node)`}`);
}

table(process.env);
if (process.env.NODE_EXTRA_CA_CERTS) {
  const { NODE_EXTRA_CA_CERTS: _bundle, ...withoutBundle } = process.env;
  console.log('without NODE_EXTRA_CA_CERTS (Node parses that bundle at every start):');
  table(withoutBundle);
}
rmSync(scratch, { recursive: true, force: true });
