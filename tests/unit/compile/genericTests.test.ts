/**
 * Generic tests from property YAML: their config, written under `config:` or beside the
 * arguments, is rendered at parse time and natively, as dbt's test builder renders it.
 */
import { describe, expect, it } from 'vitest';
import { openSession } from '../../../src/compile/session.js';
import { projectWith } from '../../e2e/cli.js';

describe('generic test config in property YAML', () => {
  it("renders Jinja in config values natively: a false `enabled` disables the test, severity is the rendered word", async () => {
    const root = projectWith({
      'project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1 as id',
      'models/hidden.sql': 'select 1 as id',
      'models/schema.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        data_tests:
          - not_null:
              config:
                enabled: "{{ target.type in ['bigquery', 'trino'] }}"
          - unique:
              config:
                enabled: "{{ target.type not in ['bigquery'] }}"
                severity: "{{ 'warn' if target.type == 'duckdb' else 'error' }}"
          - accepted_values:
              values: [1]
              enabled: "{{ 1 > 2 }}"
  - name: hidden
    config:
      enabled: "{{ target.type == 'bigquery' }}"
`,
    });
    const session = await openSession({ projectDir: root, partialParse: false });
    const nodes = Object.values(session.manifest.nodes);
    const tests = nodes.filter((n) => n.resource_type === 'test');
    expect(tests.map((n) => n.name)).toEqual(['unique_orders_id']);
    expect(tests[0]!.config.enabled).toBe(true);
    expect(tests[0]!.config['severity']).toBe('WARN');
    expect(nodes.filter((n) => n.resource_type === 'model').map((n) => n.name)).toEqual(['orders']);
  });
});
