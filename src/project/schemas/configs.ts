/**
 * Node configs: which keys each resource kind accepts, what type each value
 * has, and the two places they are written — a flat config map (`config:` in
 * property YAML, `config()` in SQL) and a folder tree in the project file
 * (`models: { my_project: { staging: { +materialized: view } } }`).
 *
 * The key lists follow dbt's documented configs for each resource, plus the
 * adapter-specific configs of the warehouses kiln targets (Snowflake, BigQuery,
 * DuckDB) and the common ones of Postgres/Redshift/Databricks, so that a dbt
 * project moves over unchanged. A value's type is only checked where dbt
 * documents one; unknown adapter keys' values are not inspected.
 */
import type * as zod from 'zod';
import { z } from './zod.js';
import {
  anyValue,
  bool,
  int,
  isPlainObject,
  leaf,
  map,
  num,
  obj,
  oneOf,
  opt,
  report,
  str,
  strList,
  strMap,
  strOrList,
  forward,
  type IssueSink,
} from './leaves.js';

export type NodeConfigKind = 'models' | 'seeds' | 'snapshots' | 'tests' | 'sources' | 'unit_tests' | 'exposures' | 'analyses';

/** Configs every built node (model, seed, snapshot) accepts. */
const GENERAL = [
  'enabled',
  'tags',
  'meta',
  'docs',
  'persist_docs',
  'pre-hook',
  'post-hook',
  'pre_hook',
  'post_hook',
  'database',
  'schema',
  'alias',
  'full_refresh',
  'grants',
  'group',
  'event_time',
  'quoting',
  'materialized',
  'sql_header',
] as const;

/** Warehouse-specific configs (Snowflake, BigQuery, DuckDB, Postgres/Redshift, Databricks/Spark). */
const ADAPTER = [
  // Snowflake
  'transient',
  'copy_grants',
  'query_tag',
  'snowflake_warehouse',
  'automatic_clustering',
  'cluster_by',
  'secure',
  'target_lag',
  'refresh_mode',
  'initialize',
  'table_format',
  'external_volume',
  'base_location_root',
  'base_location_subpath',
  'tmp_relation_type',
  'row_access_policy',
  'table_tag',
  'change_tracking',
  'data_retention_time_in_days',
  'max_data_extension_time_in_days',
  // BigQuery
  'partition_by',
  'labels',
  'labels_from_meta',
  'require_partition_filter',
  'partition_expiration_days',
  'kms_key_name',
  'hours_to_expiration',
  'grant_access_to',
  'enable_refresh',
  'refresh_interval_minutes',
  'max_staleness',
  'resource_tags',
  'partitions',
  'description',
  'submission_method',
  'dataproc_cluster_name',
  'notebook_template_id',
  'enable_list_inference',
  'intermediate_format',
  // DuckDB
  'file_format',
  'location',
  'options',
  'format',
  'plugin',
  'glue_register',
  'glue_database',
  'delimiter',
  'parameters',
  'parquet_read_options',
  'csv_read_options',
  'json_read_options',
  'partition_columns',
  // Postgres / Redshift
  'indexes',
  'unlogged',
  'dist',
  'sort',
  'sort_type',
  'bind',
  'backup',
  'auto_refresh',
  // Databricks / Spark
  'location_root',
  'clustered_by',
  'buckets',
  'tblproperties',
  'liquid_clustered_by',
  'auto_liquid_cluster',
  'zorder',
  'databricks_tags',
  'compression',
  'include_full_name_in_path',
  'databricks_compute',
] as const;

const MODEL_ONLY = [
  'unique_key',
  'access',
  'contract',
  'on_schema_change',
  'on_configuration_change',
  'incremental_strategy',
  'incremental_predicates',
  'merge_update_columns',
  'merge_exclude_columns',
  'batch_size',
  'begin',
  'lookback',
  'concurrent_batches',
  'freshness',
  'on_error',
  'latest_version_pointer',
  'packages',
  'python_version',
  'static_analysis',
  'catalog_name',
  'embed',
] as const;

const SEED_ONLY = ['quote_columns', 'column_types', 'delimiter'] as const;

const SNAPSHOT_ONLY = [
  'unique_key',
  'strategy',
  'updated_at',
  'check_cols',
  'snapshot_meta_column_names',
  'hard_deletes',
  'invalidate_hard_deletes',
  'target_schema',
  'target_database',
  'dbt_valid_to_current',
] as const;

const TEST_KEYS = [
  'enabled',
  'tags',
  'meta',
  'database',
  'schema',
  'alias',
  'severity',
  'warn_if',
  'error_if',
  'fail_calc',
  'where',
  'limit',
  'store_failures',
  'store_failures_as',
  'group',
  'materialized',
  'sql_header',
  'snowflake_warehouse',
  'query_tag',
] as const;

const unique = (keys: readonly string[]): string[] => [...new Set(keys)];

