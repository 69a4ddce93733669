/** The Postgres dialect's pure parts and its target's validation (the server side is in tests/conformance/). */
import { describe, expect, it } from 'vitest';
import { PostgresDialect } from '../../../src/adapters/postgres/dialect.js';
import { readPostgresTarget } from '../../../src/adapters/postgres/target.js';

const dialect = new PostgresDialect();

describe('PostgresDialect', () => {
  it('spells a type one way, whatever alias the YAML or the driver used', () => {
    const same = (a: string, b: string) => expect(dialect.canonicalTypeName(a), `${a} ~ ${b}`).toBe(dialect.canonicalTypeName(b));
    same('int', 'integer');
    same('INT4', 'integer');
    same('int8', 'bigint');
    same('float8', 'double precision');
    same('varchar(20)', 'character varying(20)');
    same('VARCHAR', 'character varying');
    same('timestamp', 'timestamp without time zone');
    same('timestamptz', 'timestamp with time zone');
    same('numeric(28, 6)', 'numeric(28,6)');
    expect(dialect.canonicalTypeName('text')).not.toBe(dialect.canonicalTypeName('varchar'));
    expect(dialect.canonicalTypeName('varchar(10)')).not.toBe(dialect.canonicalTypeName('varchar(20)'));
  });

  it('lists columns for an insert by name, and says so when it cannot', () => {
    expect(dialect.insertByNameSql('"db"."s"."t"', 'select 1 as a, 2 as b', ['"b"', '"a"'])).toBe('INSERT INTO "db"."s"."t" ("b", "a")\nSELECT "b", "a" FROM (\nselect 1 as a, 2 as b\n) AS kiln_by_name');
    expect(() => dialect.insertByNameSql('"t"', 'select 1')).toThrow(/no INSERT … BY NAME/);
  });

  it('drops with CASCADE and builds a view anew (CREATE OR REPLACE VIEW cannot drop columns)', () => {
    expect(dialect.dropRelationSql({ database: 'db', schema: 's', identifier: 't', type: 'table' })).toBe('DROP TABLE IF EXISTS "db"."s"."t" CASCADE');
    expect(dialect.createViewAsSql({ database: 'db', schema: 's', identifier: 'v' }, 'select 1')).toMatch(/^DROP VIEW IF EXISTS "db"."s"."v" CASCADE;\nCREATE VIEW/);
    expect(dialect.createSchemaSql('db', 'odd "name"')).toBe('CREATE SCHEMA IF NOT EXISTS "odd ""name"""');
    expect(dialect.normalizeIdentifier('MixedCase')).toBe('mixedcase');
  });

  it('refuses a name Postgres would cut at 63 bytes, instead of letting two names become one table', () => {
    expect(dialect.quoteIdentifier('x'.repeat(63))).toBe(`"${'x'.repeat(63)}"`);
    expect(() => dialect.renderRelation({ database: 'db', schema: 's', identifier: `${'orders_'.repeat(8)}__kiln_tmp` })).toThrow(/66 bytes long; PostgreSQL keeps only the first 63/);
    expect(() => dialect.quoteIdentifier('é'.repeat(32))).toThrow(/64 bytes/);
  });

  it('refuses a NUL character in a string literal instead of sending what Postgres rejects', () => {
    expect(() => dialect.quoteString('a\0b')).toThrow(/NUL/);
  });
});

describe('readPostgresTarget', () => {
  it("reads dbt-postgres's fields with their defaults", () => {
    expect(readPostgresTarget({ user: 'u', dbname: 'd' })).toMatchObject({ host: 'localhost', port: 5432, schema: 'public', sslmode: 'prefer', keepalivesIdle: 0 });
  });
  it('names a missing or wrong field and how to fix it, never the password', () => {
    expect(() => readPostgresTarget({ user: 'u', password: 'hunter2' })).toThrow(/no 'dbname'/);
    expect(() => readPostgresTarget({ user: 'u', dbname: 'd', port: 'five' })).toThrow(/'port' must be a whole number/);
    const error = (() => {
      try {
        readPostgresTarget({ user: 'u', dbname: 'd', sslmode: 'sometimes', password: 'hunter2' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/sslmode 'sometimes'/);
    expect(error?.message).not.toMatch(/hunter2/);
  });
});
