import { describe, expect, it } from 'vitest';
import { readYamlFile } from '../../../../src/project/schemas/index.js';
import { onlyProblem, problems, yaml } from './helpers.js';

describe('projectFileSchema: valid files', () => {
  it('reads a kiln project.yml', () => {
    const project = readYamlFile(
      yaml`
        name: kiln_ai
        version: '0.1.0'
        profile: kiln
        model-paths: [models]
        seed-paths: [seeds]
        macro-paths: [macros]
        test-paths: [tests/data]
        target-path: target
        clean-targets: [target]
        vars:
          embedding_model: offline-384
        models:
          kiln_ai:
            +materialized: table
            embeddings:
              +materialized: incremental
              +unique_key: doc_id
              +post-hook: "{{ kiln.embed(this) }}"
      `,
      'project.yml',
      'project',
    );
    expect(project.name).toBe('kiln_ai');
    expect(project['test-paths']).toEqual(['tests/data']);
    expect(project.models).toMatchObject({ kiln_ai: { embeddings: { '+unique_key': 'doc_id' } } });
  });

  it('reads a realistic dbt_project.yml (folders, + and bare configs, Jinja values, hooks, dispatch)', () => {
    const project = readYamlFile(
      yaml`
        name: 'jaffle_shop'
        version: '1.0.0'
        config-version: 2
        require-dbt-version: [">=1.7.0", "<2.0.0"]
        profile: 'jaffle_shop'

        model-paths: ["models"]
        analysis-paths: ["analyses"]
        test-paths: ["tests"]
        seed-paths: ["seeds"]
        macro-paths: ["macros"]
        snapshot-paths: ["snapshots"]
        docs-paths: ["docs"]
        asset-paths: ["assets"]
        packages-install-path: dbt_packages

        target-path: "target"
        clean-targets:
          - "target"
          - "dbt_packages"

        query-comment:
          comment: "run by {{ target.user }}"
          append: true

        quoting:
          database: false
          identifier: "{{ target.type == 'snowflake' }}"

        on-run-start: "create schema if not exists {{ target.schema }}_audit"
        on-run-end:
          - "{{ log_results(results) }}"

        dispatch:
          - macro_namespace: dbt_utils
            search_order: ['jaffle_shop', 'dbt_utils']

        vars:
          start_date: '2020-01-01'
          is_prod: "{{ target.name == 'prod' }}"
          dbt_utils:
            surrogate_key_treat_nulls_as_empty_strings: true

        flags:
          send_anonymous_usage_stats: false
          require_generic_test_arguments_property: true

        models:
          jaffle_shop:
            +materialized: view
            +persist_docs:
              relation: true
              columns: true
            staging:
              +schema: staging
              +tags: ["staging", "daily"]
              enabled: true
            marts:
              materialized: table
              +full_refresh: "{{ target.name != 'prod' }}"
              +grants:
                select: ['reporter', 'bi']
              finance:
                +snowflake_warehouse: finance_wh
                +transient: false
                +cluster_by: ['order_date']
                +partition_by: {field: order_date, data_type: date, granularity: day}
                +on_schema_change: append_new_columns
                +incremental_strategy: merge
                +post-hook:
                  - "grant select on {{ this }} to role reporter"
                  - sql: "analyze {{ this }}"
                    transaction: false
            docs:
              +docs:
                node_color: '#cd7f32'
          dbt_utils:
            +enabled: false

        seeds:
          jaffle_shop:
            +quote_columns: false
            +schema: raw
            country_codes:
              +column_types:
                country_code: varchar(2)
              +delimiter: ";"

        snapshots:
          jaffle_shop:
            +target_schema: snapshots
            +strategy: timestamp
            +updated_at: updated_at
            +hard_deletes: new_record
            +snapshot_meta_column_names:
              dbt_valid_from: valid_from

        data_tests:
          jaffle_shop:
            +severity: warn
            +store_failures: true
            +limit: 1000

        sources:
          jaffle_shop:
            raw:
              +enabled: true
              +freshness:
                warn_after: {count: 12, period: hour}

        unit_tests:
          +enabled: "{{ target.name != 'prod' }}"

        semantic-models:
          +enabled: true
        metrics:
          +meta: {owner: finance}
        saved-queries:
          +export_as: table
      `,
      'dbt_project.yml',
      'project',
    );
    expect(project.profile).toBe('jaffle_shop');
    expect(project.vars).toMatchObject({ is_prod: "{{ target.name == 'prod' }}" });
  });

  it('accepts legacy source-paths/data-paths, a number version and an empty folder', () => {
    const project = readYamlFile(
      'name: legacy\nversion: 1.0\nsource-paths: [models]\ndata-paths: [data]\nmodels:\n  legacy:\n    staging:\n',
      'dbt_project.yml',
      'project',
    );
    expect(project.version).toBe(1);
  });
});

