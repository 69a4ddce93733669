// Execution benchmark: `kiln build` on 1,000 views + 200 tables vs the same statements run
// directly through @duckdb/node-api in one process, and `kiln seed` of a 1,000,000-row CSV vs
// DuckDB's own read_csv. Usage: npm run build && node bench/execution-bench.mjs
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
kiln('parse'); // warm the partial-parse cache like a developer's second command
const [buildMs] = time(() => kiln('build'));
const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
const execMs = results.reduce((s, r) => s + r.execution_time * 1000, 0);

// Same statements, same order, directly.
const statements = [];
// Dependency order: the table chain t_0 … t_199, then the views.
const key = (r) => { const n = r.unique_id.split('.').pop(); return (n.startsWith('t_') ? 0 : 1e6) + Number(n.slice(2)); };
for (const r of [...results].sort((a, b) => key(a) - key(b))) {
  const run = readFileSync(join(dir, 'target/run/bench/models', `${r.unique_id.split('.').pop()}.sql`), 'utf8');
  statements.push(run);
}
const directDb = join(dir, 'direct.duckdb');
const instance = await DuckDBInstance.create(directDb);
const connection = await instance.connect();
let t = performance.now();
for (const sql of statements) await connection.run(sql);
const directMs = performance.now() - t;

// Seeds: a 1,000,000-row CSV.
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
const [seedMs] = time(() => kiln('seed', '--select', 'big'));
t = performance.now();
await connection.run(`create or replace table big as select * from read_csv('${csv}')`);
const directSeedMs = performance.now() - t;
connection.closeSync();
instance.closeSync();

const nodes = TABLES + VIEWS;
console.log(`kiln build (${VIEWS} views + ${TABLES} tables), whole CLI incl. startup+parse: ${(buildMs / 1000).toFixed(2)}s`);
console.log(`  sum of per-node execution time in run_results:           ${(execMs / 1000).toFixed(2)}s`);
console.log(`direct @duckdb/node-api, same statements, same order:      ${(directMs / 1000).toFixed(2)}s`);
console.log(`ratio kiln/direct (whole CLI):                             ${(buildMs / directMs).toFixed(2)}x`);
console.log(`overhead per node (whole CLI):                             ${((buildMs - directMs) / nodes).toFixed(2)} ms`);
console.log(`kiln seed 1,000,000 rows (whole CLI):                      ${(seedMs / 1000).toFixed(2)}s`);
console.log(`DuckDB read_csv into a table:                              ${(directSeedMs / 1000).toFixed(2)}s`);
rmSync(dir, { recursive: true, force: true });
