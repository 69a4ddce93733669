/**
 * A small hand-made manifest for the selection tests:
 *
 *   source raw.orders ──> stg_orders ──┬──> int_orders_joined ──> orders ──┬──> revenue ──> metric total_revenue
 *   source raw.customers ─> stg_customers ┘                  seed raw_countries ┘    ^   └──> exposure weekly_dashboard (also <- orders)
 *                              ├──> customers (incremental)                           │
 *                              └──> dim_customers v1, v2 (versioned)      payments_pkg.stg_payments
 *   stg_orders ──> snapshot orders_snapshot          source events.clicks (unused)
 *   tests: not_null(stg_orders), unique(stg_customers), relationships(orders -> stg_customers),
 *          singular assert_positive_revenue(orders), unit test test_orders_zero_items(orders)
 */
import type {
  ExposureDefinition,
  GenericResource,
  Manifest,
  ManifestNode,
  MacroDefinition,
  SourceDefinition,
} from '../../../../src/project/nodes.js';

type NodeSpec = Partial<ManifestNode> & {
  unique_id: string;
  resource_type: ManifestNode['resource_type'];
  name: string;
  fqn: string[];
  original_file_path: string;
};

export function node(spec: NodeSpec & { deps?: string[]; macros?: string[]; configExtra?: Record<string, unknown> }): ManifestNode {
  const { deps = [], macros = [], configExtra = {}, ...rest } = spec;
  const tags = spec.tags ?? [];
  return {
    package_name: 'shop',
    path: spec.original_file_path.split('/').slice(1).join('/'),
    abs_path: `/project/${spec.original_file_path}`,
    raw_code: `select 1 as ${spec.name}`,
    language: 'sql',
    checksum: { name: 'sha256', checksum: `sum-${spec.name}` },
    meta: {},
    description: '',
    columns: {},
    docs: { show: true },
    patch_path: null,
    refs: [],
    sources: [],
    metrics: [],
    database: 'db',
    schema: 'main',
    alias: spec.name,
    relation_name: null,
    ...rest,
    tags,
    depends_on: { macros, nodes: deps },
    config: {
      enabled: true,
      materialized: 'view',
      tags,
      meta: {},
      pre_hook: [],
      post_hook: [],
      ...configExtra,
    },
  };
}

function source(sourceName: string, table: string, file = 'models/staging/sources.yml', pkg = 'shop'): SourceDefinition {
  return {
    unique_id: `source.${pkg}.${sourceName}.${table}`,
    resource_type: 'source',
    package_name: pkg,
    name: table,
    source_name: sourceName,
    identifier: table,
    database: 'db',
    schema: sourceName,
    loader: '',
    description: '',
    source_description: '',
    columns: {},
    meta: {},
    source_meta: {},
    tags: sourceName === 'events' ? ['events'] : [],
    config: { enabled: true },
    loaded_at_field: null,
    freshness: null,
    quoting: {},
    path: file,
    original_file_path: file,
    abs_path: `/project/${file}`,
    fqn: [pkg, 'staging', sourceName, table],
    relation_name: `db.${sourceName}.${table}`,
  };
}

const M = (name: string, pkg = 'shop'): string => `model.${pkg}.${name}`;

export const ID = {
  rawOrders: 'source.shop.raw.orders',
  rawCustomers: 'source.shop.raw.customers',
  clicks: 'source.shop.events.clicks',
  countries: 'seed.shop.raw_countries',
  stgOrders: M('stg_orders'),
  stgCustomers: M('stg_customers'),
  int: M('int_orders_joined'),
  orders: M('orders'),
  customers: M('customers'),
  revenue: M('revenue'),
  dimV1: 'model.shop.dim_customers.v1',
  dimV2: 'model.shop.dim_customers.v2',
  payments: M('stg_payments', 'payments_pkg'),
  snapshot: 'snapshot.shop.orders_snapshot',
  notNull: 'test.shop.not_null_stg_orders_id.a1',
  unique: 'test.shop.unique_stg_customers_id.b2',
  relationships: 'test.shop.relationships_orders_customer_id__id__ref_stg_customers_.c3',
  singular: 'test.shop.assert_positive_revenue',
  unitTest: 'unit_test.shop.orders.test_orders_zero_items',
  exposure: 'exposure.shop.weekly_dashboard',
  metric: 'metric.shop.total_revenue',
} as const;

/** Short names for readable assertions: the key of ID for each unique_id. */
export const SHORT: Record<string, string> = Object.fromEntries(Object.entries(ID).map(([k, v]) => [v, k]));

function genericTest(
  id: string,
  name: string,
  testName: string,
  deps: string[],
  file: string,
  extra: Partial<ManifestNode> = {},
): ManifestNode {
  return node({
    unique_id: id,
    resource_type: 'test',
    name,
    fqn: ['shop', file.split('/')[1]!, name],
    original_file_path: file,
    deps,
    test_metadata: { name: testName, namespace: null, kwargs: {} },
    configExtra: { materialized: 'test', severity: 'ERROR' },
    ...extra,
  });
}

