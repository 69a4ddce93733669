/** The BigQuery dialect's pure parts, its `$n` → `@name` rewrite and its target's validation (the service side is in tests/conformance/). */
import { describe, expect, it } from 'vitest';
import { BigQueryDialect } from '../../../src/adapters/bigquery/dialect.js';
import { normalizeTarget } from '../../../src/adapters/bigquery/index.js';
import { namedPlaceholders } from '../../../src/adapters/bigquery/placeholders.js';
import { readBigQueryTarget } from '../../../src/adapters/bigquery/target.js';
import { paramTypeForColumn, paramTypeOf, plainTimestamp, plainValue } from '../../../src/adapters/bigquery/values.js';

const dialect = new BigQueryDialect({ location: 'EU' });
const ref = { database: 'my-project', schema: 'analytics', identifier: 'orders' };

describe('BigQueryDialect', () => {
  it('renders names part by part in backticks, as dbt-bigquery does, escaping backticks and backslashes', () => {
    expect(dialect.renderRelation(ref)).toBe('`my-project`.`analytics`.`orders`');
    expect(dialect.quoteIdentifier('odd`name\\x')).toBe('`odd\\`name\\\\x`');
    expect(dialect.renderRelation(ref, { identifier: false })).toBe('`my-project`.`analytics`.orders');
    expect(dialect.normalizeIdentifier('MixedCase')).toBe('MixedCase');
  });

  it("escapes strings with backslashes (GoogleSQL reads '' as two strings, not a quote)", () => {
    expect(dialect.quoteString("it's")).toBe("'it\\'s'");
    expect(dialect.quoteString('a\\b\nc')).toBe("'a\\\\b\\nc'");
  });

  it('names types as GoogleSQL does and spells each type one way', () => {
    expect(['string', 'integer', 'bigint', 'float', 'numeric', 'boolean', 'timestamp', 'date', 'json'].map((t) => dialect.typeName(t))).toEqual(['STRING', 'INT64', 'INT64', 'FLOAT64', 'NUMERIC', 'BOOL', 'TIMESTAMP', 'DATE', 'JSON']);
    const same = (a: string, b: string) => expect(dialect.canonicalTypeName(a), `${a} ~ ${b}`).toBe(dialect.canonicalTypeName(b));
    same('integer', 'INT64');
    same('float', 'FLOAT64');
    same('boolean', 'bool');
    same('array< float64 >', 'ARRAY<FLOAT64>');
    same('decimal(10, 2)', 'NUMERIC(10,2)');
    expect(dialect.canonicalTypeName('STRING')).not.toBe(dialect.canonicalTypeName('BYTES'));
    expect(dialect.vectorTypeName(384)).toBe('ARRAY<FLOAT64>');
  });

  it('replaces tables and views in one statement and creates datasets in the target location', () => {
    expect(dialect.capabilities.atomicCreateOrReplace).toBe(true);
    expect(dialect.createTableAsSql(ref, 'select 1 as a')).toBe('CREATE OR REPLACE TABLE `my-project`.`analytics`.`orders`\nAS (\nselect 1 as a\n)');
    expect(dialect.createViewAsSql(ref, 'select 1 as a')).toBe('CREATE OR REPLACE VIEW `my-project`.`analytics`.`orders` AS (\nselect 1 as a\n)');
    expect(dialect.createSchemaSql('my-project', 'analytics')).toBe("CREATE SCHEMA IF NOT EXISTS `my-project`.`analytics` OPTIONS(location='EU')");
    expect(dialect.dropSchemaSql('my-project', 'analytics')).toBe('DROP SCHEMA IF EXISTS `my-project`.`analytics` CASCADE');
  });

  it('makes working tables expire, named by identifier for the default dataset', () => {
    const sql = dialect.createTableAsSql({ ...ref, identifier: 'orders__kiln_tmp' }, 'select 1', { temporary: true });
    expect(sql).toMatch(/^CREATE OR REPLACE TABLE `orders__kiln_tmp`\nOPTIONS\(expiration_timestamp=TIMESTAMP_ADD\(CURRENT_TIMESTAMP\(\), INTERVAL 12 HOUR\)\)/);
  });

  it('enforces a contract with typed columns and NOT NULL', () => {
    const sql = dialect.createTableAsSql(ref, 'select 1 as id', { contractColumns: [{ name: 'id', dataType: 'INT64', nullable: false }] });
    expect(sql).toBe('CREATE OR REPLACE TABLE `my-project`.`analytics`.`orders` (\n  `id` INT64 NOT NULL\n)\nAS SELECT `id` FROM (\nselect 1 as id\n) AS kiln_contract_subquery');
  });

  it('deletes matching rows with EXISTS (GoogleSQL has no DELETE … USING) and lists columns for inserts', () => {
    expect(dialect.deleteMatchingSql('`t`', '`s`', 'DBT_INTERNAL_DEST.id = DBT_INTERNAL_SOURCE.id')).toBe(
      'DELETE FROM `t` AS DBT_INTERNAL_DEST WHERE EXISTS (SELECT 1 FROM `s` AS DBT_INTERNAL_SOURCE WHERE DBT_INTERNAL_DEST.id = DBT_INTERNAL_SOURCE.id)',
    );
    expect(() => dialect.insertByNameSql('`t`', 'select 1')).toThrow(/no INSERT … BY NAME/);
  });

  it('renames tables in place and views by re-creating them from their stored definition', () => {
    expect(dialect.renameRelationSql({ ...ref, type: 'table' }, 'orders_old')).toBe('ALTER TABLE `my-project`.`analytics`.`orders` RENAME TO `orders_old`');
    const view = dialect.renameRelationSql({ ...ref, type: 'view' }, 'orders_v2');
    expect(view).toContain('EXECUTE IMMEDIATE (SELECT CONCAT(');
    expect(view).toContain('FROM `my-project`.`analytics`.INFORMATION_SCHEMA.VIEWS WHERE table_name = \'orders\'');
    expect(view).toMatch(/DROP VIEW `my-project`.`analytics`.`orders`$/);
    expect(() => dialect.renameRelationSql({ ...ref, type: 'materialized_view' }, 'x')).toThrow(/cannot rename/);
  });

  it('truncates time on timestamps and refuses a grain it does not know', () => {
    expect(dialect.dateTruncSql('month', 'x.ts')).toBe('timestamp_trunc(CAST(x.ts AS TIMESTAMP), MONTH)');
    expect(() => dialect.dateTruncSql('fortnight', 'x')).toThrow(/granularity/);
  });
});

