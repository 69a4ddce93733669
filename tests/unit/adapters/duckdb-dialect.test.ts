import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/dialect.js';
import { DEFAULT_DUCKDB_TARGET, catalogNameForPath } from '../../../src/adapters/duckdb/target.js';

const dialect = new DuckDbDialect(DEFAULT_DUCKDB_TARGET);

describe('DuckDbDialect', () => {
  it('quotes identifiers with " and strings with \'\'', () => {
    expect(dialect.quoteIdentifier('my "odd" name')).toBe('"my ""odd"" name"');
    expect(dialect.quoteString("it's")).toBe("'it''s'");
    expect(dialect.quoteString('back\\slash')).toBe("'back\\slash'");
  });

  it('omits the database when it is the main catalog', () => {
    expect(dialect.renderRelation({ database: 'kiln', schema: 'main', identifier: 'orders' })).toBe('"main"."orders"');
    expect(dialect.renderRelation({ database: 'KILN', schema: 'main', identifier: 'orders' })).toBe('"main"."orders"');
    expect(dialect.renderRelation({ database: 'other', schema: 's', identifier: 't' })).toBe('"other"."s"."t"');
    expect(dialect.renderRelation({ database: 'other', schema: 's', identifier: 't' }, { database: false, identifier: false })).toBe('other."s".t');
  });

  it('names the catalog after the database file', () => {
    expect(catalogNameForPath('target/kiln.duckdb')).toBe('kiln');
    expect(catalogNameForPath('/a/b/warehouse.db')).toBe('warehouse');
    expect(catalogNameForPath(':memory:')).toBe('memory');
    const inMemory = new DuckDbDialect({ type: 'duckdb', path: ':memory:' });
    expect(inMemory.renderRelation({ database: 'memory', schema: 'main', identifier: 'x' })).toBe('"main"."x"');
  });

  it('builds DDL for tables, views, contracts, drops and renames', () => {
    const orders = { database: 'kiln', schema: 'main', identifier: 'orders' };
    expect(dialect.createTableAsSql(orders, 'select 1 as id')).toBe('CREATE OR REPLACE TABLE "main"."orders" AS (\nselect 1 as id\n)');
    expect(dialect.createTableAsSql(orders, 'select 1', { temporary: true })).toMatch(/^CREATE OR REPLACE TEMPORARY TABLE "orders" AS/);
    const contract = dialect.createTableAsSql(orders, 'select 1 as id', {
      contractColumns: [{ name: 'id', dataType: 'INTEGER', nullable: false }],
    });
    expect(contract).toContain('"id" INTEGER NOT NULL');
    expect(contract).toContain('INSERT INTO "main"."orders" ("id")');
    expect(dialect.createViewAsSql(orders, 'select 1')).toBe('CREATE OR REPLACE VIEW "main"."orders" AS (\nselect 1\n)');
    expect(dialect.dropRelationSql({ ...orders, type: 'view' })).toBe('DROP VIEW IF EXISTS "main"."orders"');
    expect(dialect.renameRelationSql({ ...orders, type: 'table' }, 'orders_old')).toBe('ALTER TABLE "main"."orders" RENAME TO "orders_old"');
    expect(dialect.createSchemaSql('kiln', 'staging')).toBe('CREATE SCHEMA IF NOT EXISTS "staging"');
    expect(dialect.createSchemaSql('other', 'staging')).toBe('CREATE SCHEMA IF NOT EXISTS "other"."staging"');
    expect(() => dialect.dropRelationSql({ ...orders, type: 'cte' })).toThrow(/ephemeral/);
  });

  it('maps portable types and small expressions', () => {
    expect(dialect.typeName('string')).toBe('VARCHAR');
    expect(dialect.typeName('timestamp')).toBe('TIMESTAMP');
    expect(dialect.typeName('FLOAT[384]')).toBe('FLOAT[384]');
    expect(dialect.concatSql(['a', "'-'", 'b'])).toBe("a || '-' || b");
    expect(dialect.castSql('x', 'BIGINT')).toBe('CAST(x AS BIGINT)');
    expect(dialect.limitZeroSql('select 1 -- trailing comment')).toBe('SELECT * FROM (\nselect 1 -- trailing comment\n) AS kiln_limit_zero LIMIT 0');
    expect(dialect.capabilities.supportsMerge).toBe(true);
    expect(dialect.capabilities.supportsTransactionalDdl).toBe(true);
  });
});
