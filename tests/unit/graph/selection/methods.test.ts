import { describe, expect, it } from 'vitest';
import { ID, makeManifest, pick } from './fixture.js';

const MODELS = ['model'];

describe('fqn (bare names)', () => {
  it('selects a model by name with its attached tests', () => {
    expect(pick('orders')).toEqual(['orders', 'relationships', 'singular', 'unitTest']);
  });

  it('selects a folder by fqn prefix, with or without the package', () => {
    expect(pick('staging', { types: MODELS })).toEqual(['stgCustomers', 'stgOrders']);
    expect(pick('shop.marts.*', { types: MODELS })).toEqual(['customers', 'dimV1', 'dimV2', 'orders', 'revenue']);
    expect(pick('marts.finance', { types: MODELS })).toEqual(['revenue']);
    expect(pick('fqn:marts.finance.*', { types: MODELS })).toEqual(['revenue']);
  });

  it('selects a whole package by its name', () => {
    expect(pick('payments_pkg', { types: MODELS })).toEqual(['payments']);
  });

  it('applies wildcards from the first wildcard segment on, like dbt', () => {
    expect(pick('*.stg_*', { types: MODELS })).toEqual(['payments', 'stgCustomers', 'stgOrders']);
    // dbt matches a leading wildcard against the whole dotted fqn, so this matches nothing.
    expect(pick('stg_*', { types: MODELS })).toEqual([]);
  });

  it('selects versioned models by name, name.vN and name_vN', () => {
    expect(pick('dim_customers', { types: MODELS })).toEqual(['dimV1', 'dimV2']);
    expect(pick('dim_customers.v1', { types: MODELS })).toEqual(['dimV1']);
    expect(pick('dim_customers_v2', { types: MODELS })).toEqual(['dimV2']);
  });
});

describe('tag:', () => {
  it('matches tags with wildcards on models, sources and exposures', () => {
    expect(pick('tag:nightly', { types: MODELS })).toEqual(['orders', 'stgOrders']);
    expect(pick('tag:fin*', { types: MODELS })).toEqual(['customers', 'orders']);
    expect(pick('tag:bi')).toEqual(['exposure']);
    expect(pick('tag:events')).toEqual(['clicks']);
  });
});

describe('path: and file:', () => {
  it('selects everything under a folder, including YAML-defined sources and tests', () => {
    expect(pick('path:models/staging', { types: ['model', 'source'] })).toEqual([
      'rawCustomers',
      'rawOrders',
      'stgCustomers',
      'stgOrders',
    ]);
    expect(pick('path:models/staging')).toEqual([
      'notNull',
      'rawCustomers',
      'rawOrders',
      'relationships',
      'stgCustomers',
      'stgOrders',
      'unique',
    ]);
  });

  it('accepts a trailing slash, a single file, globs, and bare paths', () => {
    expect(pick('path:models/marts/', { types: MODELS })).toEqual(['customers', 'dimV1', 'dimV2', 'orders', 'revenue']);
    expect(pick('models/marts/orders.sql', { types: MODELS })).toEqual(['orders']);
    expect(pick('path:models/*/stg_*.sql', { types: MODELS })).toEqual(['payments', 'stgCustomers', 'stgOrders']);
    expect(pick('./models/intermediate', { types: MODELS })).toEqual(['int']);
  });

  it('matches a property file through patch_path', () => {
    expect(pick('path:models/staging/schema.yml', { types: ['model', 'test'] })).toEqual([
      'notNull',
      'relationships',
      'stgCustomers',
      'unique',
    ]);
  });

  it('file: matches the file name or its stem', () => {
    expect(pick('file:orders.sql', { types: MODELS })).toEqual(['orders']);
    expect(pick('file:orders', { types: MODELS })).toEqual(['orders']);
    expect(pick('orders.sql', { types: MODELS })).toEqual(['orders']);
    expect(pick('file:stg_*', { types: MODELS })).toEqual(['payments', 'stgCustomers', 'stgOrders']);
    expect(pick('raw_countries.csv')).toEqual(['countries']);
  });
});