describe('kiln parameters on BigQuery', () => {
  it('rewrites $n outside strings, names and comments to named parameters', () => {
    expect(namedPlaceholders("SELECT $1 || '$2' || `$3` -- $4\n, $10")).toBe("SELECT @kiln_p1 || '$2' || `$3` -- $4\n, @kiln_p10");
    expect(namedPlaceholders("SELECT 'it\\'s $1', $2")).toBe("SELECT 'it\\'s $1', @kiln_p2");
  });

  it('types parameters for the SDK (it needs one for NULL and for float arrays of whole numbers)', () => {
    expect([paramTypeOf('x'), paramTypeOf(1), paramTypeOf(1.5), paramTypeOf(true), paramTypeOf(null), paramTypeOf(new Float32Array([1, 2]))]).toEqual(['STRING', 'INT64', 'FLOAT64', 'BOOL', 'STRING', ['FLOAT64']]);
    expect(paramTypeForColumn('ARRAY<FLOAT64>')).toEqual(['FLOAT64']);
    expect(paramTypeForColumn('NUMERIC(10, 2)')).toBe('NUMERIC');
  });

  it("hands over values as DuckDB's adapter does", () => {
    expect(plainTimestamp('2024-01-02T03:04:05.120000Z')).toBe('2024-01-02T03:04:05.12');
    expect(plainTimestamp('2024-01-02T03:04:05.000Z')).toBe('2024-01-02T03:04:05');
    expect(plainValue({ name: 'n', type: 'INTEGER' }, { value: '9007199254740993' })).toBe('9007199254740993');
    expect(plainValue({ name: 'n', type: 'INTEGER' }, { value: '42' })).toBe(42);
    expect(plainValue({ name: 'v', type: 'FLOAT', mode: 'REPEATED' }, [1, 0.5])).toEqual([1, 0.5]);
  });
});

