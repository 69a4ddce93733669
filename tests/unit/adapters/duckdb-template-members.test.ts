/**
 * dbt-duckdb's `adapter.*` members and external-file macros as templates call them, rendered by a
 * kiln session on a project whose DuckDB target sets external_root.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbSession, type DuckDbSession } from '../jinja/duckdbSession.js';

let db: DuckDbSession;

beforeAll(async () => {
  db = await openDuckDbSession({
    'project.yml': 'name: members\nversion: "1.0"\nprofile: members\n',
    'profiles.yml': 'members:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/kiln.duckdb\n      external_root: exports\n',
    'models/m.sql': 'select 1 as id',
  });
});

afterAll(async () => {
  await db?.close();
});

describe('dbt-duckdb adapter members', () => {
  it('external_root comes from the target (within the project); external_location puts the model there, a folder when partitioned', () => {
    const root = join(db.session.project.root, 'exports');
    expect(db.render("{{ adapter.external_root() }}")).toBe(root);
    expect(db.render("{{ external_location(api.Relation.create(schema='main', identifier='orders'), {}) }}")).toBe(`${root}/orders.parquet`);
    expect(db.render("{{ external_location(api.Relation.create(schema='main', identifier='orders'), {'format': 'csv'}) }}")).toBe(`${root}/orders.csv`);
    expect(db.render("{{ external_location(api.Relation.create(schema='main', identifier='orders'), {'options': {'partition_by': 'day'}}) }}")).toBe(`${root}/orders`);
  });

  it('external_write_options fills the dict in place for external_read_location, positionally or by keyword', () => {
    expect(db.render("{% set o = {'partition_by': 'a,b', 'delimiter': ';'} %}{{ adapter.external_write_options('out/x', o) }} | {{ adapter.external_read_location(write_location='out/x', rendered_options=o) }}")).toBe(
      "partition_by (a,b), delimiter ';', format csv, header 1 | out/x/*/*/*.csv",
    );
  });

  it('get_temp_relation_path keeps one name per model in a run; batch_id_for_model reads a batch start', () => {
    const rendered = db.render(
      "{% set r = api.Relation.create(database='kiln', schema='main', identifier='orders') %}{% set a = adapter.get_temp_relation_path(r) %}{% set b = adapter.get_temp_relation_path(r, '20240101') %}" +
        "{{ a.schema }} {{ a.identifier == b.identifier[:a.identifier | length] }} {{ b.identifier.endswith('__20240101') }} {{ adapter.batch_id_for_model({'batch': {'event_time_start': '2024-01-02 03:04:05+00:00'}}) }}[{{ adapter.batch_id_for_model({}) }}]",
    );
    expect(rendered).toBe('dbt_temp True True 20240102_0304050000[]');
    expect(db.render("{{ adapter.get_seed_file_path({'root_path': '/p', 'original_file_path': 'seeds/a.csv'}) }}")).toBe('/p/seeds/a.csv');
  });

  it('store_relation says that plugins are not supported', () => {
    expect(() => db.render("{% do store_relation('glue', api.Relation.create(schema='main', identifier='m'), 'x.parquet', 'parquet', {}) %}")).toThrowError(/plugins .* are not supported/);
  });
});
