/** The Snowflake dialect's pure parts and its SQL lexer (the service side is in tests/conformance/snowflake.test.ts). */
import { describe, expect, it } from 'vitest';
import { SnowflakeDialect, storedIdentifier } from '../../../src/adapters/snowflake/dialect.js';
import { createdTableName, placeholdersToBinds, splitStatements } from '../../../src/adapters/snowflake/sqlTokens.js';

const dialect = new SnowflakeDialect();
const table = { database: 'analytics', schema: 'staging', identifier: 'orders' };

describe('SnowflakeDialect', () => {
  it('quotes a plain lower-case name in the upper case Snowflake stores it in, anything else exactly', () => {
    expect(dialect.quoteIdentifier('orders')).toBe('"ORDERS"');
    expect(dialect.quoteIdentifier('dbt_valid_to')).toBe('"DBT_VALID_TO"');
    expect(dialect.quoteIdentifier('ORDERS')).toBe('"ORDERS"');
    expect(dialect.quoteIdentifier('MixedCase')).toBe('"MixedCase"');
    expect(dialect.quoteIdentifier('with space')).toBe('"with space"');
    expect(dialect.quoteIdentifier('quote"inside')).toBe('"quote""inside"');
    // A reserved word cannot be written unquoted, so a lower-case one was quoted on purpose.
    expect(dialect.quoteIdentifier('select')).toBe('"select"');
    expect(storedIdentifier('order')).toBe('order');
    expect(dialect.renderRelation(table)).toBe('"ANALYTICS"."STAGING"."ORDERS"');
    expect(dialect.renderRelation(table, { identifier: false })).toBe('"ANALYTICS"."STAGING".orders');
    expect(dialect.normalizeIdentifier('MixedCase')).toBe('MIXEDCASE');
    expect(() => dialect.quoteIdentifier('x'.repeat(256))).toThrow(/at most 255/);
  });

  it('escapes backslashes as well as quotes, since Snowflake reads backslash escapes', () => {
    expect(dialect.quoteString("it's")).toBe("'it''s'");
    expect(dialect.quoteString('C:\\temp\\new')).toBe("'C:\\\\temp\\\\new'");
  });

  it('builds transient tables with CREATE OR REPLACE, temporary ones by bare name, contracts as create + insert', () => {
    expect(dialect.createTableAsSql(table, 'select 1 as id')).toBe('CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS"."STAGING"."ORDERS" AS (\nselect 1 as id\n)');
    expect(dialect.createTableAsSql({ ...table, identifier: 'orders__dbt_tmp' }, 'select 1', { temporary: true })).toBe('CREATE OR REPLACE TEMPORARY TABLE "ORDERS__DBT_TMP" AS (\nselect 1\n)');
    const contract = dialect.createTableAsSql(table, 'select 1 as id', { contractColumns: [{ name: 'id', dataType: 'NUMBER(38,0)', nullable: false }] });
    expect(splitStatements(contract)).toEqual([
      'CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS"."STAGING"."ORDERS" (\n  "ID" NUMBER(38,0) NOT NULL\n)',
      'INSERT INTO "ANALYTICS"."STAGING"."ORDERS" ("ID")\nSELECT "ID" FROM (\nselect 1 as id\n) AS kiln_contract_subquery',
    ]);
    expect(dialect.createViewAsSql(table, 'select 1')).toBe('CREATE OR REPLACE VIEW "ANALYTICS"."STAGING"."ORDERS" AS (\nselect 1\n)');
  });

  it("takes the model's transient, cluster_by and copy_grants, and none for kiln's own tables", () => {
    expect(dialect.createTableAsSql(table, 'select 1', { config: { transient: false, cluster_by: ['day', 'region'], copy_grants: true } })).toBe(
      'CREATE OR REPLACE TABLE "ANALYTICS"."STAGING"."ORDERS" CLUSTER BY (day, region) COPY GRANTS AS (\nselect 1\n)',
    );
    expect(dialect.createTableSql(table, ['"ID" NUMBER(38,0)'], { config: { cluster_by: 'id' } })).toBe('CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS"."STAGING"."ORDERS" (\n  "ID" NUMBER(38,0)\n) CLUSTER BY (id)');
    expect(dialect.createViewAsSql(table, 'select 1', { config: { copy_grants: true } })).toBe('CREATE OR REPLACE VIEW "ANALYTICS"."STAGING"."ORDERS" COPY GRANTS AS (\nselect 1\n)');
    expect(dialect.createTableAsSql(table, 'select 1', { temporary: true, config: { cluster_by: 'id' } })).toBe('CREATE OR REPLACE TEMPORARY TABLE "ORDERS" AS (\nselect 1\n)');
  });

  it('takes a multiset difference without EXCEPT ALL, which Snowflake lacks', () => {
    const sql = dialect.exceptAllSql('select 1 as a', 'select 2 as a', ['"A"']);
    expect(sql).not.toMatch(/except all/i);
    expect(sql).toMatch(/row_number\(\) over \(partition by "A" order by "A"\)/);
  });

  it('renames to a fully qualified name (a bare one would move the relation into the current schema)', () => {
    expect(dialect.renameRelationSql({ ...table, type: 'table' }, 'orders__kiln_backup')).toBe('ALTER TABLE "ANALYTICS"."STAGING"."ORDERS" RENAME TO "ANALYTICS"."STAGING"."ORDERS__KILN_BACKUP"');
    expect(dialect.dropRelationSql({ ...table, type: 'view' })).toBe('DROP VIEW IF EXISTS "ANALYTICS"."STAGING"."ORDERS"');
    expect(dialect.dropSchemaSql('analytics', 'staging')).toBe('DROP SCHEMA IF EXISTS "ANALYTICS"."STAGING" CASCADE');
    expect(() => dialect.dropRelationSql({ ...table, type: 'cte' })).toThrow(/ephemeral/);
  });

  it("maps kiln's portable types and spells a type one way, whatever synonym was used", () => {
    expect(dialect.typeName('bigint')).toBe('NUMBER(38,0)');
    expect(dialect.typeName('timestamp')).toBe('TIMESTAMP_NTZ');
    expect(dialect.typeName('json')).toBe('VARIANT');
    const same = (a: string, b: string) => expect(dialect.canonicalTypeName(a), `${a} ~ ${b}`).toBe(dialect.canonicalTypeName(b));
    same('int', 'NUMBER(38,0)');
    same('bigint', 'number');
    same('decimal(10, 2)', 'NUMBER(10,2)');
    same('numeric(10)', 'NUMBER(10,0)');
    same('double precision', 'FLOAT');
    same('text', 'VARCHAR(16777216)');
    same('string', 'varchar');
    same('timestamp', 'TIMESTAMP_NTZ(9)');
    same('VECTOR(FLOAT, 16)', 'vector(float,16)');
    expect(dialect.canonicalTypeName('VARCHAR(20)')).not.toBe(dialect.canonicalTypeName('VARCHAR'));
    expect(dialect.canonicalTypeName('VECTOR(FLOAT, 8)')).not.toBe(dialect.canonicalTypeName('VECTOR(FLOAT, 16)'));
    expect(dialect.canonicalTypeName('NUMBER(28,6)')).not.toBe(dialect.canonicalTypeName('NUMBER(38,0)'));
  });

  it('says vectors, timestamps and inserts by name the Snowflake way', () => {
    expect(dialect.vectorTypeName(384)).toBe('VECTOR(FLOAT, 384)');
    expect(dialect.vectorLengthSql('"EMBEDDING"')).toBe('ARRAY_SIZE(CAST("EMBEDDING" AS ARRAY))');
    expect(dialect.timestampLiteralSql('2024-01-02 03:04:05')).toBe("CAST('2024-01-02 03:04:05' AS TIMESTAMP_NTZ)");
    expect(dialect.currentTimestampSql()).toMatch(/CONVERT_TIMEZONE\('UTC', CURRENT_TIMESTAMP\(\)\)/);
    expect(dialect.insertByNameSql('"T"', 'select 1 as a', ['"A"'])).toBe('INSERT INTO "T" ("A")\nSELECT "A" FROM (\nselect 1 as a\n) AS kiln_by_name');
    expect(() => dialect.insertByNameSql('"T"', 'select 1')).toThrow(/no INSERT … BY NAME/);
    expect(dialect.deleteMatchingSql('"T"', '"S"', 'DBT_INTERNAL_DEST."ID" = DBT_INTERNAL_SOURCE."ID"')).toBe('DELETE FROM "T" DBT_INTERNAL_DEST USING "S" DBT_INTERNAL_SOURCE WHERE DBT_INTERNAL_DEST."ID" = DBT_INTERNAL_SOURCE."ID"');
    expect(dialect.capabilities).toMatchObject({ identifierCase: 'upper', atomicCreateOrReplace: true, supportsTransactionalDdl: false });
  });
});

