/** Materializations against a real DuckDB file, through openSession + runInvocation. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/compile/session.js';
import { runInvocation } from '../../../src/runner/invocation.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-mat-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'project.yml'), "name: mat\nversion: '1'\nmodel-paths: [models]\n");
  mkdirSync(join(dir, 'models'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function build(dir: string, flags: Partial<{ fullRefresh: boolean; empty: boolean; eventTimeStart: string; eventTimeEnd: string }> = {}) {
  const session = await openSession({ projectDir: dir, partialParse: false });
  const ids = Object.keys(session.manifest.nodes).filter((id) => session.manifest.nodes[id]!.config.materialized !== 'ephemeral');
  return runInvocation(session, ids, { threads: 2, flags: { fullRefresh: false, empty: false, ...flags } });
}

async function query(dir: string, sql: string) {
  const instance = await DuckDBInstance.create(join(dir, 'target/kiln.duckdb'));
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('materializations', () => {
  it('microbatch builds one batch per day from begin, filtering refs by event_time', async () => {
    const dir = project({
      'models/events.sql': "{{ config(materialized='table', event_time='ts') }}\nselect * from (values (1, timestamp '2024-01-01 10:00'), (2, timestamp '2024-01-02 11:00'), (3, timestamp '2024-01-03 12:00')) t(id, ts)",
      'models/daily.sql': "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='day', begin='2024-01-01') }}\nselect id, ts from {{ ref('events') }}",
    });
    const first = await build(dir, { eventTimeEnd: '2024-01-03' });
    expect(first.results.map((r) => r.status)).toEqual(['success', 'success']);
    expect(await query(dir, 'select id from daily order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    const daily = first.results.find((r) => r.unique_id.endsWith('daily'))!;
    expect(daily.message).toBe('built 2 batches into main.daily');
    await build(dir, { eventTimeStart: '2024-01-02', eventTimeEnd: '2024-01-04' });
    expect(await query(dir, 'select id from daily order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('enforces contracts: names and types checked, constraints created', async () => {
    const dir = project({
      'models/good.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'a' as name",
      'models/bad.sql': "{{ config(materialized='table') }}\nselect 'x' as id",
      'models/schema.yml': `version: 2
models:
  - name: good
    config: {contract: {enforced: true}}
    columns:
      - {name: id, data_type: integer, constraints: [{type: not_null}, {type: primary_key}]}
      - {name: name, data_type: varchar}
  - name: bad
    config: {contract: {enforced: true}}
    columns:
      - {name: id, data_type: integer}
`,
    });
    const outcome = await build(dir);
    const byName = Object.fromEntries(outcome.results.map((r) => [r.unique_id.split('.').pop(), r]));
    expect(byName['good']!.status).toBe('success');
    expect(byName['bad']!.status).toBe('error');
    expect(byName['bad']!.message).toMatch(/column 'id' is VARCHAR in the query but integer in the contract/);
    expect(await query(dir, "select is_nullable from information_schema.columns where table_name = 'good' and column_name = 'id'")).toEqual([{ is_nullable: 'NO' }]);
  });

  it('--empty builds relations with zero rows', async () => {
    const dir = project({
      'models/base.sql': "{{ config(materialized='table') }}\nselect * from range(10) t(x)",
      'models/child.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('base') }}",
    });
    await build(dir);
    await build(dir, { empty: true });
    expect(await query(dir, 'select count(*) as n from child')).toEqual([{ n: '0' }]);
  });

  it('custom materializations run as macros with sql and this', async () => {
    const dir = project({
      'models/custom.sql': "{{ config(materialized='my_table') }}\nselect 7 as seven",
    });
    mkdirSync(join(dir, 'macros'));
    writeFileSync(join(dir, 'project.yml'), "name: mat\nversion: '1'\nmodel-paths: [models]\nmacro-paths: [macros]\n");
    writeFileSync(join(dir, 'macros/mat.sql'), "{% materialization my_table, default %}\n{% call statement('main') %}create or replace table {{ this }} as {{ sql }}{% endcall %}\n{{ return({'relations': [this]}) }}\n{% endmaterialization %}\n");
    const outcome = await build(dir);
    expect(outcome.results[0]!.status).toBe('success');
    expect(await query(dir, 'select seven from custom')).toEqual([{ seven: 7 }]);
  });

  it("a project's own {% materialization table %} replaces kiln's, written the dbt way (run_hooks, helpers)", async () => {
    const dir = project({
      'models/t.sql': "{{ config(materialized='table', post_hook='create or replace table main.after as select count(*) as n from {{ this }}') }}\nselect 42 as answer",
    });
    mkdirSync(join(dir, 'macros'));
    writeFileSync(join(dir, 'project.yml'), "name: mat\nversion: '1'\nmodel-paths: [models]\nmacro-paths: [macros]\n");
    writeFileSync(
      join(dir, 'macros/table.sql'),
      `{% materialization table, default %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set intermediate = make_intermediate_relation(target_relation) -%}
  {%- set existing = load_cached_relation(this) -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {% do drop_relation_if_exists(intermediate) %}
  {% call statement('main') -%}{{ get_create_table_as_sql(False, intermediate, sql) }}{%- endcall %}
  {% if existing is not none %}{% do adapter.drop_relation(existing) %}{% endif %}
  {% do adapter.rename_relation(intermediate, target_relation) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% call statement('mark') %}create or replace table main.marker as select 'custom' as how{% endcall %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`,
    );
    for (let run = 0; run < 2; run++) expect((await build(dir)).results[0]!.status).toBe('success');
    expect(await query(dir, 'select answer from t')).toEqual([{ answer: 42 }]);
    expect(await query(dir, 'select how from marker')).toEqual([{ how: 'custom' }]);
    expect(await query(dir, 'select n from after')).toEqual([{ n: '1' }]); // count(*) is a BIGINT
  });

  it("an installed package's {% materialization seed %} replaces kiln's only when the project allows package overrides, as in dbt", async () => {
    const dir = project({});
    mkdirSync(join(dir, 'seeds'));
    mkdirSync(join(dir, 'dbt_packages/loader/macros'), { recursive: true });
    writeFileSync(join(dir, 'seeds/codes.csv'), 'code\n1\n');
    writeFileSync(join(dir, 'dbt_packages/loader/dbt_project.yml'), "name: loader\nversion: '1'\n");
    writeFileSync(
      join(dir, 'dbt_packages/loader/macros/seed.sql'),
      "{% materialization seed, default %}{% call statement('main') %}create or replace table {{ this }} as select 'package' as loaded_by{% endcall %}{{ return({'relations': [this]}) }}{% endmaterialization %}\n",
    );
    const projectYml = "name: mat\nversion: '1'\nmodel-paths: [models]\nseed-paths: [seeds]\n";
    writeFileSync(join(dir, 'project.yml'), projectYml);
    expect((await build(dir)).results[0]!.status).toBe('success');
    expect(await query(dir, 'select * from codes')).toEqual([{ code: '1' }]); // kiln's native loader (a BIGINT)
    writeFileSync(join(dir, 'project.yml'), `${projectYml}flags:\n  require_explicit_package_overrides_for_builtin_materializations: false\n`);
    expect((await build(dir)).results[0]!.status).toBe('success');
    expect(await query(dir, 'select * from codes')).toEqual([{ loaded_by: 'package' }]);
  });

  it("a project's {% materialization seed %} reads load_agate_table(), which --empty leaves without rows; other nodes cannot call it", async () => {
    const dir = project({ 'models/probe.sql': "{{ config(materialized='probe') }}\nselect 1 as id" });
    mkdirSync(join(dir, 'macros'));
    mkdirSync(join(dir, 'seeds'));
    writeFileSync(join(dir, 'project.yml'), "name: mat\nversion: '1'\nmodel-paths: [models]\nmacro-paths: [macros]\nseed-paths: [seeds]\n");
    writeFileSync(join(dir, 'seeds/codes.csv'), 'code,label\n1,a\n2,b\n');
    writeFileSync(
      join(dir, 'macros/mats.sql'),
      `{% materialization seed, default %}
  {%- set t = load_agate_table() -%}
  {%- if adapter.get_relation(database=database, schema=schema, identifier=this.identifier) is not none -%}{% do adapter.drop_relation(this) %}{%- endif -%}
  {% do create_csv_table(model, t) %}
  {% if t.rows | length > 0 %}{% do load_csv_rows(model, t) %}{% endif %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
{% materialization probe, default %}
  {% do load_agate_table() %}
{% endmaterialization %}
`,
    );
    const first = await build(dir);
    const byName = (outcome: typeof first, name: string) => outcome.results.find((r) => r.unique_id.endsWith(name))!;
    expect(byName(first, 'codes').status).toBe('success');
    expect(await query(dir, 'select code, label from codes order by code')).toEqual([{ code: 1, label: 'a' }, { code: 2, label: 'b' }]);
    expect(byName(first, 'probe').status).toBe('error');
    expect(byName(first, 'probe').message).toMatch(/can only load_agate_table for seeds \(got a model\)/);
    await build(dir, { empty: true });
    expect(await query(dir, 'select count(*)::int as n from codes')).toEqual([{ n: 0 }]);
  });
});
