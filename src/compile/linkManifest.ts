/**
 * Resolve every node's ref() and source() calls to unique ids, fill depends_on,
 * parent_map and child_map, and check the graph for cycles.
 */
import { KilnError, KilnErrors } from '../errors.js';
import { assertAcyclic, buildDag, hasCycle } from '../graph/dag.js';
import type { Manifest, ManifestNode, RefCall } from '../project/nodes.js';
import { closestName } from '../project/suggest.js';

const REFERABLE = new Set(['model', 'seed', 'snapshot']);

/** What refers to a node or source: a node, an exposure, a unit test. */
type Referrer = { original_file_path: string; name: string; raw_code?: string };

/** The line of the first `ref(… 'name' …)` / `source(… 'name' …)` in the referrer's code, for error messages. */
function lineOfCall(from: Referrer, fn: 'ref' | 'source', name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\b${fn}\\s*\\([^)]*['"]${escaped}['"]`).exec(from.raw_code ?? '');
  return match ? from.raw_code!.slice(0, match.index).split('\n').length : undefined;
}

export class RefResolver {
  /** name → nodes with that name (any package) */
  private readonly byName = new Map<string, ManifestNode[]>();
  private readonly disabledNames = new Set<string>();
  /** Sources by name, for resolveSourceId. */
  readonly sources: SourceIndex;

  constructor(manifest: Manifest, private readonly rootPackage: string) {
    this.sources = sourceIndexOf(manifest);
    for (const node of Object.values(manifest.nodes)) {
      if (!REFERABLE.has(node.resource_type)) continue;
      const list = this.byName.get(node.name) ?? [];
      list.push(node);
      this.byName.set(node.name, list);
    }
    for (const list of Object.values(manifest.disabled)) for (const n of list) this.disabledNames.add(n.name);
  }

  /** The node a ref() call from `from` means, or a KilnError naming the file and the closest name. */
  resolve(call: RefCall, from: Referrer & { package_name: string }): ManifestNode {
    const named = this.byName.get(call.name) ?? [];
    // The usual case: one node by that name and nothing to narrow it by.
    if (named.length === 1 && !call.package && call.version === undefined) return named[0]!;
    const candidates = named.filter((n) => !call.package || n.package_name === call.package);
    // No version asked for: a versioned model's latest version (dbt's `latest_version`).
    const versioned =
      call.version !== undefined
        ? candidates.filter((n) => String(n.version) === String(call.version))
        : candidates.filter((n) => n.version === undefined || n.version === null || String(n.version) === String(n.latest_version));
    const pick =
      versioned.find((n) => n.package_name === from.package_name) ??
      versioned.find((n) => n.package_name === this.rootPackage) ??
      (versioned.length === 1 ? versioned[0] : undefined);
    if (pick) return pick;
    const what = `${call.package ? `${call.package}.` : ''}${call.name}`;
    if (versioned.length > 1) {
      throw new KilnError(`ref('${what}') is ambiguous: ${versioned.map((n) => n.unique_id).join(', ')}`, {
        file: from.original_file_path,
        line: lineOfCall(from, 'ref', call.name),
        hint: `name the package: ref('${versioned[0]!.package_name}', '${call.name}')`,
      });
    }
    if (this.disabledNames.has(call.name)) {
      throw new KilnError(`'${from.name}' refers to '${what}', which is disabled`, {
        file: from.original_file_path,
        line: lineOfCall(from, 'ref', call.name),
        hint: `enable '${call.name}' (enabled: true) or disable '${from.name}' too`,
      });
    }
    const suggestion = closestName(call.name, this.byName.keys());
    throw new KilnError(`ref('${what}') names no model, seed or snapshot`, {
      file: from.original_file_path,
        line: lineOfCall(from, 'ref', call.name),
      hint: suggestion ? `did you mean ref('${suggestion}')?` : 'check the name: a ref names a .sql file under model-paths (without .sql), a seed or a snapshot',
    });
  }
}

/** `source_name.table_name` → unique id, for every source of the manifest. */
export type SourceIndex = Map<string, string>;

export function sourceIndexOf(manifest: Manifest): SourceIndex {
  return new Map(Object.values(manifest.sources).map((s) => [`${s.source_name}\0${s.name}`, s.unique_id]));
}

export function resolveSourceId(manifest: Manifest, source: [string, string], from: Referrer, index: SourceIndex = sourceIndexOf(manifest)): string {
  const [sourceName, tableName] = source;
  const match = index.get(`${sourceName}\0${tableName}`);
  if (match) return match;
  const disabled = Object.values(manifest.disabled).flat().find((s) => s.resource_type === 'source' && (s as { source_name?: string }).source_name === sourceName && s.name === tableName);
  if (disabled) {
    throw new KilnError(`'${from.name}' uses source '${sourceName}.${tableName}', which is disabled`, { file: from.original_file_path });
  }
  const known = Object.values(manifest.sources).map((s) => `${s.source_name}.${s.name}`);
  const suggestion = closestName(`${sourceName}.${tableName}`, known);
  throw new KilnError(`source('${sourceName}', '${tableName}') is not declared`, {
    file: from.original_file_path,
    line: lineOfCall(from, 'source', tableName),
    hint: suggestion
      ? `did you mean source('${suggestion.split('.')[0]}', '${suggestion.split('.').slice(1).join('.')}')?`
      : `declare it in a .yml file under models/: sources: [{name: ${sourceName}, tables: [{name: ${tableName}}]}]`,
  });
}

export function linkManifest(manifest: Manifest, rootPackage: string): void {
  const resolver = new RefResolver(manifest, rootPackage);
  const errors: KilnError[] = [];
  const link = (node: { refs: RefCall[]; sources: [string, string][]; depends_on: { nodes: string[] }; package_name: string; original_file_path: string; name: string }): void => {
    const parents = new Set<string>();
    for (const call of node.refs) {
      try {
        parents.add(resolver.resolve(call, node).unique_id);
      } catch (error) {
        if (error instanceof KilnError) errors.push(error);
        else throw error;
      }
    }
    for (const source of node.sources) {
      try {
        parents.add(resolveSourceId(manifest, source, node, resolver.sources));
      } catch (error) {
        if (error instanceof KilnError) errors.push(error);
        else throw error;
      }
    }
    node.depends_on.nodes = [...parents];
  };
  for (const node of Object.values(manifest.nodes)) link(node);
  for (const exposure of Object.values(manifest.exposures)) link(exposure);
  for (const unitTest of Object.values(manifest.unit_tests)) link(unitTest);
  for (const metric of Object.values(manifest.semantic_models)) {
    const refs = (metric['refs'] as RefCall[] | undefined) ?? [];
    metric.depends_on.nodes = refs.flatMap((r) => {
      try {
        return [resolver.resolve(r, metric as never).unique_id];
      } catch {
        return [];
      }
    });
  }
  if (errors.length) throw new KilnErrors(errors);
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  const all = [...Object.values(manifest.nodes), ...Object.values(manifest.exposures), ...Object.values(manifest.unit_tests)];
  for (const id of [...all.map((n) => n.unique_id), ...Object.keys(manifest.sources)]) {
    parentMap[id] = [];
    childMap[id] = [];
  }
  for (const node of all) {
    parentMap[node.unique_id] = [...node.depends_on.nodes];
    for (const parent of node.depends_on.nodes) (childMap[parent] ??= []).push(node.unique_id);
  }
  manifest.parent_map = parentMap;
  manifest.child_map = childMap;
  if (hasCycle(parentMap)) assertAcyclic(buildDag(manifest), (id) => manifest.nodes[id]?.original_file_path ?? manifest.sources[id]?.original_file_path);
}
