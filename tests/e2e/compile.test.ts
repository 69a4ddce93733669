import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, projectWith, repoRoot } from './cli.js';

describe('kiln parse / compile / ls on a dbt project', () => {
  const dir = fixtureCopy('compile_basic');

  it('parse writes a dbt-shaped manifest', () => {
    const result = kiln(['parse'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.nodes).sort()).toEqual([
      'model.shop.orders',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'seed.shop.raw_orders',
      expect.stringMatching(/^test\.shop\.accepted_values_orders_status__completed__returned\.[0-9a-f]{10}$/),
      expect.stringMatching(/^test\.shop\.not_null_orders_order_id\./),
      expect.stringMatching(/^test\.shop\.unique_orders_order_id\./),
    ]);
    const orders = manifest.nodes['model.shop.orders'];
    expect(orders.config.materialized).toBe('table');
    expect(orders.schema).toBe('marts'); // project +schema rendered, then the project's generate_schema_name
    expect(orders.description).toBe('One row per order.'); // doc() rendered at parse time
    expect(orders.depends_on.nodes.sort()).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(manifest.child_map['seed.shop.raw_orders']).toEqual(['model.shop.stg_orders']);
    expect(manifest.sources['source.shop.raw.customers'].freshness.warn_after).toEqual({ count: 12, period: 'hour' });
    expect(manifest.metadata.project_name).toBe('shop');
  });

  it('compile renders macros from packages, vars scoped to the package, and inlines ephemerals', () => {
    const result = kiln(['compile', '-s', 'orders'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'shop', 'models', 'marts', 'orders.sql'), 'utf8');
    expect(sql).toContain('with __dbt__cte__stg_customers as (');
    expect(sql).toContain('round(o.amount::decimal(18, 2), 2) as amount');
    expect(sql).toContain("'EUR' as currency");
    expect(sql).toContain("o.status = 'returned' as is_returned");
    expect(sql).toContain('from "main"."stg_orders" o');
  });

  it('compile --inline prints one query', () => {
    const result = kiln(['compile', '--inline', "select * from {{ ref('stg_orders') }} where amount > {{ var('min_amount') }}"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('select * from "main"."stg_orders" where amount > 10');
  });

  it('ls lists the selection in each output format', () => {
    expect(kiln(['ls', '-s', 'tag:staging', '--output', 'name'], dir).stdout.trim().split('\n')).toEqual(['stg_customers', 'stg_orders']);
    expect(kiln(['ls', '-s', '+orders', '--resource-type', 'model', 'seed', '--output', 'path'], dir).stdout.trim().split('\n').sort()).toEqual([
      'models/marts/orders.sql',
      'models/staging/stg_customers.sql',
      'models/staging/stg_orders.sql',
      'seeds/raw_orders.csv',
    ]);
    const json = kiln(['ls', '-s', 'orders', '--resource-type', 'model', '--output', 'json'], dir).stdout.trim();
    expect(JSON.parse(json)).toMatchObject({ name: 'orders', resource_type: 'model', config: { materialized: 'table', tags: ['finance'] } });
  });

  it('re-parse with no change reads every file from the cache', () => {
    kiln(['parse'], dir);
    const result = kiln(['parse'], dir);
    expect(result.stdout).toMatch(/0 rendered, \d+ from cache/);
  });

  it('a changed file is parsed again, however recent the cache', () => {
    kiln(['parse'], dir);
    const model = join(dir, 'models', 'staging', 'stg_orders.sql');
    writeFileSync(model, `${readFileSync(model, 'utf8')}-- touched\nunion all select * from {{ ref('raw_orders') }} where false\n`);
    writeFileSync(join(dir, 'models', 'staging', 'stg_extra.sql'), "select * from {{ ref('stg_orders') }}\n");
    const result = kiln(['ls', '-s', 'stg_orders+', '--resource-type', 'model', '--output', 'name'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['orders', 'stg_extra', 'stg_orders']);
  });
});

// Building the repo's project (the AI package) is tests/e2e/ai-package.test.ts.
describe('kiln on the repo root and on a new project', () => {
  it('warns with the closest model name when property YAML describes a model no file defines', () => {
    const dir = projectWith({
      'project.yml': 'name: typo\n',
      'models/customer_orders.sql': 'select 1 as id\n',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: customer_orders\n  - name: customer_order\n    description: a typo\n',
    });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("models/schema.yml:4: model 'customer_order' is described but no model file defines it (did you mean 'customer_orders'?)");
  });

  it('compiles the built-in project', () => {
    const result = kiln(['compile', '--project-dir', repoRoot, '--no-partial-parse'], repoRoot);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('init scaffolds a project that parses, compiles and builds', () => {
    const parent = projectWith({});
    expect(kiln(['init', 'demo'], parent).code).toBe(0);
    const dir = join(parent, 'demo');
    expect(existsSync(join(dir, 'project.yml'))).toBe(true);
    const result = kiln(['compile'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(kiln(['ls', '--resource-type', 'model', '--output', 'name'], dir).stdout.trim().split('\n')).toEqual(['customers', 'stg_customers', 'stg_orders']);
    const build = kiln(['build'], dir);
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Done\. PASS=8 WARN=0 ERROR=0 SKIP=0 TOTAL=8/);
  });
});

describe('YAML-defined snapshots', () => {
  it('a snapshots: entry with relation: becomes a snapshot node that selects from it', () => {
    const dir = projectWith({
      'project.yml': 'name: p\nversion: "1"\n',
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}]\n',
      'snapshots/snaps.yml':
        "version: 2\nsnapshots:\n  - name: orders_snapshot\n    relation: source('raw', 'orders')\n    config:\n      unique_key: id\n      strategy: timestamp\n      updated_at: updated_at\n",
    });
    const listed = kiln(['ls', '--resource-type', 'snapshot', '--output', 'json'], dir);
    expect(listed.stderr).toBe('');
    const node = JSON.parse(listed.stdout.trim());
    expect(node).toMatchObject({ name: 'orders_snapshot', original_file_path: 'snapshots/snaps.yml', config: { unique_key: 'id', strategy: 'timestamp' }, depends_on: { nodes: ['source.p.raw.orders'] } });
    const compiled = kiln(['compile', '-s', 'orders_snapshot'], dir);
    expect(compiled.code).toBe(0);
    expect(readFileSync(join(dir, 'target', 'compiled', 'p', 'snapshots', 'snaps.yml', 'orders_snapshot.sql'), 'utf8').trim()).toBe('select * from "raw"."orders"');
  });
});

describe('seeds at parse time', () => {
  it('a seed over 1 MiB is checksummed by path, a small one by content (as dbt does)', () => {
    const big = 'id,text\n' + Array.from({ length: 40_000 }, (_, i) => `${i},${'x'.repeat(24)}`).join('\n') + '\n';
    const dir = projectWith({ 'project.yml': 'name: p\nversion: "1"\n', 'seeds/big.csv': big, 'seeds/small.csv': 'id\n1\n' });
    expect(kiln(['parse'], dir).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['seed.p.big'].checksum).toEqual({ name: 'path', checksum: 'seeds/big.csv' });
    expect(manifest.nodes['seed.p.small'].checksum.name).toBe('sha256');
  });
});

describe('warnings', () => {
  it('config paths that match no folder', () => {
    const dir = projectWith({
      'project.yml': 'name: p\nversion: "1"\nmodels:\n  p:\n    staging:\n      +materialized: table\n    martz:\n      +materialized: table\n',
      'models/staging/a.sql': 'select 1 as id\n',
    });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('project.yml: 1 configuration path(s) apply to no resource');
    expect(result.stderr).toContain('  - models.p.martz');
    expect(result.stderr).not.toContain('models.p.staging');
  });
});

describe('bad input: a clear error naming the file, exit code 2', () => {
  const base = { 'project.yml': 'name: p\nversion: "1"\n', 'models/a.sql': 'select 1 as id\n' };

  it('broken YAML', () => {
    const dir = projectWith({ ...base, 'models/schema.yml': 'version: 2\nmodels:\n  - name: a\n    columns: [\n' });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/models\/schema\.yml:\d+/);
  });

  it('an unknown config key, with a suggestion', () => {
    const dir = projectWith({ ...base, 'models/schema.yml': 'version: 2\nmodels:\n  - name: a\n    config:\n      unqiue_key: id\n' });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("models/schema.yml:5:7: unknown key 'unqiue_key'");
    expect(result.stderr).toContain("did you mean 'unique_key'?");
  });

  it('an unknown key in config() inside SQL', () => {
    const dir = projectWith({ ...base, 'models/b.sql': "{{ config(materialzed='table') }}\nselect 1" });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/b.sql');
    expect(result.stderr).toContain("did you mean 'materialized'?");
  });

  it('a Jinja syntax error', () => {
    const dir = projectWith({ ...base, 'models/b.sql': 'select 1\n{% if true %}\nselect 2\n' });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/b.sql');
    expect(result.stderr).not.toContain('    at ');
  });

  it('a missing ref, with the closest name', () => {
    const dir = projectWith({ ...base, 'models/b.sql': "-- the line is reported\nselect * from {{ ref('aa') }}" });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("models/b.sql:2: ref('aa') names no model, seed or snapshot");
    expect(result.stderr).toContain("did you mean ref('a')?");
  });

  it('a cycle, with its path', () => {
    const dir = projectWith({ ...base, 'models/b.sql': "select * from {{ ref('c') }}", 'models/c.sql': "select * from {{ ref('b') }}" });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dependency cycle: model.p.b -> model.p.c -> model.p.b');
  });

  it('two models with one name', () => {
    const dir = projectWith({ ...base, 'models/sub/a.sql': 'select 2' });
    const result = kiln(['parse'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("two models are named 'a'");
    expect(result.stderr).toMatch(/models\/(sub\/)?a\.sql/);
  });

  it('no project at all', () => {
    const result = kiln(['parse'], projectWith({ 'README.md': 'hi' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no project.yml or dbt_project.yml');
  });
});

describe('a macro that masks a context member', () => {
  it("a project's own ref() wraps builtins.ref, in every model, and the graph still follows it", () => {
    const dir = projectWith({
      'project.yml': 'name: shop\nversion: "1"\n',
      'models/orders.sql': 'select 1 as id',
      'models/customers.sql': "select * from {{ ref('orders') }}",
      'macros/ref.sql': "{% macro ref(model_name) %}{{ return(builtins.ref(model_name).include(database=false, schema=false)) }}{% endmacro %}",
      'dbt_packages/helpers/dbt_project.yml': 'name: helpers\nversion: "1"\n',
      // A package's own ref() applies to the package's models only.
      'dbt_packages/helpers/macros/ref.sql': "{% macro ref(model_name) %}{{ return(builtins.ref('orders')) }}{% endmacro %}",
    });
    expect(kiln(['compile'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'target', 'compiled', 'shop', 'models', 'customers.sql'), 'utf8')).toBe('select * from "orders"');
    const build = kiln(['build'], dir);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { depends_on: { nodes: string[] } }> };
    expect(manifest.nodes['model.shop.customers']!.depends_on.nodes).toEqual(['model.shop.orders']);
  });
});
