import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, projectWith } from './cli.js';

interface LineageJson {
  root: { node: string; column: string | null };
  edges: { from: { node: string; column: string | null }; to: { node: string; column: string | null }; kind: string }[];
  warnings: string[];
}

const edge = (e: LineageJson['edges'][number]): string => `${e.from.node}.${e.from.column} -> ${e.to.node}.${e.to.column} (${e.kind})`;

describe('kiln lineage on jaffle_shop_duckdb', () => {
  let dir: string;
  beforeAll(() => {
    dir = fixtureCopy('jaffle_shop_duckdb');
  });

  it('traces customers.customer_lifetime_value back through stg_payments.amount to raw_payments.amount, before any build', () => {
    const result = kiln(['lineage', 'customers.customer_lifetime_value', '--upstream', '--format', 'json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LineageJson;
    expect(report.root).toEqual({ node: 'model.jaffle_shop.customers', column: 'customer_lifetime_value' });
    expect(report.edges.map(edge).sort()).toEqual([
      'model.jaffle_shop.stg_payments.amount -> model.jaffle_shop.customers.customer_lifetime_value (aggregated)',
      'seed.jaffle_shop.raw_payments.amount -> model.jaffle_shop.stg_payments.amount (derived)',
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('lists what is made from a column downstream, and the models that filter or join on it', () => {
    const report = JSON.parse(kiln(['lineage', 'stg_orders.order_id', '--downstream', '--format', 'json'], dir).stdout) as LineageJson;
    const edges = report.edges.map(edge);
    expect(edges).toContain('model.jaffle_shop.stg_orders.order_id -> model.jaffle_shop.orders.order_id (passthrough)');
    expect(edges).toContain('model.jaffle_shop.stg_orders.order_id -> model.jaffle_shop.customers.number_of_orders (aggregated)');
    expect(edges).toContain('model.jaffle_shop.stg_orders.order_id -> model.jaffle_shop.customers.null (join)');
    expect(edges).toContain('model.jaffle_shop.stg_orders.order_id -> model.jaffle_shop.orders.null (join)');
    // Every edge points from upstream to downstream, starting at the root.
    expect(report.edges.every((e) => e.from.node !== 'model.jaffle_shop.customers')).toBe(true);
  });

  it('respects --depth in node hops', () => {
    const report = JSON.parse(kiln(['lineage', 'customers.customer_lifetime_value', '--upstream', '--depth', '1', '--format', 'json'], dir).stdout) as LineageJson;
    expect(report.edges.map(edge)).toEqual(['model.jaffle_shop.stg_payments.amount -> model.jaffle_shop.customers.customer_lifetime_value (aggregated)']);
  });

  it('prints a readable tree, Mermaid and DOT', () => {
    const text = kiln(['lineage', 'customers.customer_lifetime_value', '--upstream'], dir).stdout;
    expect(text).toBe(['customers.customer_lifetime_value', '└─ ← stg_payments.amount  (aggregated)', '   └─ ← seed raw_payments.amount  (derived)', ''].join('\n'));
    const mermaid = kiln(['lineage', 'customers.customer_lifetime_value', '--upstream', '--format', 'mermaid'], dir).stdout;
    expect(mermaid).toMatch(/^flowchart LR\n/);
    expect(mermaid).toContain('["seed raw_payments.amount"]');
    expect(mermaid).toMatch(/n\d -->\|aggregated\| n0/);
    const dot = kiln(['lineage', 'customers.customer_lifetime_value', '--upstream', '--format', 'dot'], dir).stdout;
    expect(dot).toMatch(/^digraph lineage \{/);
    expect(dot).toMatch(/n\d+ -> n\d+ \[label="derived"\];/);
  });

  it('stores the lineage of every model in manifest.json', () => {
    kiln(['lineage', 'customers'], dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const customers = manifest.nodes['model.jaffle_shop.customers'].lineage;
    expect(customers.resolved).toBe(true);
    expect(customers.columns.map((c: { name: string }) => c.name)).toEqual(['customer_id', 'first_name', 'last_name', 'first_order', 'most_recent_order', 'number_of_orders', 'customer_lifetime_value']);
    expect(manifest.nodes['model.jaffle_shop.orders'].lineage.columns.map((c: { name: string }) => c.name)).toEqual([
      'order_id', 'customer_id', 'order_date', 'status', 'credit_card_amount', 'coupon_amount', 'bank_transfer_amount', 'gift_card_amount', 'amount',
    ]);
  });

  it('names a missing node or column with a suggestion, and exits non-zero', () => {
    const node = kiln(['lineage', 'customer.customer_id'], dir);
    expect(node.code).toBe(2);
    expect(node.stderr).toMatch(/'customer\.customer_id' names no model, seed, snapshot or source/);
    expect(node.stderr).toMatch(/did you mean 'customers'\?/);
    const column = kiln(['lineage', 'customers.customer_lifetime_valu'], dir);
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/has no column 'customer_lifetime_valu'/);
    expect(column.stderr).toMatch(/did you mean 'customer_lifetime_value'\?/);
    const format = kiln(['lineage', 'customers', '--format', 'svg'], dir);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of text, json, mermaid, dot/);
  });
});

describe('kiln lineage when SQL cannot be read', () => {
  it('degrades to model-level edges with a warning naming the model, and still succeeds', () => {
    const dir = projectWith({
      'project.yml': 'name: odd\n',
      'seeds/raw.csv': 'id,v\n1,a\n',
      // A PIVOT statement is valid DuckDB that lineage does not follow.
      'models/pivoted.sql': "pivot {{ ref('raw') }} on v using count(*)\n",
      'models/after.sql': "select * from {{ ref('pivoted') }}\n",
      'models/from_source.sql': "select id, name from {{ source('app', 'users') }}\n",
      'models/sources.yml': 'version: 2\nsources:\n  - name: app\n    tables:\n      - name: users\n',
    });
    const result = kiln(['lineage', 'after', '--upstream', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LineageJson;
    expect(report.edges.map(edge)).toEqual([
      'seed.odd.raw.null -> model.odd.pivoted.null (derived)',
      'model.odd.pivoted.null -> model.odd.after.null (derived)',
    ]);
    expect(report.warnings.join('\n')).toMatch(/models\/pivoted\.sql: SQL not readable for column lineage/);
    expect(report.warnings.join('\n')).toMatch(/models\/after\.sql: '\*' from model\.odd\.pivoted, whose columns are not known/);
    // A source's columns are taken as the SQL names them.
    const source = JSON.parse(kiln(['lineage', 'from_source.name', '--format', 'json'], dir).stdout) as LineageJson;
    expect(source.edges.map(edge)).toEqual(['source.odd.app.users.name -> model.odd.from_source.name (passthrough)']);
  });
});
