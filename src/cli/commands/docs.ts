/**
 * `kiln docs generate`: catalog.json from the warehouse, column lineage into the manifest,
 * and target/docs/index.html. `kiln docs serve`: that folder over HTTP on loopback.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { catalogColumns, catalogDocument, writeCatalog } from '../../artifacts/catalogJson.js';
import { readRunResults } from '../../artifacts/runResults.js';
import { readWarehouseCatalog, type CatalogTables } from '../../docs/catalog.js';
import { addOverviewLayout } from '../../docs/overviewLayout.js';
import { serveDocs } from '../../docs/serveDocs.js';
import { siteData, type RunResultEntry } from '../../docs/siteData.js';
import { writeSite } from '../../docs/writeSite.js';
import { KilnError } from '../../errors.js';
import { attachLineage } from '../../lineage/sessionLineage.js';
import { lineageEdges } from '../../lineage/trace.js';
import { readProjectFile } from '../../project/projectFile.js';
import { KILN_VERSION } from '../../version.js';
import { addGlobalOptions, outputFor, selectedIds, sessionFor, type GlobalOptions } from '../common.js';
import { compileNodes } from './compile.js';
import { writeSessionManifest } from './parse.js';
import { withLazyModules } from '../../lazyModules.js';

interface GenerateOptions extends GlobalOptions {
  compile?: boolean;
  emptyCatalog?: boolean;
}

interface ServeOptions extends GlobalOptions {
  port?: string;
  host?: string;
}

const DOCUMENTED = ['model', 'seed', 'snapshot', 'test', 'analysis', 'source', 'exposure'];

export function registerDocs(program: Command): void {
  const docs = program.command('docs').description(describe('docs'));

  const generate = docs
    .command('generate')
    .description('write target/catalog.json and the docs site, target/docs/index.html')
    .option('--no-compile', 'do not compile the project first (use what target/ holds)')
    .option('--empty-catalog', 'do not query the warehouse: an empty catalog');
  addGlobalOptions(generate, { selection: true }).action(async (options: GenerateOptions) => {
    const output = outputFor(options);
    const started = performance.now();
    const session = await sessionFor(options, output, { WHICH: 'generate' }, !options.emptyCatalog);
    const ids = selectedIds(session, options, output, DOCUMENTED);
    if (options.compile !== false) await compileNodes(session, ids);

    let tables: CatalogTables = { nodes: {}, sources: {} };
    if (!options.emptyCatalog) tables = await readWarehouseCatalog(session.manifest, ids, (await session.adapter!).connection);
    const catalog = catalogDocument(tables, { invocationId: session.invocationId, generatedAt: session.startedAt });
    const catalogPath = writeCatalog(session.targetDir, catalog);

    const lineage = await attachLineage(session, catalogColumns(catalog));
    for (const warning of [...lineage.values()].flatMap((l) => l.warnings)) output.debugLog(`lineage: ${warning}`);
    writeSessionManifest(session);

    const data = siteData({
      manifest: session.manifest,
      catalog,
      runResults: previousRunResults(session.targetDir),
      edges: lineageEdges(lineage),
      project: { name: session.project.config.name, kiln_version: KILN_VERSION, adapter_type: session.project.profile.target.type, generated_at: session.startedAt },
    });
    await addOverviewLayout(data, join(session.targetDir, 'docs_overview_layout.json'));
    const sitePath = writeSite(join(session.targetDir, 'docs'), data);
    const unread = [...lineage].filter(([id, l]) => !l.resolved && session.manifest.nodes[id]?.language === 'sql').length;
    output.info(
      `Catalog: ${Object.keys(tables.nodes).length + Object.keys(tables.sources).length} relations in ${relative(process.cwd(), catalogPath) || catalogPath}. ` +
        `Docs site: ${data.nodes.length} nodes, ${data.column_edges.length} lineage edges${unread ? ` (${unread} SQL models with model-level lineage only; --debug says why)` : ''} in ${relative(process.cwd(), sitePath) || sitePath} ` +
        `[${((performance.now() - started) / 1000).toFixed(2)}s]. Open it, or run kiln docs serve.`,
    );
  });

  const serve = docs
    .command('serve')
    .description('serve target/docs/ over HTTP (loopback by default)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1');
  addGlobalOptions(serve).action(async (options: ServeOptions) => {
    const output = outputFor(options);
    const port = Number(options.port ?? '8080');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KilnError(`--port must be a port number (0-65535), got '${options.port}'`);
    const root = resolve(options.projectDir ?? process.cwd());
    const docsDir = join(root, (await withLazyModules(() => readProjectFile(root))).targetPath, 'docs');
    if (!existsSync(join(docsDir, 'index.html'))) {
      throw new KilnError(`no docs site in ${docsDir}`, { hint: 'run kiln docs generate first' });
    }
    const server = await serveDocs(docsDir, port, options.host ?? '127.0.0.1');
    output.info(`Serving ${docsDir} at ${server.url} (Ctrl-C to stop)`, { url: server.url });
    await new Promise<void>((resolve) => {
      const stop = (): void => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}

/** The last run's results, for each node's page; a damaged file only leaves them out. */
function previousRunResults(targetDir: string): RunResultEntry[] {
  try {
    return readRunResults(targetDir) ?? [];
  } catch {
    return [];
  }
}