describe('projectFileSchema: problems', () => {
  it('reports an unknown top-level key with a suggestion', () => {
    const error = onlyProblem('name: p\nmodel-path: [models]\n', 'dbt_project.yml', 'project');
    expect(error.format()).toBe(
      "dbt_project.yml:2:1: unknown top-level key 'model-path'\n    model-path: [models]\n  hint: did you mean 'model-paths'?",
    );
  });

  it('reports a misspelled +config in a folder tree, on its line', () => {
    const error = onlyProblem(
      yaml`
        name: jaffle_shop
        models:
          jaffle_shop:
            staging:
              +materialzed: view
      `,
      'dbt_project.yml',
      'project',
    );
    expect(error.file).toBe('dbt_project.yml');
    expect(error.line).toBe(5);
    expect(error.column).toBe(7);
    expect(error.message).toBe("unknown key '+materialzed' in 'models' config at 'jaffle_shop.staging'");
    expect(error.hint).toBe("did you mean '+materialized'?");
  });

  it('treats an unknown bare key with a mapping as a folder, but an unknown bare key with a scalar as a typo', () => {
    const error = onlyProblem(
      yaml`
        name: p
        models:
          p:
            some_folder:
              +enabled: true
            unqiue_key: id
      `,
      'dbt_project.yml',
      'project',
    );
    expect(error.line).toBe(6);
    expect(error.message).toMatch(/^unknown key 'unqiue_key' in 'models' config at 'p': not a known config/);
    expect(error.hint).toBe("did you mean 'unique_key'?");
  });

  it('treats a known config name holding + keys as a folder (a folder named like a config)', () => {
    expect(() =>
      readYamlFile(
        'name: p\nmodels:\n  p:\n    docs:\n      +materialized: view\n      tags: nightly\n',
        'dbt_project.yml',
        'project',
      ),
    ).not.toThrow();
  });

  it('reports wrong types of known configs, with or without +', () => {
    const found = problems(
      yaml`
        name: p
        models:
          p:
            +materialized: 3
            tags: {a: 1}
            +enabled: "yes"
            +on_schema_change: apend_new_columns
      `,
      'dbt_project.yml',
      'project',
    );
    expect(found.map((e) => [e.line, e.message])).toEqual([
      [4, "'+materialized' must be a string, got 3 (in 'models' config at 'p')"],
      [5, "'tags' must be a string or a list of strings, got {a: 1} (in 'models' config at 'p')"],
      [6, "'+enabled' must be true or false, got 'yes' (in 'models' config at 'p')"],
      [
        7,
        "'+on_schema_change' must be one of 'ignore', 'fail', 'append_new_columns', 'sync_all_columns', got 'apend_new_columns' (in 'models' config at 'p')",
      ],
    ]);
    expect(found[3]!.hint).toBe("did you mean 'append_new_columns'?");
  });

  it('checks each tree against its own resource kind', () => {
    const error = onlyProblem('name: p\nseeds:\n  +unique_key: id\n  +quote_columns: true\n', 'dbt_project.yml', 'project');
    expect(error.line).toBe(3);
    expect(error.message).toBe("unknown key '+unique_key' in 'seeds' config");
  });

  it('reports wrong types of top-level keys and a missing name', () => {
    const found = problems("version: '1'\nmodel-paths: models\nvars: [a]\n", 'dbt_project.yml', 'project');
    expect(found.map((e) => `${e.line}: ${e.message}`)).toEqual([
      "1: missing required key 'name'",
      "2: 'model-paths' must be a list of strings, got 'models'",
      "3: 'vars' must be a mapping, got [a]",
    ]);
  });

  it('checks nested project keys (dispatch entries, query-comment)', () => {
    const found = problems(
      'name: p\ndispatch:\n  - macro_namespace: dbt_utils\n    serach_order: [p]\nquery-comment:\n  coment: x\n',
      'dbt_project.yml',
      'project',
    );
    expect(found.map((e) => `${e.line}: ${e.message} | ${e.hint ?? ''}`)).toEqual([
      "3: missing required key 'search_order' in dispatch entry 'dbt_utils' | ",
      "4: unknown key 'serach_order' in dispatch entry 'dbt_utils' | did you mean 'search_order'?",
      "6: unknown key 'coment' in query-comment | did you mean 'comment'?",
    ]);
  });

  it('rejects a file that is not a mapping', () => {
    const error = onlyProblem('- a\n- b\n', 'dbt_project.yml', 'project');
    expect(error.message).toBe('the file must be a mapping, got [a, b]');
    expect(error.line).toBe(1);
  });
});
