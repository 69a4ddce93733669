/**
 * create_or_replace_view (src/jinja/globalProject/relationsDdl.ts) as a project's own view
 * materialization calls it, built by the CLI on DuckDB: the view is created with the hooks
 * around it, and a table already in its place is dropped through handle_existing_table.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('create_or_replace_view', () => {
  it('builds the view between its hooks, replacing a table of the same name', async () => {
    const dir = projectWith({
      'project.yml': 'name: cov\nversion: "1"\n',
      'macros/plain_view.sql': '{% materialization plain_view, default %}{{ return(create_or_replace_view()) }}{% endmaterialization %}',
      'models/hooked.sql': `{{ config(materialized='plain_view',
  pre_hook="create table if not exists main.hook_log (note varchar)",
  post_hook="insert into main.hook_log select 'post ' || (select count(*) from {{ this }})") }}
select 1 as id union all select 2`,
    });
    dirs.push(dir);
    const first = kiln(['run'], dir);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await query(dir, "select table_type from information_schema.tables where table_name = 'hooked'")).toEqual([{ table_type: 'VIEW' }]);
    expect(await query(dir, 'select note from main.hook_log')).toEqual([{ note: 'post 2' }]);

    // A table where the view goes is dropped, and the view built in its place.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(`${dir}/target/kiln.duckdb`);
    const conn = await db.connect();
    await conn.run('drop view main.hooked; create table main.hooked as select 9 as id');
    conn.closeSync();
    db.closeSync();
    const second = kiln(['run', '--full-refresh'], dir);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await query(dir, "select table_type from information_schema.tables where table_name = 'hooked'")).toEqual([{ table_type: 'VIEW' }]);
    expect(await query(dir, 'select count(*)::int as n from main.hooked')).toEqual([{ n: 2 }]);
  });
});