describe('config.', () => {
  it('compares a config value', () => {
    expect(pick('config.materialized:view', { types: MODELS })).toEqual(['dimV1', 'dimV2', 'payments', 'stgCustomers', 'stgOrders']);
    expect(pick('config.materialized:table', { types: MODELS })).toEqual(['orders', 'revenue']);
    expect(pick('config.unique_key:id', { types: MODELS })).toEqual(['customers']);
  });

  it('descends into nested keys', () => {
    expect(pick('config.meta.owner:alice', { types: MODELS })).toEqual(['stgCustomers']);
    expect(pick('config.contract.enforced:true', { types: MODELS })).toEqual(['orders']);
  });

  it('matches booleans as true/false case-insensitively and lists by any element', () => {
    expect(pick('config.meta.pii:true', { types: MODELS })).toEqual(['orders']);
    expect(pick('config.meta.pii:TRUE', { types: MODELS })).toEqual(['orders']);
    expect(pick('config.meta.pii:false', { types: MODELS })).toEqual([]);
    expect(pick('config.tags:finance', { types: MODELS })).toEqual(['customers', 'orders']);
  });

  it('compares severity case-insensitively', () => {
    expect(pick('config.severity:warn')).toEqual(['singular']);
    expect(pick('config.severity:error')).toEqual(['notNull', 'relationships', 'unique']);
  });

  it('needs a key', () => {
    expect(() => pick('config:view')).toThrow(/config method needs a key/);
  });
});

describe('source:, exposure:, metric:', () => {
  it('selects sources by source, source.table, package.source.table and wildcards', () => {
    expect(pick('source:raw')).toEqual(['rawCustomers', 'rawOrders']);
    expect(pick('source:raw.orders')).toEqual(['rawOrders']);
    expect(pick('source:*')).toEqual(['clicks', 'rawCustomers', 'rawOrders']);
    expect(pick('source:shop.events.*')).toEqual(['clicks']);
    expect(pick('source:other_pkg.raw.*')).toEqual([]);
    expect(() => pick('source:a.b.c.d')).toThrow(/sources take the form/);
  });

  it('combines with graph operators', () => {
    expect(pick('source:raw.orders+', { types: ['model', 'snapshot', 'source'] })).toEqual([
      'int',
      'orders',
      'rawOrders',
      'revenue',
      'snapshot',
      'stgOrders',
    ]);
  });

  it('selects exposures and their parents', () => {
    expect(pick('exposure:weekly_dashboard')).toEqual(['exposure']);
    expect(pick('exposure:shop.weekly*')).toEqual(['exposure']);
    expect(pick('+exposure:weekly_dashboard', { types: ['model', 'seed'] })).toEqual([
      'countries',
      'int',
      'orders',
      'payments',
      'revenue',
      'stgCustomers',
      'stgOrders',
    ]);
  });

  it('selects metrics', () => {
    expect(pick('metric:total_revenue')).toEqual(['metric']);
    expect(pick('1+metric:total_revenue', { types: ['model', 'metric'] })).toEqual(['metric', 'revenue']);
  });
});

describe('semantic_model:, saved_query:', () => {
  it('selects them by name and package.name', () => {
    const manifest = makeManifest();
    const resource = (type: string, name: string) => ({
      unique_id: `${type}.shop.${name}`,
      resource_type: type,
      package_name: 'shop',
      name,
      original_file_path: 'models/semantic.yml',
      fqn: ['shop', name],
      depends_on: { macros: [], nodes: [ID.orders] },
    });
    manifest.semantic_models = { 'semantic_model.shop.orders_sm': resource('semantic_model', 'orders_sm') };
    manifest.saved_queries = { 'saved_query.shop.weekly_q': resource('saved_query', 'weekly_q') };
    expect(pick('semantic_model:orders_sm', { manifest })).toEqual(['semantic_model.shop.orders_sm']);
    expect(pick('semantic_model:shop.orders_*', { manifest })).toEqual(['semantic_model.shop.orders_sm']);
    expect(pick('saved_query:weekly_q', { manifest })).toEqual(['saved_query.shop.weekly_q']);
    expect(pick('orders+', { manifest, types: ['semantic_model', 'saved_query'] })).toEqual([
      'saved_query.shop.weekly_q',
      'semantic_model.shop.orders_sm',
    ]);
  });
});

