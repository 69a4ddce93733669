// Execution benchmark: `kiln build` on 1,000 views + 200 tables vs the same statements run
// directly through @duckdb/node-api in one process, and `kiln seed` of a 1,000,000-row CSV vs
// DuckDB's own read_csv. Each figure is the median of three rounds (BENCH_VERBOSE=1 prints them all).
// Usage: npm run build && node bench/execution-bench.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const repo = resolve(import.meta.dirname, '..');
const bin = ['bin/kiln.js', 'bin/kiln.cjs'].map((p) => join(repo, p)).find((p) => existsSync(p));
const TABLES = 200, VIEWS = 1000, SEED_ROWS = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'kiln-exec-bench-'));
mkdirSync(join(dir, 'models'), { recursive: true });
mkdirSync(join(dir, 'seeds'), { recursive: true });
writeFileSync(join(dir, 'project.yml'), `name: bench\nversion: '1'\nmodel-paths: [models]\nseed-paths: [seeds]\nmodels:\n  bench:\n    +materialized: view\n`);
for (let i = 0; i < TABLES; i++) {
  const from = i === 0 ? 'range(1000) t(x)' : `{{ ref('t_${i - 1}') }}`;
  writeFileSync(join(dir, 'models', `t_${i}.sql`), `{{ config(materialized='table') }}\nselect ${i === 0 ? 'x' : 'x + 1 as x'} from ${from}\n`);
}
for (let i = 0; i < VIEWS; i++) writeFileSync(join(dir, 'models', `v_${i}.sql`), `select x, x * ${i} as y from {{ ref('t_${i % TABLES}') }}\n`);

const time = (fn) => { const t = performance.now(); const r = fn(); return [performance.now() - t, r]; };
const kiln = (...args) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--project-dir', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kiln ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
};
const ROUNDS = 3; // each figure is the median of three, each on a fresh database
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
kiln('parse'); // warm the partial-parse cache like a developer's second command
const buildRuns = [], runPhaseRuns = [];
let results;
for (let round = 0; round < ROUNDS; round++) {
  rmSync(join(dir, 'target', 'kiln.duckdb'), { force: true });
  rmSync(join(dir, 'target', 'kiln.duckdb.wal'), { force: true });
  buildRuns.push(time(() => kiln('build'))[0]);
  const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
  results = runResults.results;
  runPhaseRuns.push(runResults.elapsed_time * 1000);
}
const buildMs = median(buildRuns), runPhaseMs = median(runPhaseRuns);

// Same statements, same order, directly.
const statements = [];
// Dependency order: the table chain t_0 … t_199, then the views.
const key = (r) => { const n = r.unique_id.split('.').pop(); return (n.startsWith('t_') ? 0 : 1e6) + Number(n.slice(2)); };
for (const r of [...results].sort((a, b) => key(a) - key(b))) {
  const run = readFileSync(join(dir, 'target/run/bench/models', `${r.unique_id.split('.').pop()}.sql`), 'utf8');
  statements.push(run);
}
const directRuns = [];
let instance, connection, t;
for (let round = 0; round < ROUNDS; round++) {
  if (instance) { connection.closeSync(); instance.closeSync(); }
  const directDb = join(dir, `direct_${round}.duckdb`);
  instance = await DuckDBInstance.create(directDb);
  connection = await instance.connect();
  t = performance.now();
  for (const sql of statements) await connection.run(sql);
  directRuns.push(performance.now() - t);
}
const directMs = median(directRuns);
if (process.env.BENCH_VERBOSE) console.log({ buildRuns, runPhaseRuns, directRuns });

// Seeds: a 1,000,000-row CSV (the seed replaces the table each round, as a re-seed does).
const csv = join(dir, 'seeds', 'big.csv');
await new Promise((done) => {
  const out = createWriteStream(csv);
  out.write('id,name,amount,created_at\n');
  let i = 0;
  const write = () => {
    let ok = true;
    while (i < SEED_ROWS && ok) { ok = out.write(`${i},name_${i % 977},${(i * 7) % 10000}.25,2024-01-${String((i % 28) + 1).padStart(2, '0')}\n`); i++; }
    if (i < SEED_ROWS) out.once('drain', write); else out.end(done);
  };
  write();
});
const seedRuns = [], seedNodeRuns = [], directSeedRuns = [];
for (let round = 0; round < ROUNDS; round++) {
  seedRuns.push(time(() => kiln('seed', '--select', 'big'))[0]);
  seedNodeRuns.push(JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results[0].execution_time * 1000);
  t = performance.now();
  await connection.run(`create or replace table big as select * from read_csv('${csv}')`);
  directSeedRuns.push(performance.now() - t);
}
const seedMs = median(seedRuns), seedNodeMs = median(seedNodeRuns), directSeedMs = median(directSeedRuns);
connection.closeSync();
instance.closeSync();

const nodes = TABLES + VIEWS;
const secs = (ms) => `${(ms / 1000).toFixed(2)}s`;
console.log(`kiln build (${VIEWS} views + ${TABLES} tables), whole CLI incl. start-up, parse, artifacts: ${secs(buildMs)}`);
console.log(`  of which the run phase (run_results elapsed_time):                       ${secs(runPhaseMs)}`);
console.log(`direct @duckdb/node-api, same statements, same order:                      ${secs(directMs)}`);
console.log(`ratio kiln/direct: whole CLI ${(buildMs / directMs).toFixed(2)}x, run phase ${(runPhaseMs / directMs).toFixed(2)}x (target 1.2x)`);
console.log(`overhead per node, whole CLI: ${((buildMs - directMs) / nodes).toFixed(2)} ms; run phase: ${((runPhaseMs - directMs) / nodes).toFixed(2)} ms (target 2 ms)`);
console.log(`kiln seed 1,000,000 rows: whole CLI ${secs(seedMs)}, the seed node itself ${secs(seedNodeMs)}`);
console.log(`DuckDB read_csv into a table: ${secs(directSeedMs)}; ratio seed node/direct ${(seedNodeMs / directSeedMs).toFixed(2)}x (target 1.5x)`);
rmSync(dir, { recursive: true, force: true });
