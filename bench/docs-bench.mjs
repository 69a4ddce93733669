// The docs site at scale: a generated project of N models (default 5,000; staging →
// intermediate → marts), `kiln docs generate --empty-catalog` (lineage of every model,
// overview layout, the page), then Debian's chromium opening the page from file://:
// time to first render (home page and list), JS heap after it, and the time to draw the
// whole-project overview graph. Goal (issue 13): first render ≤ 2 s, heap ≤ 300 MB.
// Usage: npm run build && node bench/docs-bench.mjs [models]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generateProject } from './generate-project.mjs';

const models = Number(process.argv[2] ?? 5000);
const bin = join(resolve(import.meta.dirname, '..'), 'bin', 'kiln.cjs');
const dir = mkdtempSync(join(tmpdir(), 'kiln-docs-bench-'));
generateProject(dir, models);

const started = performance.now();
const generate = spawnSync(process.execPath, [bin, 'docs', 'generate', '--empty-catalog'], { cwd: dir, encoding: 'utf8' });
const generateSeconds = (performance.now() - started) / 1000;
if (generate.status !== 0) throw new Error(`kiln docs generate failed:\n${generate.stderr}`);
const page = join(dir, 'target', 'docs', 'index.html');

const browser = await chromium.launch({ executablePath: process.env.KILN_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--enable-precise-memory-info'] });
const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const errors = [];
tab.on('pageerror', (e) => errors.push(e.message));
tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
const opened = performance.now();
await tab.goto(pathToFileURL(page).href);
await tab.waitForFunction(() => window.kilnDocs?.ready === true, null, { timeout: 60_000 });
const firstRender = (performance.now() - opened) / 1000;
const heap = await tab.evaluate(() => performance.memory.usedJSHeapSize);
const graphStarted = performance.now();
await tab.evaluate(() => (location.hash = '#!/graph'));
await tab.waitForFunction(() => String(window.kilnDocs?.route).startsWith('#!/graph') && document.querySelector('[data-testid="graph-canvas"], [data-testid="graph"]'), null, { timeout: 60_000 });
const overview = (performance.now() - graphStarted) / 1000;
const heapAfterGraph = await tab.evaluate(() => performance.memory.usedJSHeapSize);
await browser.close();

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(`docs site of ${models.toLocaleString('en')} models`);
console.log(`  kiln docs generate --empty-catalog   ${generateSeconds.toFixed(2)} s  (${generate.stdout.trim().split('\n').at(-1)})`);
console.log(`  page size                             ${mb(statSync(page).size)}`);
console.log(`  first render (home + list)            ${firstRender.toFixed(2)} s   goal ≤ 2 s`);
console.log(`  JS heap after first render            ${mb(heap)}   goal ≤ 300 MB`);
console.log(`  whole-project overview graph          ${overview.toFixed(2)} s, heap ${mb(heapAfterGraph)}`);
if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
rmSync(dir, { recursive: true, force: true });
