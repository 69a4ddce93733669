import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { catalogColumns, readCatalog } from '../../artifacts/catalogJson.js';
import { KilnError } from '../../errors.js';
import { formatLineage, type LineageFormat } from '../../lineage/format.js';
import { lineageLabel, lineageRoot } from '../../lineage/lineageRoot.js';
import { attachLineage } from '../../lineage/sessionLineage.js';
import { lineageEdges, traceLineage } from '../../lineage/trace.js';
import { addGlobalOptions, outputFor, sessionFor, type GlobalOptions } from '../common.js';
import { compileNodes } from './compile.js';
import { writeSessionManifest } from './parse.js';

interface LineageOptions extends GlobalOptions {
  upstream?: boolean;
  downstream?: boolean;
  depth?: string;
  format?: string;
}

const FORMATS = ['text', 'json', 'mermaid', 'dot'];

export function registerLineage(program: Command): void {
  const command = program
    .command('lineage')
    .description(describe('lineage'))
    .argument('<node>', 'a model, seed, snapshot or source (source:<source>.<table>), optionally .<column>')
    .option('--upstream', 'only what it is made from')
    .option('--downstream', 'only what is made from it')
    .option('--depth <n>', 'how many nodes away to go (default: all the way)')
    .option('--format <format>', FORMATS.join(', '), 'text');
  addGlobalOptions(command).action(async (spec: string, options: LineageOptions) => {
    const output = outputFor(options);
    const format = options.format ?? 'text';
    if (!FORMATS.includes(format)) throw new KilnError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
    const depth = options.depth === undefined ? undefined : Number(options.depth);
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) throw new KilnError(`--depth must be a whole number of 1 or more, got '${options.depth}'`);
    if (options.upstream && options.downstream) throw new KilnError('--upstream and --downstream exclude each other', { hint: 'leave both out for both directions' });

    const session = await sessionFor(options, output, { WHICH: 'compile' });
    // Compiled first, so a model whose templates query the warehouse gets a connection.
    await compileNodes(session, Object.values(session.manifest.nodes).filter((n) => n.resource_type === 'model' && n.language === 'sql').map((n) => n.unique_id));
    const catalog = catalogColumns(readCatalog(session.targetDir));
    const lineage = await attachLineage(session, catalog);
    writeSessionManifest(session);

    const { manifest } = session;
    const columnsOf = (id: string): string[] => catalog.get(id) ?? lineage.get(id)?.columns.map((c) => c.name) ?? Object.keys(manifest.nodes[id]?.columns ?? manifest.sources[id]?.columns ?? {});
    const root = lineageRoot(manifest, spec, columnsOf);
    const edges = traceLineage(lineageEdges(lineage), root, { direction: options.upstream ? 'upstream' : options.downstream ? 'downstream' : 'both', depth });
    const onPath = new Set([root.node, ...edges.flatMap((e) => [e.from.node, e.to.node])]);
    const warnings = [...onPath].flatMap((id) => lineage.get(id)?.warnings ?? []);
    output.result(formatLineage({ root, edges, warnings }, format as LineageFormat, (end) => lineageLabel(manifest, end)));
  });
}