export const KNOWN_NODE_CONFIG_KEYS: Record<NodeConfigKind, string[]> = {
  models: unique([...GENERAL, ...MODEL_ONLY, ...ADAPTER]),
  seeds: unique([...GENERAL, ...SEED_ONLY, ...ADAPTER]),
  snapshots: unique([...GENERAL, ...SNAPSHOT_ONLY, ...ADAPTER]),
  tests: [...TEST_KEYS],
  sources: ['enabled', 'event_time', 'meta', 'tags', 'freshness', 'loaded_at_field', 'loaded_at_query'],
  unit_tests: ['enabled', 'meta', 'tags'],
  exposures: ['enabled', 'meta', 'tags'],
  analyses: ['enabled', 'tags', 'meta', 'docs', 'group'],
};

/** Project-file trees that are not node configs; dbt documents only a few keys for them. */
const OTHER_TREE_KEYS: Record<string, string[]> = {
  metrics: ['enabled', 'group', 'meta', 'tags'],
  'semantic-models': ['enabled', 'group', 'meta', 'tags'],
  'saved-queries': ['enabled', 'group', 'meta', 'tags', 'export_as', 'schema', 'cache'],
};

/** What a resource kind is called in messages. */
export const KIND_SINGULAR: Record<string, string> = {
  models: 'model',
  seeds: 'seed',
  snapshots: 'snapshot',
  tests: 'test',
  data_tests: 'test',
  sources: 'source',
  unit_tests: 'unit test',
  exposures: 'exposure',
  analyses: 'analysis',
  metrics: 'metric',
  'semantic-models': 'semantic model',
  'saved-queries': 'saved query',
  functions: 'function',
};

// ---- value types ---------------------------------------------------------

const period = oneOf(['minute', 'hour', 'day']);
const freshnessThreshold = obj({ count: opt(int), period: opt(period) });
const freshnessConfig = obj({
  warn_after: opt(freshnessThreshold),
  error_after: opt(freshnessThreshold),
  filter: opt(str),
  build_after: opt(obj({ count: opt(int), period: opt(period), updates_on: opt(oneOf(['any', 'all'])) })),
});

const isHook = (v: unknown): boolean =>
  typeof v === 'string' || (isPlainObject(v) && typeof v.sql === 'string');
const hooks = leaf<unknown>(
  "a SQL string, a {sql, transaction} mapping, or a list of them",
  (v) => isHook(v) || (Array.isArray(v) && v.every(isHook)),
);
const grants = leaf<Record<string, string | string[]>>(
  'a mapping of privilege to grantee(s)',
  (v) =>
    isPlainObject(v) &&
    Object.values(v).every((g) => g === null || typeof g === 'string' || (Array.isArray(g) && g.every((x) => typeof x === 'string'))),
);
export const quotingSchema = obj({
  database: opt(bool),
  schema: opt(bool),
  identifier: opt(bool),
  column: opt(bool),
});
export const docsSchema = obj({ show: opt(bool), node_color: opt(str) });

const CONFIG_VALUE_SCHEMAS: Record<string, zod.ZodType> = {
  materialized: str,
  enabled: bool,
  tags: strOrList,
  meta: map,
  docs: docsSchema,
  persist_docs: obj({ relation: opt(bool), columns: opt(bool) }),
  'pre-hook': hooks,
  'post-hook': hooks,
  pre_hook: hooks,
  post_hook: hooks,
  database: str,
  schema: str,
  alias: str,
  full_refresh: bool,
  grants,
  group: str,
  access: oneOf(['private', 'protected', 'public']),
  event_time: str,
  quoting: quotingSchema,
  sql_header: str,
  contract: obj({ enforced: opt(bool), alias_types: opt(bool) }),
  unique_key: strOrList,
  // Checked in full (keys, provider, numbers) by the embedding step's own config reader.
  embed: map,
  on_schema_change: oneOf(['ignore', 'fail', 'append_new_columns', 'sync_all_columns']),
  on_configuration_change: oneOf(['apply', 'continue', 'fail']),
  incremental_strategy: str,
  incremental_predicates: strOrList,
  merge_update_columns: strList,
  merge_exclude_columns: strList,
  cluster_by: strOrList,
  batch_size: oneOf(['hour', 'day', 'month', 'year']),
  begin: str,
  lookback: int,
  concurrent_batches: bool,
  freshness: freshnessConfig,
  on_error: oneOf(['skip_children', 'continue']),
  packages: strList,
  column_types: strMap,
  quote_columns: bool,
  delimiter: str,
  strategy: str,
  updated_at: str,
  check_cols: strOrList,
  snapshot_meta_column_names: obj({
    dbt_valid_from: opt(str),
    dbt_valid_to: opt(str),
    dbt_scd_id: opt(str),
    dbt_updated_at: opt(str),
    dbt_is_deleted: opt(str),
  }),
  hard_deletes: oneOf(['ignore', 'invalidate', 'new_record']),
  invalidate_hard_deletes: bool,
  target_schema: str,
  target_database: str,
  dbt_valid_to_current: str,
  severity: oneOf(['warn', 'error'], { caseInsensitive: true }),
  warn_if: str,
  error_if: str,
  fail_calc: str,
  where: str,
  limit: int,
  store_failures: bool,
  store_failures_as: oneOf(['table', 'view', 'ephemeral']),
  loaded_at_field: str,
  loaded_at_query: str,
  // adapter configs with a documented type
  transient: bool,
  copy_grants: bool,
  query_tag: str,
  snowflake_warehouse: str,
  secure: bool,
  automatic_clustering: bool,
  labels: map,
  require_partition_filter: bool,
  partition_expiration_days: int,
  kms_key_name: str,
  hours_to_expiration: num,
  file_format: str,
  location: str,
  options: map,
};

