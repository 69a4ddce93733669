/**
 * Positions for the whole-project overview, computed once at `docs generate` (ELK's layered
 * layout, tuned for speed) so that the page draws thousands of nodes on a canvas at once
 * instead of laying them out in the browser. Small projects skip it: the page lays out
 * what it shows itself (dagre), which is fast below a few hundred nodes. The positions are
 * kept in target/ and reused while the graph's shape stays the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ELK as Elk, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { SiteData } from './siteData.js';

/** Above this many graph nodes the page draws the overview on a canvas from these positions. */
export const OVERVIEW_THRESHOLD = 400;
const NODE_WIDTH = 180;
const NODE_HEIGHT = 28;

export async function addOverviewLayout(data: SiteData, cacheFile: string): Promise<void> {
  const graphNodes = data.nodes.filter((n) => n.resource_type !== 'test');
  if (graphNodes.length <= OVERVIEW_THRESHOLD) return;
  const ids = new Set(graphNodes.map((n) => n.id));
  const edges = graphNodes.flatMap((node) => node.depends_on.filter((p) => ids.has(p)).map((parent, i) => ({ id: `${node.id}#${i}`, sources: [parent], targets: [node.id] })));
  // The layout depends on the graph's shape only: the same nodes and edges reuse the last one.
  const key = createHash('sha256').update(graphNodes.map((n) => `${n.id}<${n.depends_on.join(',')}`).join('\n')).digest('hex');
  const layout = readCachedLayout(cacheFile, key) ?? (await layOut(graphNodes.map((n) => n.id), edges));
  writeFileSync(cacheFile, JSON.stringify({ key, ...layout }));
  for (const node of graphNodes) node.xy = layout.positions[node.id] ?? null;
  data.overview = { width: layout.width, height: layout.height };
}

interface OverviewLayout {
  width: number;
  height: number;
  positions: Record<string, [number, number]>;
}

async function layOut(ids: string[], edges: ElkExtendedEdge[]): Promise<OverviewLayout> {
  // elk.bundled.js is CommonJS: its module.exports is the constructor.
  const ELK = (await import('elkjs/lib/elk.bundled.js')).default as unknown as new () => Elk;
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      // The overview needs ranks without overlaps, fast: the defaults (network-simplex layering,
      // crossing minimization) take minutes at 5,000 nodes; focused views in the page get dagre's full treatment.
      'elk.layered.layering.strategy': 'LONGEST_PATH',
      'elk.layered.crossingMinimization.strategy': 'NONE',
      'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
      'elk.layered.nodePlacement.strategy': 'SIMPLE',
      'elk.layered.thoroughness': '1',
      'elk.spacing.nodeNode': '8',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
    },
    children: ids.map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges,
  };
  const result = await new ELK().layout(graph);
  const positions: OverviewLayout['positions'] = {};
  for (const child of result.children ?? []) positions[child.id] = [Math.round(child.x ?? 0), Math.round(child.y ?? 0)];
  return { width: Math.round(result.width ?? 0), height: Math.round(result.height ?? 0), positions };
}

function readCachedLayout(file: string, key: string): OverviewLayout | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as OverviewLayout & { key?: string };
    return cached.key === key ? cached : undefined;
  } catch {
    return undefined; // a damaged cache is recomputed
  }
}
