/** A node at its defaults: what parsing starts each node from, and what `--inline` SQL compiles as. */
import type { ManifestNode, NodeConfig } from '../project/nodes.js';
import type { ResourceType } from '../project/types.js';

const DEFAULT_MATERIALIZATION: Record<string, string> = {
  model: 'view',
  seed: 'seed',
  snapshot: 'snapshot',
  test: 'test',
  analysis: 'view',
  unit_test: 'unit',
};

export function defaultNodeConfig(resourceType: ResourceType): NodeConfig {
  const config: NodeConfig = { enabled: true, materialized: DEFAULT_MATERIALIZATION[resourceType] ?? 'view', tags: [], meta: {}, pre_hook: [], post_hook: [] };
  if (resourceType === 'test') Object.assign(config, { severity: 'ERROR', schema: 'dbt_test__audit', store_failures: null, warn_if: '!= 0', error_if: '!= 0', fail_calc: 'count(*)', where: null, limit: null });
  if (resourceType === 'seed') Object.assign(config, { quote_columns: null, column_types: {}, delimiter: ',' });
  if (resourceType === 'model') Object.assign(config, { on_schema_change: 'ignore', incremental_strategy: null, unique_key: null, full_refresh: null, contract: { enforced: false, alias_types: true } });
  return config;
}

/** A node with its identity set and everything else at its default. */
export function blankNode(
  identity: Pick<ManifestNode, 'unique_id' | 'resource_type' | 'package_name' | 'name' | 'path' | 'original_file_path' | 'abs_path' | 'fqn' | 'raw_code'> & { checksum: string },
): ManifestNode {
  // Fields spelled out rather than spread: this runs once per node and spreading is measurably slower.
  return {
    unique_id: identity.unique_id,
    resource_type: identity.resource_type,
    package_name: identity.package_name,
    name: identity.name,
    path: identity.path,
    original_file_path: identity.original_file_path,
    abs_path: identity.abs_path,
    fqn: identity.fqn,
    raw_code: identity.raw_code,
    language: 'sql',
    checksum: { name: 'sha256', checksum: identity.checksum },
    config: defaultNodeConfig(identity.resource_type),
    tags: [],
    meta: {},
    description: '',
    columns: {},
    docs: { show: true, node_color: null },
    patch_path: null,
    refs: [],
    sources: [],
    metrics: [],
    depends_on: { macros: [], nodes: [] },
    database: '',
    schema: '',
    alias: identity.name,
    relation_name: null,
  };
}
