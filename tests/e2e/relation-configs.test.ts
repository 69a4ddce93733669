/** persist_docs, indexes, grants and sql_header in a model's config take effect in kiln's own materializations, as in dbt's. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('relation configs on DuckDB', () => {
  it('persist_docs writes descriptions as comments, indexes are created, grants warn (DuckDB has none)', async () => {
    const dir = projectWith({
      'project.yml': 'name: relation_configs\n',
      'models/orders.sql': "{{ config(materialized='table', persist_docs={'relation': true, 'columns': true}, indexes=[{'columns': ['id']}], grants={'select': ['reporter']}) }}\nselect 1 as id, 'a' as status",
      'models/orders_view.sql': "{{ config(materialized='view', persist_docs={'relation': true}) }}\nselect * from {{ ref('orders') }}",
      'models/undocumented.sql': "{{ config(materialized='table') }}\nselect 1 as id",
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    description: "One row per order, it\'s true"',
        '    columns:',
        '      - name: id',
        "        description: The order's id",
        '  - name: orders_view',
        '    description: A view of orders',
        '  - name: undocumented',
        '    description: not persisted without persist_docs',
      ].join('\n'),
    });
    dirs.push(dir);
    for (let run = 0; run < 2; run++) {
      const result = kiln(['build'], dir);
      expect(result.stdout, result.stderr).toMatch(/Done\. PASS=3 WARN=0 ERROR=0/);
      expect(result.stdout + result.stderr).toMatch(/Grants for relations are not supported by DuckDB/);
    }
    expect(await query(dir, "select table_name, comment from duckdb_tables() where table_name <> 'kiln_run_history' order by 1")).toEqual([
      { table_name: 'orders', comment: "One row per order, it's true" },
      { table_name: 'undocumented', comment: null },
    ]);
    expect(await query(dir, 'select view_name, comment from duckdb_views() where not internal')).toEqual([{ view_name: 'orders_view', comment: 'A view of orders' }]);
    expect(await query(dir, "select column_name, comment from duckdb_columns() where table_name = 'orders' order by 1")).toEqual([
      { column_name: 'id', comment: "The order's id" },
      { column_name: 'status', comment: null },
    ]);
    expect(await query(dir, "select table_name, expressions from duckdb_indexes()")).toEqual([{ table_name: 'orders', expressions: '[id]' }]);
  });

  it("sql_header (config or set_sql_header) runs right before the model's own statements, on their connection", async () => {
    const dir = projectWith({
      'project.yml': 'name: headers\n',
      'models/from_config.sql': "{{ config(materialized='table', sql_header=\"set variable kiln_header = 'config';\") }}\nselect getvariable('kiln_header') as header",
      'models/from_call.sql': "{% call set_sql_header(config) %}set variable kiln_header = 'call';{% endcall %}\n{{ config(materialized='table') }}\nselect getvariable('kiln_header') as header",
    });
    dirs.push(dir);
    const result = kiln(['build', '--threads', '1'], dir);
    expect(result.stdout, result.stderr).toMatch(/Done\. PASS=2 WARN=0 ERROR=0/);
    expect(await query(dir, "select (select header from from_config) as config, (select header from from_call) as call")).toEqual([{ config: 'config', call: 'call' }]);
  });
});
