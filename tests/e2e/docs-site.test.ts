import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, SCREENSHOTS, waitForRoute } from './browser.js';
import { bin, fixtureCopy, kiln, repoProjectCopy } from './cli.js';

describe('kiln docs generate on jaffle_shop_duckdb, in a real browser', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = fixtureCopy('jaffle_shop_duckdb');
    expect(kiln(['build'], dir).code).toBe(0);
    const generate = kiln(['docs', 'generate'], dir);
    expect(generate.stderr).toBe('');
    expect(generate.code).toBe(0);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("writes catalog.json in dbt's shape from the warehouse", () => {
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8'));
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(Object.keys(catalog.nodes).sort()).toEqual([
      'model.jaffle_shop.customers', 'model.jaffle_shop.orders', 'model.jaffle_shop.stg_customers', 'model.jaffle_shop.stg_orders', 'model.jaffle_shop.stg_payments',
      'seed.jaffle_shop.raw_customers', 'seed.jaffle_shop.raw_orders', 'seed.jaffle_shop.raw_payments',
    ]);
    const customers = catalog.nodes['model.jaffle_shop.customers'];
    expect(customers.metadata).toMatchObject({ type: 'BASE TABLE', schema: 'main', name: 'customers' });
    expect(customers.columns['customer_lifetime_value']).toMatchObject({ index: 7, type: 'DOUBLE' });
    expect(customers.stats.row_count.value).toBe(100);
    expect(catalog.nodes['model.jaffle_shop.stg_payments'].metadata.type).toBe('VIEW');
  });

  it('opens from file://: searches, shows a model page, its graph, and the highlighted column path', async () => {
    const { page, problems } = await openPage(browser, pathToFileURL(join(dir, 'target', 'docs', 'index.html')).href);
    // The list: the five models and three seeds.
    const ids = await page.locator('[data-testid="node-link"]').evaluateAll((links) => links.map((a) => a.getAttribute('data-id')));
    expect(ids.filter((id) => id!.startsWith('model.')).sort()).toEqual(['model.jaffle_shop.customers', 'model.jaffle_shop.orders', 'model.jaffle_shop.stg_customers', 'model.jaffle_shop.stg_orders', 'model.jaffle_shop.stg_payments']);
    expect(ids.filter((id) => id!.startsWith('seed.')).sort()).toEqual(['seed.jaffle_shop.raw_customers', 'seed.jaffle_shop.raw_orders', 'seed.jaffle_shop.raw_payments']);
    await page.screenshot({ path: join(SCREENSHOTS, 'home.png') });

    await page.fill('[data-testid="search"]', 'stg_pay');
    await expect.poll(() => page.locator('[data-testid="node-link"]').evaluateAll((links) => links.map((a) => a.getAttribute('data-id')))).toEqual(['model.jaffle_shop.stg_payments']);
    await page.fill('[data-testid="search"]', 'customers');
    await page.click('[data-testid="node-link"][data-id="model.jaffle_shop.customers"]');
    await waitForRoute(page, '#!/node/');
    const nodePage = page.locator('[data-testid="node-page"]');
    await expect.poll(() => nodePage.getAttribute('data-id')).toBe('model.jaffle_shop.customers');
    expect(await page.locator('[data-testid="description"]').innerText()).toMatch(/basic information about a customer/);
    const lifetime = page.locator('[data-testid="columns"] tr[data-column="customer_lifetime_value"]');
    expect(await lifetime.innerText()).toMatch(/DOUBLE/);
    expect(await page.locator('[data-testid="columns"] tr[data-column="customer_id"]').innerText()).toMatch(/unique/);
    expect(await page.locator('[data-testid="compiled-sql"]').innerText()).toMatch(/"main"\."stg_payments"/);
    await page.screenshot({ path: join(SCREENSHOTS, 'node-page.png'), fullPage: true });

    await page.click('[data-testid="open-graph"]');
    await waitForRoute(page, '#!/graph/');
    const graph = page.locator('svg[data-testid="graph"]');
    await graph.waitFor();
    const shownNodes = await graph.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')).sort());
    // Depth 2 around customers: its staging models and their seeds.
    expect(shownNodes).toEqual(expect.arrayContaining(['model.jaffle_shop.customers', 'model.jaffle_shop.stg_customers', 'model.jaffle_shop.stg_orders', 'model.jaffle_shop.stg_payments', 'seed.jaffle_shop.raw_payments']));
    expect(shownNodes).not.toContain('model.jaffle_shop.orders'); // a sibling, not up or down the path
    const modelEdges = await graph.locator('path.edge').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`));
    expect(modelEdges).toContain('model.jaffle_shop.stg_payments -> model.jaffle_shop.customers');
    expect(modelEdges).toContain('seed.jaffle_shop.raw_payments -> model.jaffle_shop.stg_payments');

    await graph.locator('g.column[data-node="model.jaffle_shop.customers"][data-column="customer_lifetime_value"]').click();
    const highlighted = await graph.locator('g.column.highlighted').evaluateAll((cols) => cols.map((c) => `${c.getAttribute('data-node')}|${c.getAttribute('data-column')}`).sort());
    expect(highlighted).toEqual(['model.jaffle_shop.customers|customer_lifetime_value', 'model.jaffle_shop.stg_payments|amount', 'seed.jaffle_shop.raw_payments|amount']);
    const highlightedEdges = await graph.locator('path.column-edge.highlighted').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')} ${p.getAttribute('data-kind')}`).sort());
    expect(highlightedEdges).toEqual([
      'model.jaffle_shop.stg_payments|amount -> model.jaffle_shop.customers|customer_lifetime_value aggregated',
      'seed.jaffle_shop.raw_payments|amount -> model.jaffle_shop.stg_payments|amount derived',
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'lineage-graph.png') });

    // Depth 1 keeps only direct neighbours; zoom changes the view's transform.
    await page.fill('[data-testid="depth"]', '1');
    await page.dispatchEvent('[data-testid="depth"]', 'change');
    await expect.poll(() => graph.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).not.toContain('seed.jaffle_shop.raw_payments');
    const before = await page.locator('svg[data-testid="graph"] > g').first().getAttribute('transform');
    await page.click('[data-testid="zoom-in"]');
    expect(await page.locator('svg[data-testid="graph"] > g').first().getAttribute('transform')).not.toBe(before);
    expect(problems).toEqual([]);
  });

  it('is served by kiln docs serve', async () => {
    const server = spawn(process.execPath, [bin, 'docs', 'serve', '--port', '0'], { cwd: dir });
    try {
      const url = await serverUrl(server);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const { page, problems } = await openPage(browser, url);
      await page.fill('[data-testid="search"]', 'orders');
      const ids = await page.locator('[data-testid="node-link"]').evaluateAll((links) => links.map((a) => a.getAttribute('data-id')));
      expect(ids).toContain('model.jaffle_shop.orders');
      await page.fill('[data-testid="search"]', ''); // the project graph shows what the sidebar's filters keep
      await page.goto(`${url}#!/graph`);
      await waitForRoute(page, '#!/graph');
      expect(await page.locator('svg[data-testid="graph"] g.node').count()).toBeGreaterThanOrEqual(8);
      await page.screenshot({ path: join(SCREENSHOTS, 'served-project-graph.png') });
      expect(problems).toEqual([]);
      const missing = await fetch(`${url}../../etc/passwd`);
      expect(missing.status).toBe(404);
    } finally {
      server.kill('SIGINT');
    }
  });

  it('says to generate first when there is no site', () => {
    const empty = fixtureCopy('jaffle_shop_duckdb');
    const result = kiln(['docs', 'serve'], empty);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no docs site in .*target\/docs/);
    expect(result.stderr).toMatch(/run kiln docs generate first/);
    expect(existsSync(join(empty, 'target', 'docs'))).toBe(false);
  });
});

function serverUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kiln docs serve printed no URL: ${out}`)), 30_000);
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /(http:\/\/\S+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    server.on('exit', (code) => reject(new Error(`kiln docs serve exited with ${code}: ${out}`)));
  });
}

describe("the repo's own AI project in the docs site", () => {
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every model with its full lineage, TypeScript models at model level', async () => {
    const dir = repoProjectCopy();
    expect(kiln(['build'], dir).code).toBe(0);
    const generate = kiln(['docs', 'generate'], dir);
    expect(generate.stderr).toBe('');
    expect(generate.stdout).not.toMatch(/model-level lineage only/); // every SQL model's lineage is column-level
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const models = Object.values(manifest.nodes as Record<string, { resource_type: string; language: string; lineage?: { resolved: boolean; warnings: string[] } }>).filter((n) => n.resource_type === 'model');
    expect(models).toHaveLength(12);
    for (const model of models.filter((m) => m.language === 'sql')) expect(model.lineage).toMatchObject({ resolved: true, warnings: [] });
    // The retrieval evaluation reads the embeddings tables: their vectors trace back to the embedded text.
    const retrieval = JSON.parse(kiln(['lineage', 'retrieval_eval.mrr', '--upstream', '--depth', '1', '--format', 'json'], dir).stdout);
    const from = retrieval.edges.map((e: { from: { node: string; column: string } }) => `${e.from.node}.${e.from.column}`);
    expect(from).toEqual(expect.arrayContaining(['model.kiln_ai.chunks.text', 'model.kiln_ai.eval_set.question']));

    browser = await launchBrowser();
    const { page, problems } = await openPage(browser, pathToFileURL(join(dir, 'target', 'docs', 'index.html')).href);
    await page.goto(`${page.url().split('#')[0]}#!/graph`);
    await waitForRoute(page, '#!/graph');
    const shown = await page.locator('svg[data-testid="graph"] g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
    expect(shown.filter((id) => id!.startsWith('model.')).sort()).toEqual(models.map((m) => (m as unknown as { unique_id: string }).unique_id).sort());
    const edges = await page.locator('svg[data-testid="graph"] path.edge').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`));
    expect(edges).toEqual(expect.arrayContaining(['model.kiln_ai.documents -> model.kiln_ai.chunks', 'model.kiln_ai.chunks -> model.kiln_ai.retrieval_eval', 'model.kiln_ai.conversations_clean -> model.kiln_ai.training_set']));
    await page.screenshot({ path: join(SCREENSHOTS, 'ai-project-graph.png') });
    expect(problems).toEqual([]);
  }, 180_000);
});
