/**
 * Model versions, as dbt has them: a model's YAML lists `versions:` (`v`, optional
 * `defined_in`, and properties that override the model's); each version lives in its own
 * file, `<name>_v<v>` unless `defined_in` names it, and becomes the node
 * `model.<package>.<name>.v<v>` named `<name>` with `version` set. `ref('<name>')` means the
 * latest version (`latest_version`, else the greatest `v`); `ref('<name>', v=1)` a given one.
 */
import type { ManifestNode } from '../project/nodes.js';
import type { Patch } from './properties.js';

export interface ModelVersion {
  model: string;
  version: string | number;
  latest: string | number;
  /** The model's YAML with this version's properties laid over it. */
  patch: Patch;
}

type Entry = Record<string, unknown>;

/** File name (without extension) → the version it defines, for every versioned model of a package. */
export function versionFiles(modelPatches: Map<string, Patch>): Map<string, ModelVersion> {
  const files = new Map<string, ModelVersion>();
  for (const [model, patch] of modelPatches) {
    const versions = patch.entry['versions'] as Entry[] | undefined;
    if (!Array.isArray(versions) || versions.length === 0) continue;
    const latest = (patch.entry['latest_version'] as string | number | undefined) ?? greatest(versions.map((v) => v['v'] as string | number));
    for (const version of versions) {
      const v = version['v'] as string | number;
      const file = typeof version['defined_in'] === 'string' ? version['defined_in'] : `${model}_v${v}`;
      files.set(file, { model, version: v, latest, patch: { ...patch, entry: versionEntry(patch.entry, version) } as Patch });
    }
  }
  return files;
}

function greatest(values: (string | number)[]): string | number {
  return values.reduce((a, b) => (Number(b) > Number(a) || (Number.isNaN(Number(a)) && String(b) > String(a)) ? b : a));
}

/**
 * The version's properties over the model's. Columns: the model's (all of them unless the
 * version's `include`/`exclude` entry says otherwise), then the version's own, by name.
 */
function versionEntry(model: Entry, version: Entry): Entry {
  const { versions: _versions, latest_version: _latest, ...base } = model;
  const own = (version['columns'] as Entry[] | undefined) ?? [];
  const rule = own.find((c) => 'include' in c || 'exclude' in c);
  const named = own.filter((c) => c !== rule);
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
  const include = rule?.['include'];
  const includeAll = include === undefined || include === 'all' || include === '*';
  const included = new Set(list(include).map((c) => c.toLowerCase()));
  const excluded = new Set(list(rule?.['exclude']).map((c) => c.toLowerCase()));
  const baseColumns = ((base['columns'] as Entry[] | undefined) ?? []).filter((c) => {
    const name = String(c['name']).toLowerCase();
    return (includeAll || included.has(name)) && !excluded.has(name);
  });
  const overridden = new Set(named.map((c) => String(c['name']).toLowerCase()));
  const columns = [...baseColumns.filter((c) => !overridden.has(String(c['name']).toLowerCase())), ...named];
  const config = { ...((base['config'] as Entry | undefined) ?? {}), ...((version['config'] as Entry | undefined) ?? {}) };
  const { v: _v, defined_in: _in, columns: _c, config: _cfg, ...rest } = version;
  return { ...base, ...rest, columns, config };
}

/** Make `node` (read from a version's file) that version of its model. */
export function makeVersionNode(node: ManifestNode, version: ModelVersion): void {
  node.name = version.model;
  node.version = version.version;
  node.latest_version = version.latest;
  node.unique_id = `model.${node.package_name}.${version.model}.v${version.version}`;
  node.fqn = [...node.fqn.slice(0, -1), version.model, `v${version.version}`];
}
