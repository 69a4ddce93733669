/**
 * Config precedence, as dbt documents it: in-file `config()` > property YAML >
 * project-file folder configs (deeper folders win) > defaults. Most keys are
 * replaced by the more specific level; a few are combined, as in dbt's MergeBehavior.
 */
import type { ConfigMap, ProjectConfig } from './types.js';
import type { HookConfig } from './nodes.js';

const APPEND_KEYS = new Set(['tags', 'pre_hook', 'post_hook', 'packages']);
const UPDATE_KEYS = new Set(['quoting', 'column_types', 'meta', 'docs', 'contract', 'grants']);
/** Config values that are objects; a bare (un-`+`ed) key with one of these names is a config, not a folder. */
const DICT_CONFIGS = new Set([
  'meta', 'docs', 'persist_docs', 'quoting', 'column_types', 'grants', 'contract', 'freshness', 'partition_by',
  'snapshot_meta_column_names', 'labels', 'unique_key', 'vars', 'query_tag', 'options', 'external',
]);

/** `pre-hook` → `pre_hook`: one spelling inside kiln. */
export function normalizeConfigKey(key: string): string {
  const bare = key.startsWith('+') ? key.slice(1) : key;
  if (bare === 'pre-hook' || bare === 'post-hook') return bare.replace('-', '_');
  if (bare === 'data_tests') return 'tests';
  return bare;
}

export function normalizeHooks(value: unknown): HookConfig[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((hook) => {
    if (hook && typeof hook === 'object' && 'sql' in hook) {
      const h = hook as { sql: unknown; transaction?: unknown };
      return { sql: String(h.sql), transaction: h.transaction !== false };
    }
    return { sql: String(hook), transaction: true };
  });
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Merge `over` onto `base` with dbt's rules; neither input is changed. */
export function mergeConfig(base: ConfigMap, over: ConfigMap): ConfigMap {
  const out: ConfigMap = { ...base };
  for (const [rawKey, value] of Object.entries(over)) {
    const key = normalizeConfigKey(rawKey);
    if (value === undefined) continue;
    if (key === 'pre_hook' || key === 'post_hook') {
      out[key] = [...((out[key] as HookConfig[]) ?? []), ...normalizeHooks(value)];
    } else if (APPEND_KEYS.has(key)) {
      const merged = [...asList(out[key]), ...asList(value)];
      out[key] = [...new Set(merged.map(String))];
    } else if (UPDATE_KEYS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = { ...((out[key] as object) ?? {}), ...(value as object) };
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Is this key in a project config tree a folder (true) or a config (false)? */
export function isFolderKey(key: string, value: unknown): boolean {
  if (key.startsWith('+')) return false;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return !DICT_CONFIGS.has(normalizeConfigKey(key));
}

/**
 * The configs a project-file tree gives the node at `fqn` (package, folders…, name).
 * Each level's own configs apply, deeper levels win.
 */
export function configFromTree(tree: ConfigMap | undefined, fqn: string[]): ConfigMap {
  let merged: ConfigMap = {};
  let level: ConfigMap | undefined = tree;
  for (let depth = 0; level; depth++) {
    const own: ConfigMap = {};
    for (const [key, value] of Object.entries(level)) {
      if (!isFolderKey(key, value)) own[key] = value;
    }
    merged = mergeConfig(merged, own);
    const next: string | undefined = fqn[depth];
    if (next === undefined) break;
    const child: unknown = level[next];
    level = child && typeof child === 'object' && !Array.isArray(child) ? (child as ConfigMap) : undefined;
  }
  return merged;
}

/**
 * Project-level configs for a node of `kind` whose fqn is (package, folders…, name).
 * The root project's file may configure a package's nodes (`models: {dbt_utils: {...}}`),
 * and that wins over the package's own file.
 */
export function projectLevelConfig(kind: string, fqn: string[], packageConfig: ProjectConfig, rootConfig: ProjectConfig): ConfigMap {
  const own = configFromTree(packageConfig.configTrees[kind], fqn);
  if (packageConfig === rootConfig) return own;
  return mergeConfig(own, configFromTree(rootConfig.configTrees[kind], fqn));
}
