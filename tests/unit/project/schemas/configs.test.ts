import { describe, expect, it } from 'vitest';
import { KilnErrors } from '../../../../src/errors.js';
import { KNOWN_NODE_CONFIG_KEYS } from '../../../../src/project/schemas/configs.js';
import { parseYaml, readYamlFile, validateConfigMap } from '../../../../src/project/schemas/index.js';
import { propertyFileSchema } from '../../../../src/project/schemas/properties.js';

describe('KNOWN_NODE_CONFIG_KEYS', () => {
  it("lists dbt's documented configs per resource kind", () => {
    expect(KNOWN_NODE_CONFIG_KEYS.models).toEqual(
      expect.arrayContaining([
        'materialized', 'enabled', 'tags', 'meta', 'schema', 'database', 'alias', 'pre-hook', 'post-hook', 'pre_hook',
        'post_hook', 'persist_docs', 'full_refresh', 'unique_key', 'on_schema_change', 'incremental_strategy',
        'incremental_predicates', 'event_time', 'batch_size', 'begin', 'lookback', 'concurrent_batches', 'contract',
        'docs', 'grants', 'group', 'access', 'packages', 'sql_header',
      ]),
    );
    expect(KNOWN_NODE_CONFIG_KEYS.seeds).toEqual(expect.arrayContaining(['column_types', 'quote_columns', 'delimiter']));
    expect(KNOWN_NODE_CONFIG_KEYS.snapshots).toEqual(
      expect.arrayContaining([
        'strategy', 'updated_at', 'check_cols', 'snapshot_meta_column_names', 'hard_deletes', 'invalidate_hard_deletes',
        'target_schema', 'target_database', 'dbt_valid_to_current', 'unique_key',
      ]),
    );
    expect(KNOWN_NODE_CONFIG_KEYS.tests).toEqual(
      expect.arrayContaining(['severity', 'warn_if', 'error_if', 'fail_calc', 'where', 'limit', 'store_failures', 'store_failures_as']),
    );
    expect(KNOWN_NODE_CONFIG_KEYS.sources).toEqual(expect.arrayContaining(['enabled', 'event_time', 'meta', 'freshness', 'loaded_at_field']));
    expect(KNOWN_NODE_CONFIG_KEYS.unit_tests).toEqual(['enabled', 'meta', 'tags']);
  });

  it('accepts adapter-specific configs of Snowflake, BigQuery and DuckDB', () => {
    for (const key of [
      'transient', 'cluster_by', 'copy_grants', 'query_tag', 'snowflake_warehouse',
      'partition_by', 'labels', 'require_partition_filter', 'partition_expiration_days', 'kms_key_name',
      'file_format', 'location', 'options',
    ]) {
      expect(KNOWN_NODE_CONFIG_KEYS.models).toContain(key);
    }
  });

  it('keeps resource-specific configs to their resource', () => {
    expect(KNOWN_NODE_CONFIG_KEYS.seeds).not.toContain('unique_key');
    expect(KNOWN_NODE_CONFIG_KEYS.models).not.toContain('strategy');
    expect(KNOWN_NODE_CONFIG_KEYS.tests).not.toContain('materialised');
  });
});

describe('validateConfigMap (config() calls in SQL files)', () => {
  it('returns nothing for a valid config', () => {
    expect(
      validateConfigMap(
        { materialized: 'incremental', unique_key: ['a', 'b'], incremental_strategy: 'merge', tags: 'x', full_refresh: null },
        'models',
        { file: 'models/orders.sql', line: 1 },
      ),
    ).toEqual([]);
  });

  it('reports unknown keys with did-you-mean and wrong types, at the given file and line', () => {
    const errors = validateConfigMap({ unqiue_key: 'id', materialized: 3, severity: 'warn' }, 'models', {
      file: 'models/orders.sql',
      line: 2,
    });
    expect(errors.map((e) => e.format())).toEqual([
      "models/orders.sql:2: unknown key 'unqiue_key' in config() of a model\n  hint: did you mean 'unique_key'?",
      "models/orders.sql:2: 'materialized' must be a string, got 3 (in config() of a model)",
      "models/orders.sql:2: unknown key 'severity' in config() of a model\n  hint: custom values belong under 'meta' (dbt deprecates arbitrary config keys)",
    ]);
  });

  it('checks values nested in config maps', () => {
    const errors = validateConfigMap({ freshness: { warn_after: { count: 'x', period: 'hour' } } }, 'sources', {
      file: 'models/sources.yml',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe("'count' must be an integer, got 'x' (in config() of a source)");
    expect(errors[0]!.line).toBeUndefined();
  });

  it('checks test configs for singular tests', () => {
    const errors = validateConfigMap({ store_failures_as: 'tabel' }, 'tests', { file: 'tests/t.sql', line: 1 });
    expect(errors[0]!.hint).toBe("did you mean 'table'?");
  });
});

describe('scale', () => {
  function bigPropertyFile(models: number, typo: boolean): string {
    const lines = ['version: 2', 'models:'];
    for (let i = 0; i < models; i++) {
      lines.push(
        `  - name: m${i}`,
        `    config: {materialized: table, ${typo && i === models - 1 ? 'unqiue_key' : 'unique_key'}: id}`,
        '    columns:',
        '      - name: id',
        '        data_tests: [unique, not_null]',
      );
    }
    return lines.join('\n');
  }

  it('validates a 2,000-model property file', () => {
    const text = bigPropertyFile(2000, false);
    const parsed = parseYaml(text, 'big.yml');
    const value = propertyFileSchema.parse(parsed.value) as { models: unknown[] };
    expect(value.models).toHaveLength(2000);
  });

  it('locates an error at the end of a large file on the right line', () => {
    const text = bigPropertyFile(2000, true);
    try {
      readYamlFile(text, 'big.yml', 'properties');
      expect.fail('expected an error');
    } catch (error) {
      const errors = (error as KilnErrors).errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]!.line).toBe(2 + 1999 * 5 + 2);
      expect(errors[0]!.message).toBe("unknown key 'unqiue_key' in config of model 'm1999'");
    }
  });
});
