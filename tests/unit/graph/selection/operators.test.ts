import { describe, expect, it } from 'vitest';
import { forgetGraphIndex, selectNodes, selectNodesWithWarnings } from '../../../../src/graph/selection/index.js';
import { fillMaps, ID, makeManifest, node, pick, short } from './fixture.js';

const MODELS = ['model'];

describe('graph operators', () => {
  it('+model selects all ancestors and the tests attached to them', () => {
    expect(pick('+orders')).toEqual([
      'countries',
      'int',
      'notNull',
      'orders',
      'rawCustomers',
      'rawOrders',
      'relationships',
      'singular',
      'stgCustomers',
      'stgOrders',
      'unique',
      'unitTest',
    ]);
  });

  it('n+model limits the ancestor depth', () => {
    expect(pick('1+orders', { types: ['model', 'seed', 'source'] })).toEqual(['countries', 'int', 'orders']);
    expect(pick('2+orders', { types: ['model', 'seed', 'source'] })).toEqual(['countries', 'int', 'orders', 'stgCustomers', 'stgOrders']);
  });

  it('model+ selects descendants, model+n limits the depth', () => {
    expect(pick('orders+', { types: ['model', 'exposure', 'metric'] })).toEqual(['exposure', 'metric', 'orders', 'revenue']);
    expect(pick('stg_orders+1')).toEqual(['int', 'notNull', 'snapshot', 'stgOrders']);
    expect(pick('stg_orders+2', { types: MODELS })).toEqual(['int', 'orders', 'stgOrders']);
  });

  it('+model+ selects both directions', () => {
    expect(pick('+int_orders_joined+', { types: ['model', 'source'] })).toEqual([
      'int',
      'orders',
      'rawCustomers',
      'rawOrders',
      'revenue',
      'stgCustomers',
      'stgOrders',
    ]);
  });

  it('@model selects descendants and all ancestors of those descendants', () => {
    const types = ['model', 'seed', 'source', 'exposure', 'metric', 'snapshot'];
    expect(pick('stg_payments+', { types })).toEqual(['exposure', 'metric', 'payments', 'revenue']);
    expect(pick('@stg_payments', { types })).toEqual([
      'countries',
      'exposure',
      'int',
      'metric',
      'orders',
      'payments',
      'rawCustomers',
      'rawOrders',
      'revenue',
      'stgCustomers',
      'stgOrders',
    ]);
  });

  it('works when only depends_on describes the edges', () => {
    const manifest = makeManifest();
    manifest.parent_map = {};
    manifest.child_map = {};
    expect(pick('+orders', { manifest, types: ['model', 'seed'] })).toEqual(['countries', 'int', 'orders', 'stgCustomers', 'stgOrders']);
  });

  it('works when only child_map describes the edges', () => {
    const manifest = makeManifest();
    for (const n of Object.values(manifest.nodes)) n.depends_on.nodes = [];
    manifest.parent_map = {};
    expect(pick('orders+', { manifest, types: MODELS })).toEqual(['orders', 'revenue']);
  });
});

describe('set operators', () => {
  it('space and separate arguments are a union', () => {
    expect(pick(['stg_orders stg_customers', 'customers'], { types: MODELS })).toEqual(['customers', 'stgCustomers', 'stgOrders']);
  });

  it('comma is an intersection', () => {
    expect(pick('tag:nightly,config.materialized:view', { types: MODELS })).toEqual(['stgOrders']);
    expect(pick('+orders,+customers', { types: MODELS })).toEqual(['stgCustomers']);
  });

  it('intersects including eagerly attached tests, like dbt', () => {
    expect(pick('tag:nightly,config.materialized:view')).toEqual(['notNull', 'relationships', 'stgOrders']);
  });

  it('--exclude removes nodes and their tests', () => {
    expect(pick('+orders', { exclude: ['stg_customers'] })).toEqual([
      'countries',
      'int',
      'notNull',
      'orders',
      'rawCustomers',
      'rawOrders',
      'singular',
      'stgOrders',
      'unitTest',
    ]);
  });

  it('--exclude takes several arguments and graph operators', () => {
    expect(pick('+orders', { exclude: ['tag:staging', 'resource_type:source'], types: ['model', 'seed', 'source'] })).toEqual([
      'countries',
      'int',
      'orders',
    ]);
    expect(pick('path:models', { exclude: ['int_orders_joined+'], types: MODELS })).toEqual([
      'customers',
      'dimV1',
      'dimV2',
      'payments',
      'stgCustomers',
      'stgOrders',
    ]);
  });

  it('--exclude alone starts from everything', () => {
    const all = pick(undefined);
    const rest = pick(undefined, { exclude: ['package:payments_pkg'] });
    expect(all).toContain('payments');
    expect(rest).not.toContain('payments');
    expect(rest.length).toBe(all.length - 1);
  });
});