describe('resource_type:, package:', () => {
  it('selects by resource type', () => {
    expect(pick('resource_type:seed')).toEqual(['countries']);
    expect(pick('resource_type:snapshot')).toEqual(['snapshot']);
    expect(pick('resource_type:source')).toEqual(['clicks', 'rawCustomers', 'rawOrders']);
    expect(pick('resource_type:unit_test')).toEqual(['unitTest']);
    expect(() => pick('resource_type:modle')).toThrow(/unknown resource type 'modle'/);
  });

  it('selects by package, with this = the root project', () => {
    expect(pick('package:payments_pkg')).toEqual(['payments']);
    expect(pick('package:pay*')).toEqual(['payments']);
    expect(pick('package:this', { types: MODELS })).toEqual([
      'customers',
      'dimV1',
      'dimV2',
      'int',
      'orders',
      'revenue',
      'stgCustomers',
      'stgOrders',
    ]);
  });
});

describe('test_type:, test_name:, unit_test:', () => {
  it('selects tests by type', () => {
    expect(pick('test_type:generic')).toEqual(['notNull', 'relationships', 'unique']);
    expect(pick('test_type:singular')).toEqual(['singular']);
    expect(pick('test_type:unit')).toEqual(['unitTest']);
    expect(pick('test_type:data')).toEqual(['notNull', 'relationships', 'singular', 'unique']);
    expect(() => pick('test_type:generc')).toThrow(/unknown test type/);
  });

  it('selects generic tests by test name and unit tests by name', () => {
    expect(pick('test_name:not_null')).toEqual(['notNull']);
    expect(pick('test_name:unique')).toEqual(['unique']);
    expect(pick('test_name:relation*')).toEqual(['relationships']);
    expect(pick('test_name:test_orders_*')).toEqual(['unitTest']);
  });

  it('selects unit tests by name, model.name and package.model.name', () => {
    expect(pick('unit_test:test_orders_zero_items')).toEqual(['unitTest']);
    expect(pick('unit_test:orders.*')).toEqual(['unitTest']);
    expect(pick('unit_test:shop.orders.test_orders_zero_items')).toEqual(['unitTest']);
    expect(pick('unit_test:customers.*')).toEqual([]);
    expect(pick('+unit_test:test_orders_zero_items', { types: MODELS })).toEqual(['int', 'orders', 'stgCustomers', 'stgOrders']);
  });
});

describe('version:, group:, access:', () => {
  it('selects model versions', () => {
    expect(pick('version:latest')).toEqual(['dimV2']);
    expect(pick('version:old')).toEqual(['dimV1']);
    expect(pick('version:prerelease')).toEqual([]);
    expect(pick('version:none', { types: MODELS })).toEqual([
      'customers',
      'int',
      'orders',
      'payments',
      'revenue',
      'stgCustomers',
      'stgOrders',
    ]);
    expect(() => pick('version:newest')).toThrow(/unknown version selector/);
  });

  it('selects by group and access', () => {
    expect(pick('group:finance', { types: MODELS })).toEqual(['orders']);
    expect(pick('access:public', { types: MODELS })).toEqual(['orders']);
    expect(pick('access:private', { types: MODELS })).toEqual(['customers']);
    expect(pick('access:protected', { types: MODELS })).toEqual([
      'dimV1',
      'dimV2',
      'int',
      'payments',
      'revenue',
      'stgCustomers',
      'stgOrders',
    ]);
  });
});

describe('unknown methods', () => {
  it('fails with a did-you-mean', () => {
    expect(() => pick('confg.materialized:view')).toThrow(/'confg' is not a valid node selection method/);
    try {
      pick('resource:model');
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(/resource_type/);
      return;
    }
    throw new Error('expected an error');
  });
});
