/**
 * The `adapter.*`, `api.Relation` / relation and `api.Column` / column members of
 * docs/dbt-builtins.md that had no direct test, rendered through kiln on a DuckDB session:
 * what they return, and where they touch the warehouse, what DuckDB's catalog says afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestNode } from '../../../src/project/nodes.js';
import { Relation } from '../../../src/jinja/relation.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: shop\nversion: "1"\n',
  'models/orders.sql': 'select 1 as id',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n        identifier: raw_events\n',
};

let db: DuckDbSession;
const warnings: string[] = [];
const rel = (identifier: string, type = 'table'): string => `api.Relation.create(database=target.database, schema='main', identifier='${identifier}', type='${type}')`;

beforeAll(async () => {
  db = await openDuckDbSession(files, { log: (message, level) => void (level === 'warn' && warnings.push(message)) });
  await db.run([
    "create or replace table main.wide as select 1::integer as id, 'x'::varchar as name, 2.5::double as score",
    'create or replace table main.narrow as select 1::integer as id',
  ]);
});

afterAll(async () => {
  await db?.close();
});

describe('adapter members', () => {
  it('already_exists and get_columns_in_table look the relation up in DuckDB', () => {
    expect(db.render("{{ adapter.already_exists('main', 'wide') }} {{ adapter.already_exists('main', 'nowhere') }}")).toBe('True False');
    expect(db.render("{% for c in adapter.get_columns_in_table('main', 'wide') %}{{ c.name }}:{{ c.dtype }};{% endfor %}")).toBe('id:INTEGER;name:VARCHAR;score:DOUBLE;');
  });

  it('get_missing_columns lists the columns of from that to lacks', () => {
    expect(db.render(`{{ adapter.get_missing_columns(${rel('wide')}, ${rel('narrow')}) | map(attribute='name') | join(',') }}|{{ adapter.get_missing_columns(${rel('narrow')}, ${rel('wide')}) | length }}`)).toBe('name,score|0');
  });

  it('expand_target_column_types leaves DuckDB columns as they are: its strings have no size to widen', async () => {
    await db.run(["create or replace table main.exp_from as select 'long text'::varchar as s, 1 as n", "create or replace table main.exp_to as select 'x'::varchar as s, 1 as n"]);
    expect(db.render(`[{{ adapter.expand_target_column_types(${rel('exp_from')}, ${rel('exp_to')}) }}]`)).toBe('[]');
    expect(await db.query("select column_name, data_type from information_schema.columns where table_name = 'exp_to' order by ordinal_position")).toEqual([
      { column_name: 's', data_type: 'VARCHAR' },
      { column_name: 'n', data_type: 'INTEGER' },
    ]);
  });

  it("quote_seed_column quotes unless quote_columns is false, and refuses what is not a boolean, as dbt's base adapter", () => {
    expect(db.render("{{ adapter.quote_seed_column('Name', none) }}|{{ adapter.quote_seed_column('Name', true) }}|{{ adapter.quote_seed_column('Name', false) }}")).toBe('"Name"|"Name"|Name');
    expect(() => db.render("{{ adapter.quote_seed_column('Name', 'yes') }}")).toThrow(`The seed configuration value of "quote_columns" has an invalid type <class 'str'>`);
  });

  it('standardize_grants_dict groups the grantees of a show-grants table by privilege', () => {
    const table = "run_query(\"select * from (values ('alice', 'select'), ('bob', 'select'), ('alice', 'insert')) t(grantee, privilege_type)\")";
    expect(db.render(`{{ adapter.standardize_grants_dict(${table}) }}`)).toBe("{'select': ['alice', 'bob'], 'insert': ['alice']}");
  });

  it('get_hard_deletes_behavior: hard_deletes, else invalidate for invalidate_hard_deletes, else ignore', () => {
    expect(db.render("{{ adapter.get_hard_deletes_behavior({'hard_deletes': 'new_record'}) }} {{ adapter.get_hard_deletes_behavior({'invalidate_hard_deletes': true}) }} {{ adapter.get_hard_deletes_behavior({}) }}")).toBe('new_record invalidate ignore');
  });

  it('get_pseudocolumns_for_relation is empty and disable_transactions false on DuckDB', () => {
    expect(db.render(`{{ adapter.get_pseudocolumns_for_relation(${rel('wide')}) }} {{ adapter.disable_transactions() }}`)).toBe('[] False');
  });

  it('warn_once prints each message once', () => {
    warnings.length = 0;
    db.render("{% do adapter.warn_once('deprecated: x') %}{% do adapter.warn_once('deprecated: x') %}{% do adapter.warn_once('deprecated: y') %}");
    expect(warnings.filter((w) => w.includes('deprecated:'))).toEqual([expect.stringContaining('deprecated: x'), expect.stringContaining('deprecated: y')]);
  });

  it('parse_index reads columns and unique, names the index by an md5, and refuses a config without columns', async () => {
    expect(db.render("{% set i = adapter.parse_index({'columns': ['id', 'name'], 'unique': true}) %}{{ i.columns | join(',') }} {{ i.unique }} {{ adapter.parse_index(none) }}")).toBe('id,name True None');
    expect(db.render(`{{ adapter.parse_index({'columns': ['id']}).render(${rel('wide')}) }}`)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => db.render("{{ adapter.parse_index({'unique': true}) }}")).toThrow(/index config/i);
  });

  it('render_raw_columns_constraints and render_raw_model_constraints make DDL DuckDB enforces', async () => {
    const columns = db.render(
      "{{ adapter.render_raw_columns_constraints({'id': {'name': 'id', 'data_type': 'integer', 'constraints': [{'type': 'not_null'}, {'type': 'check', 'expression': 'id > 0'}]}, 'code': {'name': 'Code', 'data_type': 'varchar', 'quote': true}}) | join(', ') }}",
    );
    expect(columns).toBe('id integer not null check (id > 0), "Code" varchar');
    const model = db.render("{{ adapter.render_raw_model_constraints([{'type': 'unique', 'columns': ['id']}]) | join(', ') }}");
    expect(model).toBe('unique (id)');
    await db.run(`create or replace table main.constrained (${columns}, ${model})`);
    await db.run("insert into main.constrained values (1, 'a')");
    await expect(db.run("insert into main.constrained values (1, 'b')")).rejects.toThrow(/constraint/i);
    await expect(db.run("insert into main.constrained values (0, 'c')")).rejects.toThrow(/CHECK constraint/i);
    await expect(db.run("insert into main.constrained values (null, 'd')")).rejects.toThrow(/NOT NULL/i);
  });
});

describe('relations', () => {
  it('api.Relation.create_from is a node\'s relation: its alias, or a source\'s identifier', () => {
    const model = db.session.manifest.nodes['model.shop.orders']!;
    const source = Object.values(db.session.manifest.sources)[0]!;
    const render = (node: unknown, sql: string): string => db.session.parse.runtime.render(sql, { mode: 'execute', file: 'models/orders.sql', node: node as ManifestNode }).sql.trim();
    expect(render({ ...model, alias: 'orders_v2' }, '{{ api.Relation.create_from(config, model).identifier }}|{{ api.Relation.create_from(config, model).schema }}')).toBe(`orders_v2|${model.schema}`);
    expect(render(source, '{{ api.Relation.create_from(config, model).identifier }}')).toBe('raw_events');
  });

  it('api.Relation.scd_args is the unique key (or keys), then updated_at', () => {
    expect(db.render("{{ api.Relation.scd_args('id', 'updated_at') }}|{{ api.Relation.scd_args(['a', 'b'], 'ts') }}")).toBe("['id', 'updated_at']|['a', 'b', 'ts']");
  });

  it('is_cte is true only for a cte relation', () => {
    expect(db.render(`{{ ${rel('x', 'cte')}.is_cte }} {{ ${rel('x')}.is_cte }}`)).toBe('True False');
  });

  it('replace_path changes the parts named, and the result is a relation DuckDB finds', async () => {
    const moved = db.render(`{{ ${rel('orders')}.replace_path(identifier='wide') }}`);
    expect(moved).toBe(db.render(`{{ ${rel('wide')} }}`));
    expect(await db.query(`select count(*)::integer as n from ${moved}`)).toEqual([{ n: 1 }]);
    expect(db.render(`{{ ${rel('orders')}.replace_path(schema='other').schema }}`)).toBe('other');
  });

  it('render_event_time_filtered renders the plain relation when no microbatch filter applies', () => {
    expect(db.render(`{{ ${rel('wide')}.render_event_time_filtered() }}`)).toBe(db.render(`{{ ${rel('wide')} }}`));
  });

  it('render_event_time_filtered applies a batch window and drops the --empty limit, and DuckDB selects the window', async () => {
    await db.run("create or replace table main.events as select * from (values (1, timestamp '2024-01-01 05:00'), (2, timestamp '2024-01-02 05:00'), (3, timestamp '2024-01-03 05:00')) t(id, ts)");
    // A microbatch ref carries the filter; built directly here, as templates cannot make one.
    const batch = new Relation(db.adapter.dialect, { schema: 'main', identifier: 'events', type: 'table' }, { limit: 0, eventTimeFilter: { field_name: 'ts', start: '2024-01-02 00:00:00', end: '2024-01-03 00:00:00' } });
    const filtered = batch.render_event_time_filtered();
    expect(filtered).not.toMatch(/limit/);
    expect(await db.query(`select id from ${filtered}`)).toEqual([{ id: 2 }]);
    expect(await db.query(`select id from ${batch.render_limited()}`)).toEqual([]);
  });
});

describe('columns', () => {
  it('api.Column.create has name, column, dtype and quoted', () => {
    expect(db.render("{% set c = api.Column.create('Order Id', 'integer') %}{{ c.name }}|{{ c.column }}|{{ c.dtype }}|{{ c.quoted }}")).toBe('Order Id|Order Id|integer|"Order Id"');
  });

  // dbt-duckdb's columns keep DuckDB's type text (DECIMAL(10,2)) as dtype and match type names
  // exactly, so a sized decimal is not is_number there either.
  it('is_number, is_struct and expanded_data_type on the columns DuckDB describes, as dbt-duckdb reads them', async () => {
    await db.run("create or replace table main.typed as select 1::bigint as i, 1::hugeint as h, 1::utinyint as u, 1.5::decimal(10,2) as d, 1.5::double as f, 'x' as s, {'a': 1} as st");
    expect(db.render(`{% for c in adapter.get_columns_in_relation(${rel('typed')}) %}{{ c.name }}:{{ c.is_number() }}:{{ c.is_struct() }}:{{ c.expanded_data_type }};{% endfor %}`)).toBe(
      'i:True:False:BIGINT;h:True:False:HUGEINT;u:True:False:UTINYINT;d:False:False:DECIMAL(10,2);f:True:False:DOUBLE;s:False:False:character varying(256);st:False:True:STRUCT(a INTEGER);',
    );
  });
});

describe('adapter.quote', () => {
  it('quotes a name, and says what is wrong when a macro is given strings where it maps columns to their names', () => {
    expect(db.render("{{ adapter.quote('Order Id') }}")).toBe('"Order Id"');
    expect(() => db.render(`{{ get_insert_into_sql(${rel('wide')}, ${rel('narrow')}, ['id']) }}`)).toThrow('adapter.quote() was given no name to quote');
  });
});