describe('the bigquery target', () => {
  const key = JSON.stringify({ client_email: 'sa@p.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\\nsecret\\n-----END PRIVATE KEY-----\\n' });

  it("reads dbt-bigquery's fields and their aliases", () => {
    const target = readBigQueryTarget({ method: 'service-account-json', project: 'p', dataset: 'd', keyfile_json: key, location: 'EU', priority: 'batch', maximum_bytes_billed: 1000000, job_execution_timeout_seconds: 300, job_retries: 2, labels: { team: 'data' }, execution_project: 'billing' });
    expect(target).toMatchObject({ project: 'p', dataset: 'd', executionProject: 'billing', location: 'EU', priority: 'batch', maximumBytesBilled: 1000000, jobExecutionTimeoutSeconds: 300, jobRetries: 2, labels: { team: 'data' } });
    expect(target.serviceAccount!.private_key).toContain('\nsecret\n');
    expect(readBigQueryTarget({ database: 'p', schema: 'd' })).toMatchObject({ method: 'oauth', project: 'p', dataset: 'd', jobRetries: 1, priority: 'interactive' });
    expect(normalizeTarget({ project: 'p', dataset: 'd' })).toMatchObject({ database: 'p', schema: 'd' });
  });

  it('says what is missing or wrong, and how to fix it', () => {
    expect(() => readBigQueryTarget({ dataset: 'd' })).toThrow(/no 'project'/);
    expect(() => readBigQueryTarget({ project: 'p' })).toThrow(/no 'dataset'/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', method: 'password' })).toThrow(/method 'password' is not one of/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', priority: 'urgent' })).toThrow(/priority/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', maximum_bytes_billed: 'lots' })).toThrow(/maximum_bytes_billed' must be a whole number/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', method: 'service-account' })).toThrow(/needs a 'keyfile'/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', method: 'service-account', keyfile: '/no/such/key.json' })).toThrow(/cannot read the bigquery keyfile/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', labels: { Team: 'Data' } })).toThrow(/label/);
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', api_endpoint: 'localhost:9050' })).toThrow(/api_endpoint/);
  });

  it('never puts a secret in a message', () => {
    const bad = '{"client_email": "sa@p", "private_key": "super-secret-key", ';
    let message = '';
    try {
      readBigQueryTarget({ project: 'p', dataset: 'd', method: 'service-account-json', keyfile_json: bad });
    } catch (error) {
      message = `${(error as Error).message} ${(error as { hint?: string }).hint}`;
    }
    expect(message).toMatch(/not valid JSON/);
    expect(message).not.toContain('super-secret-key');
    expect(() => readBigQueryTarget({ project: 'p', dataset: 'd', method: 'service-account-json', keyfile_json: { client_email: 'sa@p' } })).toThrow(/no 'private_key'/);
  });
});

describe("a model's table settings (dbt-bigquery's partition_by, cluster_by, options)", () => {
  const create = (config: Record<string, unknown>) => dialect.createTableAsSql(ref, 'select 1', { config });

  it("partitions as dbt-bigquery renders partition_by", () => {
    expect(create({ partition_by: { field: 'day' } })).toContain('\nPARTITION BY `day`\nAS (');
    expect(create({ partition_by: { field: 'created_at', data_type: 'timestamp', granularity: 'hour' } })).toContain('PARTITION BY timestamp_trunc(`created_at`, hour)');
    expect(create({ partition_by: { field: 'd', data_type: 'date', granularity: 'month' } })).toContain('PARTITION BY date_trunc(`d`, month)');
    expect(create({ partition_by: { field: 'id', data_type: 'int64', range: { start: 0, end: 100, interval: 10 } } })).toContain('PARTITION BY range_bucket(`id`, generate_array(0, 100, 10))');
  });

  it('clusters and sets options, labels as key-value pairs', () => {
    const sql = create({ cluster_by: ['a', 'b'], labels: { team: 'data' }, require_partition_filter: true, partition_expiration_days: 7, description: "it's" });
    expect(sql).toContain("CLUSTER BY `a`, `b`\nOPTIONS(labels=[('team', 'data')], require_partition_filter=true, partition_expiration_days=7, description='it\\'s')");
    expect(create({})).toBe('CREATE OR REPLACE TABLE `my-project`.`analytics`.`orders`\nAS (\nselect 1\n)');
  });

  it('applies them to a contract table too', () => {
    expect(dialect.createTableSql(ref, ['`id` INT64 NOT NULL'], { config: { partition_by: { field: 'id', data_type: 'int64', range: { start: 0, end: 10, interval: 1 } } } })).toBe(
      'CREATE OR REPLACE TABLE `my-project`.`analytics`.`orders` (\n  `id` INT64 NOT NULL\n)\nPARTITION BY range_bucket(`id`, generate_array(0, 10, 1))',
    );
  });

  it('names the setting that is wrong', () => {
    expect(() => create({ partition_by: 'created_at' })).toThrow(/partition_by must be a mapping/);
    expect(() => create({ partition_by: { field: 'x', data_type: 'string' } })).toThrow(/data_type 'string'/);
    expect(() => create({ cluster_by: ['a', 'b', 'c', 'd', 'e'] })).toThrow(/at most 4/);
  });
});