export function makeManifest(): Manifest {
  const nodes: ManifestNode[] = [
    node({
      unique_id: ID.countries,
      resource_type: 'seed',
      name: 'raw_countries',
      fqn: ['shop', 'raw_countries'],
      original_file_path: 'seeds/raw_countries.csv',
      configExtra: { materialized: 'seed' },
    }),
    node({
      unique_id: ID.stgOrders,
      resource_type: 'model',
      name: 'stg_orders',
      fqn: ['shop', 'staging', 'stg_orders'],
      original_file_path: 'models/staging/stg_orders.sql',
      deps: [ID.rawOrders],
      tags: ['staging', 'nightly'],
      macros: ['macro.shop.cents_to_dollars'],
    }),
    node({
      unique_id: ID.stgCustomers,
      resource_type: 'model',
      name: 'stg_customers',
      fqn: ['shop', 'staging', 'stg_customers'],
      original_file_path: 'models/staging/stg_customers.sql',
      deps: [ID.rawCustomers],
      tags: ['staging'],
      patch_path: 'shop://models/staging/schema.yml',
      configExtra: { meta: { owner: 'alice' } },
    }),
    node({
      unique_id: ID.int,
      resource_type: 'model',
      name: 'int_orders_joined',
      fqn: ['shop', 'intermediate', 'int_orders_joined'],
      original_file_path: 'models/intermediate/int_orders_joined.sql',
      deps: [ID.stgOrders, ID.stgCustomers],
      configExtra: { materialized: 'ephemeral' },
    }),
    node({
      unique_id: ID.orders,
      resource_type: 'model',
      name: 'orders',
      fqn: ['shop', 'marts', 'orders'],
      original_file_path: 'models/marts/orders.sql',
      deps: [ID.int, ID.countries],
      tags: ['nightly', 'finance'],
      access: 'public',
      group: 'finance',
      contract: { enforced: true, alias_types: true, checksum: 'c1' },
      configExtra: {
        materialized: 'table',
        meta: { owner: 'bob', pii: true },
        group: 'finance',
        contract: { enforced: true },
        schema: 'marts',
      },
    }),
    node({
      unique_id: ID.customers,
      resource_type: 'model',
      name: 'customers',
      fqn: ['shop', 'marts', 'customers'],
      original_file_path: 'models/marts/customers.sql',
      deps: [ID.stgCustomers],
      tags: ['finance'],
      access: 'private',
      configExtra: { materialized: 'incremental', unique_key: 'id', schema: 'marts' },
    }),
    node({
      unique_id: ID.revenue,
      resource_type: 'model',
      name: 'revenue',
      fqn: ['shop', 'marts', 'finance', 'revenue'],
      original_file_path: 'models/marts/finance/revenue.sql',
      deps: [ID.orders, ID.payments],
      configExtra: { materialized: 'table' },
    }),
    node({
      unique_id: ID.dimV1,
      resource_type: 'model',
      name: 'dim_customers',
      fqn: ['shop', 'marts', 'dim_customers', 'v1'],
      original_file_path: 'models/marts/dim_customers_v1.sql',
      deps: [ID.stgCustomers],
      version: 1,
      latest_version: 2,
    }),
    node({
      unique_id: ID.dimV2,
      resource_type: 'model',
      name: 'dim_customers',
      fqn: ['shop', 'marts', 'dim_customers', 'v2'],
      original_file_path: 'models/marts/dim_customers_v2.sql',
      deps: [ID.stgCustomers],
      version: 2,
      latest_version: 2,
    }),
    node({
      unique_id: ID.payments,
      resource_type: 'model',
      package_name: 'payments_pkg',
      name: 'stg_payments',
      fqn: ['payments_pkg', 'payments', 'stg_payments'],
      original_file_path: 'models/payments/stg_payments.sql',
    }),
    node({
      unique_id: ID.snapshot,
      resource_type: 'snapshot',
      name: 'orders_snapshot',
      fqn: ['shop', 'orders_snapshot', 'orders_snapshot'],
      original_file_path: 'snapshots/orders_snapshot.sql',
      deps: [ID.stgOrders],
      configExtra: { materialized: 'snapshot' },
    }),
    genericTest(ID.notNull, 'not_null_stg_orders_id', 'not_null', [ID.stgOrders], 'models/staging/schema.yml'),
    genericTest(ID.unique, 'unique_stg_customers_id', 'unique', [ID.stgCustomers], 'models/staging/schema.yml'),
    genericTest(
      ID.relationships,
      'relationships_orders_customer_id__id__ref_stg_customers_',
      'relationships',
      [ID.stgCustomers, ID.orders],
      'models/marts/schema.yml',
    ),
    node({
      unique_id: ID.singular,
      resource_type: 'test',
      name: 'assert_positive_revenue',
      fqn: ['shop', 'assert_positive_revenue'],
      original_file_path: 'tests/assert_positive_revenue.sql',
      deps: [ID.orders],
      configExtra: { materialized: 'test', severity: 'warn' },
    }),
  ];
  const unitTest = node({
    unique_id: ID.unitTest,
    resource_type: 'unit_test',
    name: 'test_orders_zero_items',
    fqn: ['shop', 'marts', 'orders', 'test_orders_zero_items'],
    original_file_path: 'models/marts/schema.yml',
    deps: [ID.orders],
    unit_test: { model: 'orders', given: [], expect: { rows: [], format: 'dict' } },
    configExtra: { materialized: 'unit' },
  });
  const sources = [source('raw', 'orders'), source('raw', 'customers'), source('events', 'clicks', 'models/events.yml')];
  const exposure: ExposureDefinition = {
    unique_id: ID.exposure,
    resource_type: 'exposure',
    package_name: 'shop',
    name: 'weekly_dashboard',
    type: 'dashboard',
    owner: { name: 'finance' },
    description: '',
    meta: {},
    tags: ['bi'],
    config: { enabled: true },
    depends_on: { macros: [], nodes: [ID.orders, ID.revenue] },
    refs: [],
    sources: [],
    path: 'exposures.yml',
    original_file_path: 'models/exposures.yml',
    fqn: ['shop', 'weekly_dashboard'],
  };
  const metric: GenericResource = {
    unique_id: ID.metric,
    resource_type: 'metric',
    package_name: 'shop',
    name: 'total_revenue',
    original_file_path: 'models/metrics.yml',
    fqn: ['shop', 'total_revenue'],
    depends_on: { macros: [], nodes: [ID.revenue] },
    tags: [],
  };
  const macro = (name: string, sql: string, deps: string[] = []): MacroDefinition => ({
    unique_id: `macro.shop.${name}`,
    resource_type: 'macro',
    package_name: 'shop',
    name,
    path: `macros/${name}.sql`,
    original_file_path: `macros/${name}.sql`,
    abs_path: `/project/macros/${name}.sql`,
    macro_sql: sql,
    line: 1,
    description: '',
    arguments: [],
    meta: {},
    depends_on: { macros: deps },
    kind: 'macro',
  });

  const manifest: Manifest = {
    nodes: Object.fromEntries(nodes.map((n) => [n.unique_id, n])),
    sources: Object.fromEntries(sources.map((s) => [s.unique_id, s])),
    macros: Object.fromEntries(
      [
        macro('cents_to_dollars', '{{ round_it(x) }} / 100', ['macro.shop.round_it']),
        macro('round_it', 'round({{ x }}, 2)'),
      ].map((m) => [m.unique_id, m]),
    ),
    docs: {},
    exposures: { [exposure.unique_id]: exposure },
    semantic_models: {},
    metrics: { [metric.unique_id]: metric },
    saved_queries: {},
    groups: {},
    unit_tests: { [unitTest.unique_id]: unitTest },
    parent_map: {},
    child_map: {},
    disabled: {},
  };
  fillMaps(manifest);
  return manifest;
}

