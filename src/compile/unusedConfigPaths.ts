/**
 * Folder paths in the project file's config trees that match no node, e.g. a
 * `models: {shop: {marts: …}}` after marts/ was renamed: the configs silently do
 * nothing, so kiln warns, as dbt does.
 */
import { isFolderKey } from '../project/configMerge.js';
import type { Manifest } from '../project/nodes.js';
import type { ConfigMap, ProjectConfig } from '../project/types.js';

const RESOURCE_OF_TREE: Record<string, string[]> = {
  models: ['model'],
  seeds: ['seed'],
  snapshots: ['snapshot'],
  tests: ['test'],
  analyses: ['analysis'],
};

function folderPaths(tree: ConfigMap, prefix: string[], out: string[][]): void {
  for (const [key, value] of Object.entries(tree)) {
    if (!isFolderKey(key, value)) continue;
    const path = [...prefix, key];
    out.push(path);
    folderPaths(value as ConfigMap, path, out);
  }
}

export function unusedConfigPaths(config: ProjectConfig, manifest: Manifest): string[] {
  const unused: string[] = [];
  for (const [kind, tree] of Object.entries(config.configTrees)) {
    const types = RESOURCE_OF_TREE[kind];
    if (!types) continue;
    const fqns = [...Object.values(manifest.nodes), ...Object.values(manifest.sources), ...Object.values(manifest.disabled).flat()]
      .filter((n) => types.includes(n.resource_type))
      .map((n) => n.fqn);
    const paths: string[][] = [];
    folderPaths(tree, [], paths);
    for (const path of paths) {
      if (!fqns.some((fqn) => path.every((part, i) => fqn[i] === part))) unused.push([kind, ...path].join('.'));
    }
  }
  return unused;
}