describe('Snowflake SQL lexer', () => {
  it("turns kiln's $n placeholders into :n binds, outside strings, quoted names and comments", () => {
    expect(placeholdersToBinds("select $1 || '$2' || \"$3\" -- $4\n, $2")).toBe("select :1 || '$2' || \"$3\" -- $4\n, :2");
    expect(placeholdersToBinds("select 'it\\'s $1', $1")).toBe("select 'it\\'s $1', :1");
  });

  it('splits statements at top-level semicolons only', () => {
    expect(splitStatements("select ';'; select \"a;b\" from t; -- done;\n")).toEqual(["select ';'", 'select "a;b" from t']);
    expect(splitStatements('create function f() returns int as $$ select 1; $$; select 2')).toEqual(['create function f() returns int as $$ select 1; $$', 'select 2']);
  });

  it('finds the table a CREATE TABLE … AS fills, and nothing for other statements', () => {
    expect(createdTableName('CREATE OR REPLACE TRANSIENT TABLE "DB"."S"."T" AS (select 1)')).toBe('"DB"."S"."T"');
    expect(createdTableName('create temporary table t as select 1')).toBe('t');
    expect(createdTableName('CREATE OR REPLACE TABLE "T" (ID NUMBER)')).toBeUndefined();
    expect(createdTableName('INSERT INTO t SELECT 1')).toBeUndefined();
  });
});
