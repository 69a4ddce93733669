/**
 * materialized='materialized_view' on DuckDB: refused with DuckDB's own error before any
 * statement runs (DuckDB and dbt-duckdb have no materialized views), and built through dbt's
 * materialization steps once the project supplies duckdb__get_create_materialized_view_as_sql.
 * Also: a failing macro that kiln calls from its own code (generate_schema_name) is an ordinary
 * error naming the macro's file and line.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, kilnFails, kilnOk, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = projectWith({ 'project.yml': 'name: mv\nversion: "1"\n', ...files });
  dirs.push(dir);
  return dir;
}

describe('materialized_view on DuckDB', () => {
  it('fails with an error saying DuckDB has none, leaving the table already there as it was', async () => {
    const dir = project({ 'models/totals.sql': "{{ config(materialized='table') }}\nselect 1 as id" });
    kilnOk(dir, 'run');
    writeFileSync(`${dir}/models/totals.sql`, "{{ config(materialized='materialized_view') }}\nselect 2 as id");
    const out = kilnFails(dir, 'run');
    expect(out).toContain('ERROR materialized_view model main.totals');
    expect(out).toContain(`models/totals.sql: DuckDB has no materialized views, so "main"."totals" cannot be materialized as one: use materialized='table'`);
    expect(await query(dir, 'select id from main.totals')).toEqual([{ id: 1 }]);
  });

  it("runs dbt's materialization steps with the project's create statement: create, then replace, with hooks", async () => {
    const dir = project({
      'models/totals.sql': "{{ config(materialized='materialized_view', post_hook='insert into main.hook_log values (1)') }}\nselect 1 as id union all select 2",
      'macros/mv.sql': '{% macro duckdb__get_create_materialized_view_as_sql(relation, sql) %}create table {{ relation }} as {{ sql }}{% endmacro %}',
      'macros/hooks.sql': '{% macro make_log() %}{% do run_query("create table if not exists main.hook_log (n integer)") %}{% endmacro %}',
    });
    writeFileSync(`${dir}/project.yml`, 'name: mv\nversion: "1"\non-run-start: ["{{ make_log() }}"]\n');
    expect(kilnOk(dir, 'run')).toContain('OK ran materialization materialized_view for main.totals');
    expect(await query(dir, 'select id from main.totals order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    // The second run finds a table, not a materialized view, so it is replaced (get_replace_sql), not refreshed.
    kilnOk(dir, 'run');
    expect(await query(dir, 'select count(*)::integer as n from main.totals')).toEqual([{ n: 2 }]);
    expect(await query(dir, 'select count(*)::integer as n from main.hook_log')).toEqual([{ n: 2 }]);
    expect(await query(dir, "select count(*)::integer as n from information_schema.tables where table_name like 'totals__dbt%'")).toEqual([{ n: 0 }]);
  });
});

describe('macros kiln calls itself', () => {
  it('an undefined name in an overridden generate_schema_name is reported at its file and line, not as a kiln bug', () => {
    const dir = project({
      'models/m.sql': 'select 1 as id',
      'macros/schema.sql': '{% macro generate_schema_name(custom_schema_name, node) -%}\n  {{ dbt.no_such_macro(custom_schema_name) }}\n{%- endmacro %}',
    });
    const result = kiln(['run'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toMatch(/macros\/schema\.sql:2: 'dbt\.no_such_macro' is undefined/);
  });
});
