/**
 * Parse and compile speed: cold parse, full compile, and re-parse with no change, for
 * 100, 1,000 and 10,000 models. Each size runs in a fresh Node process, so "cold" means
 * cold (nothing cached, nothing JIT-compiled by an earlier size); each figure is the
 * median of three such processes. Node's own start-up and loading kiln's modules are
 * not in the figures, and a `kiln parse` command line also writes manifest.json.
 *
 *   npm run build && node bench/parse-bench.mjs [sizes…]
 *
 * Targets on a 2-core machine, 10,000 models: cold parse ≤ 1 s, full compile ≤ 3 s, no-change re-parse ≤ 0.3 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProject } from './generate-project.mjs';

const { openSession } = await import('../dist/compile/session.js');
const { selectNodes } = await import('../dist/graph/selection/index.js');

const one = process.argv[2] === '--one';
const sizes = process.argv.slice(one ? 3 : 2).map(Number).filter(Boolean);
const runs = sizes.length ? sizes : [100, 1000, 10000];
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;

const ROUNDS = 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (!one) {
  console.log('models   cold parse   full compile   no-change re-parse   selection   (static / rendered / cached)');
  for (const size of runs) {
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--one', String(size)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (child.status !== 0) process.exit(child.status ?? 1);
      rounds.push(JSON.parse(child.stdout));
    }
    const [coldMs, compileMs, warmMs, selectMs] = ['coldMs', 'compileMs', 'warmMs', 'selectMs'].map((key) => median(rounds.map((r) => r[key])));
    const { staticallyParsed, rendered, cached } = rounds[0];
    console.log(
      `${String(size).padStart(6)}   ${seconds(coldMs).padStart(10)}   ${seconds(compileMs).padStart(12)}   ${seconds(warmMs).padStart(18)}   ${seconds(selectMs).padStart(9)}   (${staticallyParsed} / ${rendered} / ${cached} cached on re-parse)`,
    );
  }
  process.exit(0);
}

for (const size of runs) {
  const dir = mkdtempSync(join(tmpdir(), `kiln-bench-${size}-`));
  generateProject(dir, size);
  let t = performance.now();
  const cold = await openSession({ projectDir: dir, partialParse: false });
  const coldMs = performance.now() - t;

  t = performance.now();
  for (const node of Object.values(cold.manifest.nodes)) {
    if (node.resource_type !== 'seed') cold.compiler.compile(node);
  }
  const compileMs = performance.now() - t;

  await openSession({ projectDir: dir }); // writes the partial-parse cache (synchronously)
  t = performance.now();
  const warm = await openSession({ projectDir: dir });
  const warmMs = performance.now() - t;

  const selection = { manifest: warm.manifest, select: ['+fct_users_1+ tag:nightly', 'stg_events_3+'], exclude: ['int_events_2'], rootPackage: 'bench' };
  selectNodes(selection); // builds the graph index
  t = performance.now();
  selectNodes(selection);
  const selectMs = performance.now() - t;

  const s = cold.parse.stats;
  console.log(JSON.stringify({ coldMs, compileMs, warmMs, selectMs, staticallyParsed: s.staticallyParsed, rendered: s.rendered, cached: warm.parse.stats.cached }));
  rmSync(dir, { recursive: true, force: true });
}