/** The schema of one config value (`unknown` for keys whose type dbt leaves open). */
export function configValueSchema(key: string): zod.ZodType {
  return CONFIG_VALUE_SCHEMAS[key] ?? anyValue;
}

const CUSTOM_CONFIG_HINT = "custom values belong under 'meta' (dbt deprecates arbitrary config keys)";

/**
 * Check a flat config map: every key known for `kind`, every value of the right
 * type. Issues go to `sink` under `path` (relative to where the sink reports).
 */
export function checkConfigMap(value: Record<string, unknown>, kind: string, sink: IssueSink, path: PropertyKey[] = []): void {
  const known = keysFor(kind);
  for (const [key, v] of Object.entries(value)) {
    if (!known.set.has(key)) {
      const plusOnly = key.startsWith('+') && known.set.has(key.slice(1));
      report(sink, [...path, key], {
        kiln: 'unknown_key',
        key,
        candidates: known.list,
        hint: plusOnly ? `write '${key.slice(1)}': the '+' prefix is only used in config trees of project.yml / dbt_project.yml` : undefined,
        fallbackHint: CUSTOM_CONFIG_HINT,
      });
      continue;
    }
    if (v !== null && v !== undefined) forward(sink, configValueSchema(key), v, [...path, key]);
  }
}

interface KnownKeys {
  list: string[];
  set: Set<string>;
}
const knownCache = new Map<string, KnownKeys>();
function keysFor(kind: string): KnownKeys {
  let known = knownCache.get(kind);
  if (!known) {
    const list = (KNOWN_NODE_CONFIG_KEYS as Record<string, string[]>)[kind] ?? OTHER_TREE_KEYS[kind];
    if (!list) throw new Error(`kiln: no config keys for '${kind}'`);
    known = { list, set: new Set(list) };
    knownCache.set(kind, known);
  }
  return known;
}

/** `config:` in a property file (null/absent allowed by the caller's `opt`). */
export function configSchema(kind: NodeConfigKind) {
  return z.custom<Record<string, unknown>>(() => true).superRefine((value, ctx) => {
    if (!isPlainObject(value)) {
      report(ctx, [], { kiln: 'type', expected: 'a mapping of configs' });
      return;
    }
    checkConfigMap(value, kind, ctx);
  });
}

/** True if a mapping has a `+key` at any depth: then it is a folder, not a config value. */
function hasPlusKey(value: Record<string, unknown>): boolean {
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('+')) return true;
    if (isPlainObject(v) && hasPlusKey(v)) return true;
  }
  return false;
}

/**
 * A config tree in the project file. dbt's rule: `+key` is always a config;
 * a key without `+` is a config if its value is not a mapping, else a folder.
 * kiln also treats a known config key with a mapping value as a config
 * (`persist_docs: {relation: true}`) unless the mapping holds `+` keys.
 */
export function configTreeSchema(kind: string) {
  const known = keysFor(kind);
  const plusCandidates = known.list.map((k) => `+${k}`);
  const walk = (node: Record<string, unknown>, sink: IssueSink, path: PropertyKey[]): void => {
    for (const [key, v] of Object.entries(node)) {
      const at = [...path, key];
      if (key.startsWith('+')) {
        const name = key.slice(1).trim();
        if (!known.set.has(name)) {
          report(sink, at, { kiln: 'unknown_key', key, candidates: plusCandidates, fallbackHint: CUSTOM_CONFIG_HINT });
        } else if (v !== null && v !== undefined) {
          forward(sink, configValueSchema(name), v, at);
        }
        continue;
      }
      if (isPlainObject(v) && (!known.set.has(key) || hasPlusKey(v))) {
        walk(v, sink, at);
      } else if (known.set.has(key)) {
        if (v !== null && v !== undefined) forward(sink, configValueSchema(key), v, at);
      } else if (v !== null && v !== undefined) {
        report(sink, at, {
          kiln: 'unknown_key',
          key,
          candidates: known.list,
          note: 'not a known config, and not a folder (a folder holds a mapping)',
          fallbackHint: `if it is a config, check its spelling; if it is a folder, give it a mapping; ${CUSTOM_CONFIG_HINT}`,
        });
      }
    }
  };
  return z.custom<Record<string, unknown>>(() => true).superRefine((value, ctx) => {
    if (!isPlainObject(value)) {
      report(ctx, [], { kiln: 'type', expected: 'a mapping of folders and +configs' });
      return;
    }
    walk(value, ctx, []);
  });
}
