import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import type { Manifest } from '../../../../src/project/nodes.js';
import { fillMaps, ID, makeManifest, node, pick } from './fixture.js';

const MODELS = ['model'];

/** The fixture as it is now: several kinds of change against makeManifest() as the --state manifest. */
function modifiedManifest(): Manifest {
  const m = makeManifest();
  // body
  m.nodes[ID.int]!.checksum = { name: 'sha256', checksum: 'changed' };
  // config
  m.nodes[ID.customers]!.config.materialized = 'table';
  // relation (schema is a config too)
  m.nodes[ID.orders]!.config.schema = 'finance';
  // persisted description
  m.nodes[ID.revenue]!.description = 'Revenue by day';
  // contract
  m.nodes[ID.dimV2]!.contract = { enforced: true, alias_types: true, checksum: 'x' };
  // tags alone are not a modification (dbt excludes them from config comparison)
  m.nodes[ID.dimV1]!.tags = ['new_tag'];
  m.nodes[ID.dimV1]!.config.tags = ['new_tag'];
  // a macro two levels below stg_orders
  m.macros['macro.shop.round_it']!.macro_sql = 'round({{ x }}, 4)';
  // source freshness
  m.sources[ID.rawCustomers]!.freshness = { warn_after: { count: 1, period: 'day' } };
  // a new model
  const added = node({
    unique_id: 'model.shop.new_model',
    resource_type: 'model',
    name: 'new_model',
    fqn: ['shop', 'marts', 'new_model'],
    original_file_path: 'models/marts/new_model.sql',
    deps: [ID.orders],
  });
  m.nodes[added.unique_id] = added;
  fillMaps(m);
  return m;
}

function previousState(): Manifest {
  const s = makeManifest();
  s.nodes[ID.revenue]!.config.persist_docs = { relation: true };
  return s;
}

function stateRun(select: string, types: string[] | undefined = MODELS): string[] {
  const manifest = modifiedManifest();
  manifest.nodes[ID.revenue]!.config.persist_docs = { relation: true };
  return pick(select, { manifest, state: previousState(), types });
}

describe('state:', () => {
  it('state:modified finds every kind of change, and new nodes', () => {
    expect(stateRun('state:modified')).toEqual(['customers', 'dimV2', 'int', 'model.shop.new_model', 'orders', 'revenue', 'stgOrders']);
  });

  it('state:modified brings attached tests along (eager)', () => {
    expect(stateRun('state:modified', ['test', 'unit_test'])).toEqual(['notNull', 'relationships', 'singular', 'unitTest']);
  });

  it('state:modified finds changed sources', () => {
    expect(stateRun('state:modified', ['source'])).toEqual(['rawCustomers']);
  });

  it('the state:modified sub-selectors each see one kind of change', () => {
    expect(stateRun('state:modified.body')).toEqual(['int', 'model.shop.new_model']);
    expect(stateRun('state:modified.configs')).toEqual(['customers', 'model.shop.new_model', 'orders']);
    expect(stateRun('state:modified.relation')).toEqual(['model.shop.new_model', 'orders']);
    expect(stateRun('state:modified.persisted_descriptions')).toEqual(['model.shop.new_model', 'revenue']);
    expect(stateRun('state:modified.contract')).toEqual(['dimV2', 'model.shop.new_model']);
    expect(stateRun('state:modified.macros')).toEqual(['stgOrders']);
  });

  it('state:new, state:old and state:unmodified', () => {
    expect(stateRun('state:new')).toEqual(['model.shop.new_model']);
    expect(stateRun('state:old')).not.toContain('model.shop.new_model');
    expect(stateRun('state:old')).toHaveLength(9);
    expect(stateRun('state:unmodified')).toEqual(['dimV1', 'payments', 'stgCustomers']);
  });

  it('combines with graph operators', () => {
    expect(stateRun('state:modified.body+')).toEqual(['int', 'model.shop.new_model', 'orders', 'revenue']);
  });

  it('an identical state has nothing modified', () => {
    expect(pick('state:modified', { state: makeManifest() })).toEqual([]);
  });

  it('needs --state', () => {
    expect(() => pick('state:modified')).toThrow(KilnError);
    expect(() => pick('state:modified')).toThrow(/needs a manifest to compare against/);
  });

  it('rejects an unknown state selector with a suggestion', () => {
    try {
      pick('state:modifed', { state: makeManifest() });
    } catch (e) {
      expect((e as KilnError).message).toBe("Invalid state selector 'state:modifed'");
      expect((e as KilnError).hint).toMatch(/did you mean 'modified'\?/);
      return;
    }
    throw new Error('expected an error');
  });
});

describe('result:', () => {
  const previousResults = [
    { unique_id: ID.orders, status: 'error' },
    { unique_id: ID.stgOrders, status: 'success' },
    { unique_id: ID.singular, status: 'fail' },
    { unique_id: ID.notNull, status: 'pass' },
    { unique_id: ID.unique, status: 'warn' },
    { unique_id: ID.snapshot, status: 'skipped' },
  ];

  it('selects members by their status in the previous run', () => {
    expect(pick('result:error', { previousResults })).toEqual(['orders', 'relationships', 'singular', 'unitTest']);
    expect(pick('result:error', { previousResults, types: MODELS })).toEqual(['orders']);
    expect(pick('result:success', { previousResults, types: MODELS })).toEqual(['stgOrders']);
    expect(pick('result:fail', { previousResults })).toEqual(['singular']);
    expect(pick('result:pass', { previousResults })).toEqual(['notNull']);
    expect(pick('result:warn', { previousResults })).toEqual(['unique']);
    expect(pick('result:skipped', { previousResults })).toEqual(['snapshot']);
  });

  it('combines with operators, as in a retry of failures and their children', () => {
    expect(pick('result:error+ result:fail+', { previousResults, types: ['model', 'test', 'exposure'] })).toEqual([
      'exposure',
      'orders',
      'relationships',
      'revenue',
      'singular',
    ]);
  });

  it('needs previous results', () => {
    expect(() => pick('result:error')).toThrow(/needs the results of a previous run/);
  });
});