describe('defaults and filters', () => {
  it('selects every enabled member when nothing is selected', () => {
    expect(pick(undefined)).toEqual(Object.keys(ID).sort());
    expect(pick([])).toEqual(Object.keys(ID).sort());
    expect(pick([''])).toEqual(Object.keys(ID).sort());
  });

  it('uses defaultSelect when select is empty', () => {
    expect(pick(undefined, { defaultSelect: ['tag:finance'], types: MODELS })).toEqual(['customers', 'orders']);
    expect(pick(['stg_orders'], { defaultSelect: ['tag:finance'], types: MODELS })).toEqual(['stgOrders']);
  });

  it('restricts the output to resourceTypes', () => {
    expect(pick(undefined, { types: ['seed', 'snapshot'] })).toEqual(['countries', 'snapshot']);
    expect(pick(undefined, { types: ['test', 'unit_test'] })).toEqual(['notNull', 'relationships', 'singular', 'unique', 'unitTest']);
  });

  it('re-indexes a manifest whose collections were replaced, or after forgetGraphIndex', () => {
    const manifest = makeManifest();
    expect(pick('orders+', { manifest, types: MODELS })).toEqual(['orders', 'revenue']);
    const { [ID.revenue]: _revenue, ...rest } = manifest.nodes;
    manifest.nodes = rest;
    fillMaps(manifest);
    expect(pick('orders+', { manifest, types: MODELS })).toEqual(['orders']);
    manifest.nodes[ID.customers]!.depends_on.nodes.push(ID.orders);
    manifest.parent_map[ID.customers]!.push(ID.orders);
    forgetGraphIndex(manifest);
    expect(pick('orders+', { manifest, types: MODELS })).toEqual(['customers', 'orders']);
  });

  it('selectNodes returns unique_ids', () => {
    const ids = selectNodes({ manifest: makeManifest(), select: ['stg_orders'], rootPackage: 'shop' });
    expect([...ids].sort()).toEqual([ID.notNull, ID.stgOrders].sort());
  });
});

describe('indirect selection', () => {
  it('eager: a test joins when any parent is selected', () => {
    expect(pick('orders', { indirectSelection: 'eager' })).toEqual(['orders', 'relationships', 'singular', 'unitTest']);
    expect(pick('stg_customers')).toEqual(['relationships', 'stgCustomers', 'unique']);
  });

  it('cautious: only tests whose parents are all selected', () => {
    expect(pick('orders', { indirectSelection: 'cautious' })).toEqual(['orders', 'singular', 'unitTest']);
  });

  it('cautious: parents selected by different criteria of a union count', () => {
    expect(pick('orders stg_customers', { indirectSelection: 'cautious' })).toEqual([
      'orders',
      'relationships',
      'singular',
      'stgCustomers',
      'unique',
      'unitTest',
    ]);
  });

  it('buildable: tests whose other parents are ancestors of the selection', () => {
    expect(pick('orders', { indirectSelection: 'buildable' })).toEqual(['orders', 'relationships', 'singular', 'unitTest']);
    expect(pick('stg_customers', { indirectSelection: 'buildable' })).toEqual(['stgCustomers', 'unique']);
  });

  it('buildable: a test whose other parent is any source joins', () => {
    const manifest = makeManifest();
    const test = node({
      unique_id: 'test.shop.relationships_stg_customers_clicks',
      resource_type: 'test',
      name: 'relationships_stg_customers_clicks',
      fqn: ['shop', 'staging', 'relationships_stg_customers_clicks'],
      original_file_path: 'models/staging/schema.yml',
      deps: [ID.stgCustomers, ID.clicks],
      test_metadata: { name: 'relationships', kwargs: {} },
    });
    manifest.nodes[test.unique_id] = test;
    fillMaps(manifest);
    expect(pick('stg_customers', { manifest, indirectSelection: 'buildable', types: ['test'] })).toEqual([
      'test.shop.relationships_stg_customers_clicks',
      'unique',
    ]);
    expect(pick('stg_customers', { manifest, indirectSelection: 'cautious', types: ['test'] })).toEqual(['unique']);
  });

  it('--exclude is always eager: excluding a model excludes every test on it', () => {
    expect(pick('orders stg_customers', { indirectSelection: 'cautious', exclude: ['stg_customers'] })).toEqual([
      'orders',
      'singular',
      'unitTest',
    ]);
  });

  it('empty: no tests join', () => {
    expect(pick('orders', { indirectSelection: 'empty' })).toEqual(['orders']);
    expect(pick('test_type:singular', { indirectSelection: 'empty' })).toEqual(['singular']);
  });
});

describe('warnings', () => {
  const run = (select: string[], exclude?: string[]) =>
    selectNodesWithWarnings({ manifest: makeManifest(), select, exclude, rootPackage: 'shop' });

  it('warns for a criterion that matches nothing and keeps the rest', () => {
    const result = run(['nonexistent tag:nightly']);
    expect(result.warnings).toEqual(["The selection criterion 'nonexistent' does not match any enabled nodes"]);
    expect(short(result.selected)).toContain('orders');
  });

  it('warns for an empty intersection as a whole', () => {
    expect(run(['tag:nightly,tag:events']).warnings).toEqual([
      "The selection criterion 'tag:nightly,tag:events' does not match any enabled nodes",
    ]);
  });

  it('warns for an exclude criterion that matches nothing', () => {
    expect(run(['orders'], ['ghost']).warnings).toEqual(["The selection criterion 'ghost' does not match any enabled nodes"]);
  });

  it('does not warn when everything matches', () => {
    expect(run(['orders', 'source:raw'], ['tag:staging']).warnings).toEqual([]);
  });
});
