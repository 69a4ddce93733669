import { describe, expect, it } from 'vitest';
import { readYamlFile } from '../../../../src/project/schemas/index.js';
import { onlyProblem, problems, yaml } from './helpers.js';

const RICH = yaml`
  version: 2

  sources:
    - name: jaffle_raw
      description: Raw data loaded by Fivetran
      database: raw
      schema: jaffle
      loader: fivetran
      loaded_at_field: _loaded_at
      freshness:
        warn_after: {count: 12, period: hour}
        error_after: {count: 24, period: hour}
        filter: "_loaded_at > current_date - 3"
      quoting:
        identifier: false
      meta: {owner: data-eng, pii: false}
      tags: [raw]
      config:
        enabled: "{{ target.name != 'ci' }}"
        event_time: _loaded_at
      tables:
        - name: orders
          identifier: raw_orders
          description: One row per order
          loaded_at_field: _etl_loaded_at
          freshness: null
          external:
            location: "s3://bucket/orders/"
            file_format: parquet
          columns:
            - name: id
              data_tests: [unique, not_null]
          config:
            freshness:
              warn_after: {count: 6, period: hour}
            loaded_at_field: _etl_loaded_at
        - name: customers

  models:
    - name: orders
      description: "{{ doc('orders') }}"
      docs: {show: true, node_color: '#cd7f32'}
      access: public
      group: finance
      latest_version: 2
      deprecation_date: '2030-01-01'
      meta: {owner: finance}
      tags: [finance]
      config:
        materialized: incremental
        incremental_strategy: merge
        unique_key: [order_id, line_id]
        on_schema_change: sync_all_columns
        contract: {enforced: true}
        cluster_by: [order_date]
        partition_by: {field: order_date, data_type: date}
        transient: false
        post-hook: ["grant select on {{ this }} to role bi"]
        meta:
          anything: {goes: [here]}
      constraints:
        - type: primary_key
          columns: [order_id, line_id]
      data_tests:
        - dbt_utils.unique_combination_of_columns:
            combination_of_columns: [order_id, line_id]
      columns:
        - name: order_id
          description: The order
          data_type: integer
          quote: false
          meta: {pii: false}
          tags: [key]
          constraints:
            - type: not_null
          data_tests:
            - unique
            - not_null:
                config:
                  severity: warn
                  where: "order_date > '2020-01-01'"
            - relationships:
                to: ref('customers')
                field: id
                severity: error
            - accepted_values:
                arguments:
                  values: ['placed', 'shipped']
                  quote: true
                config:
                  store_failures: true
                  error_if: ">10"
                name: order_status_values
                description: Status is known
        - name: status
          tests:
            - accepted_values:
                values: ['placed', 'shipped']
      versions:
        - v: 1
          deprecation_date: '2025-01-01'
          columns:
            - include: all
              exclude: [line_id]
        - v: 2
          defined_in: orders_v2
          config: {alias: orders}

    - name: daily_spine
      time_spine:
        standard_granularity_column: date_day

  seeds:
    - name: country_codes
      config:
        column_types: {country_code: varchar(2)}
        delimiter: ";"
      columns:
        - name: country_code
          data_tests: [unique]

  snapshots:
    - name: orders_snapshot
      relation: source('jaffle_raw', 'orders')
      config:
        strategy: timestamp
        unique_key: id
        updated_at: updated_at
        hard_deletes: invalidate
        dbt_valid_to_current: "to_date('9999-12-31')"

  macros:
    - name: cents_to_dollars
      description: Converts cents
      arguments:
        - name: column_name
          type: string
          description: The column

  analyses:
    - name: revenue_by_month
      description: Ad hoc

  exposures:
    - name: weekly_kpis
      label: Weekly KPIs
      type: dashboard
      maturity: high
      url: https://bi.example.com/dashboards/1
      owner:
        name: Finance
        email: finance@example.com
      depends_on:
        - ref('orders')
        - source('jaffle_raw', 'customers')
      config:
        enabled: true

  unit_tests:
    - name: test_order_totals
      description: Totals add up
      model: orders
      given:
        - input: ref('stg_orders')
          rows:
            - {order_id: 1, amount: 10}
        - input: source('jaffle_raw', 'customers')
          format: csv
          rows: |
            id,name
            1,Ann
        - input: ref('fx')
          format: sql
          fixture: fx_rates
      expect:
        rows:
          - {order_id: 1, total: 10}
      overrides:
        macros:
          is_incremental: true
        vars: {start_date: '2020-01-01'}
        env_vars: {REGION: eu}
      config:
        tags: [unit]
      versions:
        include: [2]

  semantic_models:
    - name: orders
      description: Order facts
      model: ref('orders')
      defaults:
        agg_time_dimension: ordered_at
      entities:
        - name: order
          type: primary
          expr: order_id
      measures:
        - name: order_total
          agg: sum
      dimensions:
        - name: ordered_at
          type: time
          type_params: {time_granularity: day}

  metrics:
    - name: revenue
      label: Revenue
      description: Sum of order totals
      type: simple
      type_params:
        measure: order_total
      filter: "{{ Dimension('order__status') }} = 'shipped'"

  saved_queries:
    - name: revenue_by_day
      query_params:
        metrics: [revenue]
        group_by: ["TimeDimension('metric_time', 'day')"]
      exports:
        - name: revenue_by_day
          config: {export_as: table}

  groups:
    - name: finance
      owner:
        name: Finance team
        email: finance@example.com
        slack: '#finance'
`;