/** parent_map/child_map from depends_on, as the graph stage writes them. */
export function fillMaps(manifest: Manifest): void {
  const all = [
    ...Object.values(manifest.nodes),
    ...Object.values(manifest.sources),
    ...Object.values(manifest.exposures),
    ...Object.values(manifest.metrics),
    ...Object.values(manifest.unit_tests),
  ] as { unique_id: string; depends_on?: { nodes: string[] } }[];
  manifest.parent_map = {};
  manifest.child_map = {};
  for (const m of all) {
    manifest.parent_map[m.unique_id] = [...(m.depends_on?.nodes ?? [])];
    manifest.child_map[m.unique_id] ??= [];
  }
  for (const m of all) for (const p of m.depends_on?.nodes ?? []) (manifest.child_map[p] ??= []).push(m.unique_id);
}

/** Sorted short names of a selection, for readable expectations. */
export function short(ids: Iterable<string>): string[] {
  return [...ids].map((id) => SHORT[id] ?? id).sort();
}

import { selectNodesWithWarnings, type SelectionInput } from '../../../../src/graph/selection/index.js';

/** Run a selection over the fixture (or `manifest`) and return sorted short names. */
export function pick(
  select: string | string[] | undefined,
  options: Partial<SelectionInput> & { types?: string[] } = {},
): string[] {
  const { types, ...rest } = options;
  const result = selectNodesWithWarnings({
    manifest: rest.manifest ?? makeManifest(),
    select: select === undefined ? undefined : Array.isArray(select) ? select : [select],
    rootPackage: 'shop',
    resourceTypes: types,
    ...rest,
  });
  return short(result.selected);
}