describe('propertyFileSchema: valid files', () => {
  it('reads a rich property file (sources, models, tests in both forms, versions, unit tests, exposures, semantic layer)', () => {
    const file = readYamlFile(RICH, 'models/schema.yml', 'properties');
    expect(file.models?.[0]?.name).toBe('orders');
    expect(file.sources?.[0]?.tables).toHaveLength(2);
    expect(file.unit_tests?.[0]?.given).toHaveLength(3);
  });

  it('reads an empty file and a file without version', () => {
    expect(readYamlFile('', 'models/empty.yml', 'properties')).toEqual({});
    expect(readYamlFile('models:\n  - name: a\n    description:\n', 'models/a.yml', 'properties').models).toHaveLength(1);
  });
});

describe('propertyFileSchema: problems', () => {
  it("reports a misspelled key in a model's config with the model named", () => {
    const error = onlyProblem(
      yaml`
        version: 2
        models:
          - name: customers
          - name: orders
            config:
              materialized: incremental
              unqiue_key: order_id
      `,
      'models/schema.yml',
      'properties',
    );
    expect(error.format()).toBe(
      "models/schema.yml:7:7: unknown key 'unqiue_key' in config of model 'orders'\n    unqiue_key: order_id\n  hint: did you mean 'unique_key'?",
    );
  });

  it('reports misspelled model and column keys', () => {
    const found = problems(
      yaml`
        models:
          - name: orders
            descripton: Orders
            colums:
              - name: id
          - name: customers
            columns:
              - name: id
                data_type: int
                desciption: The id
      `,
      'models/schema.yml',
      'properties',
    );
    expect(found.map((e) => `${e.line}:${e.column} ${e.message} | ${e.hint}`)).toEqual([
      "3:5 unknown key 'descripton' in model 'orders' | did you mean 'description'?",
      "4:5 unknown key 'colums' in model 'orders' | did you mean 'columns'?",
      "10:9 unknown key 'desciption' in column 'id' of model 'customers' | did you mean 'description'?",
    ]);
  });

  it('reports an unknown top-level key', () => {
    const error = onlyProblem('version: 2\nmodles:\n  - name: a\n', 'models/schema.yml', 'properties');
    expect(error.line).toBe(2);
    expect(error.message).toBe("unknown top-level key 'modles'");
    expect(error.hint).toBe("did you mean 'models'?");
  });

  it('reports wrong types with the offending value', () => {
    const found = problems(
      yaml`
        version: 2
        models:
          - name: orders
            tags: {a: 1}
            config:
              materialized: 3
              enabled: maybe
              persist_docs: {relation: yes}
            columns: id
      `,
      'models/schema.yml',
      'properties',
    );
    expect(found.map((e) => `${e.line} ${e.message}`)).toEqual([
      "4 'tags' must be a string or a list of strings, got {a: 1} (in model 'orders')",
      "6 'materialized' must be a string, got 3 (in config of model 'orders')",
      "7 'enabled' must be true or false, got 'maybe' (in config of model 'orders')",
      "8 'relation' must be true or false, got 'yes' (in config.persist_docs of model 'orders')",
      "9 'columns' must be a list, got 'id' (in model 'orders')",
    ]);
  });

  it("reports version other than 2", () => {
    const error = onlyProblem('version: 1\n', 'models/schema.yml', 'properties');
    expect(error.message).toBe("'version' must be 2");
    expect(error.line).toBe(1);
  });

  it('reports a test whose arguments are not indented under its name', () => {
    const error = onlyProblem(
      yaml`
        models:
          - name: orders
            columns:
              - name: status
                data_tests:
                  - accepted_values:
                    values: [a, b]
      `,
      'models/schema.yml',
      'properties',
    );
    expect(error.line).toBe(6);
    expect(error.message).toBe(
      "a test entry must have exactly one key (the test's name), got 'accepted_values', 'values' (in column 'status' of model 'orders')",
    );
    expect(error.hint).toMatch(/indent the test's arguments under 'accepted_values:'/);
  });

  it('checks test config and, in the arguments form, the keys beside arguments', () => {
    const found = problems(
      yaml`
        models:
          - name: orders
            columns:
              - name: status
                data_tests:
                  - accepted_values:
                      arguments: {values: [a]}
                      config: {severity: warning, sevrity: warn}
                      valeus: [b]
                  - not_null:
                      config:
                        limit: ten
      `,
      'models/schema.yml',
      'properties',
    );
    expect(found.map((e) => `${e.line} ${e.message} | ${e.hint}`)).toEqual([
      "8 'severity' must be one of 'warn', 'error', got 'warning' (in config of test 'accepted_values' of column 'status' of model 'orders') | undefined",
      "8 unknown key 'sevrity' in config of test 'accepted_values' of column 'status' of model 'orders' | did you mean 'severity'?",
      "9 unknown key 'valeus' in test 'accepted_values' of column 'status' of model 'orders' | test arguments go under 'arguments:'",
      "12 'limit' must be an integer, got 'ten' (in config of test 'not_null' of column 'status' of model 'orders') | undefined",
    ]);
  });

  it('leaves old-form test arguments alone but checks the config keys written beside them', () => {
    const found = problems(
      yaml`
        models:
          - name: orders
            data_tests:
              - dbt_utils.expression_is_true:
                  expression: "amount >= 0"
                  any_argument: {nested: [1, 2]}
                  severity: loud
      `,
      'models/schema.yml',
      'properties',
    );
    expect(found.map((e) => `${e.line} ${e.message}`)).toEqual([
      "7 'severity' must be one of 'warn', 'error', got 'loud' (in test 'dbt_utils.expression_is_true' of model 'orders')",
    ]);
  });

  it('reports problems in sources, tables and freshness', () => {
    const found = problems(
      yaml`
        sources:
          - name: raw
            shema: jaffle
            freshness:
              warn_after: {count: 12, period: hours}
            tables:
              - name: orders
                identifer: raw_orders
                config:
                  loaded_at_feild: _loaded_at
      `,
      'models/sources.yml',
      'properties',
    );
    expect(found.map((e) => `${e.line} ${e.message} | ${e.hint}`)).toEqual([
      "3 unknown key 'shema' in source 'raw' | did you mean 'schema'?",
      "5 'period' must be one of 'minute', 'hour', 'day', got 'hours' (in freshness.warn_after of source 'raw') | did you mean 'hour'?",
      "8 unknown key 'identifer' in table 'orders' of source 'raw' | did you mean 'identifier'?",
      "10 unknown key 'loaded_at_feild' in config of table 'orders' of source 'raw' | did you mean 'loaded_at_field'?",
    ]);
  });

  it('reports problems in unit tests, exposures and snapshots', () => {
    const found = problems(
      yaml`
        unit_tests:
          - name: t
            model: orders
            given:
              - input: ref('a')
                rows: [{id: 1}, 2]
                fromat: dict
            expect:
              rows: []
        exposures:
          - name: kpis
            type: dashbord
            owner: {name: x}
        snapshots:
          - name: s
            config:
              strategy: check
              check_colls: all
      `,
      'models/misc.yml',
      'properties',
    );
    expect(found.map((e) => `${e.line} ${e.message} | ${e.hint}`)).toEqual([
      "6 item 2 of 'rows' must be a mapping, got 2 (in given input 'ref('a')' of unit test 't') | undefined",
      "7 unknown key 'fromat' in given input 'ref('a')' of unit test 't' | did you mean 'format'?",
      "12 'type' must be one of 'dashboard', 'notebook', 'analysis', 'ml', 'application', got 'dashbord' (in exposure 'kpis') | did you mean 'dashboard'?",
      "18 unknown key 'check_colls' in config of snapshot 's' | did you mean 'check_cols'?",
    ]);
  });

  it('suggests dropping + in a property config and suggests meta for custom keys', () => {
    const found = problems(
      'models:\n  - name: a\n    config:\n      +materialized: table\n      my_team_owner: x\n',
      'models/a.yml',
      'properties',
    );
    expect(found.map((e) => e.hint)).toEqual([
      "write 'materialized': the '+' prefix is only used in config trees of project.yml / dbt_project.yml",
      "custom values belong under 'meta' (dbt deprecates arbitrary config keys)",
    ]);
  });

  it('accepts Jinja strings wherever a scalar is expected', () => {
    expect(() =>
      readYamlFile(
        yaml`
          models:
            - name: a
              config:
                enabled: "{{ var('enable_a', true) }}"
                lookback: "{{ 2 if target.name == 'prod' else 1 }}"
                on_schema_change: "{{ var('osc') }}"
                persist_docs: {relation: "{{ target.name == 'prod' }}"}
        `,
        'models/a.yml',
        'properties',
      ),
    ).not.toThrow();
  });

  it('reports every problem of a file at once, in line order', () => {
    const found = problems(
      yaml`
        models:
          - name: b
            config: {materialzed: view}
          - name: a
            descripton: x
      `,
      'models/schema.yml',
      'properties',
    );
    expect(found.map((e) => e.line)).toEqual([3, 5]);
    expect(found.every((e) => e.file === 'models/schema.yml')).toBe(true);
  });
});
