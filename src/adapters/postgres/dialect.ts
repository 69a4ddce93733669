/**
 * PostgreSQL's SQL dialect: double-quoted identifiers that fold to lower case when
 * unquoted, `''`-escaped strings, three-part names (Postgres accepts the database part
 * when it names the current database), no `CREATE OR REPLACE TABLE` (tables are built
 * aside and swapped in by rename, inside a transaction), and `DROP … CASCADE` as
 * dbt-postgres does, since views depend on the tables they read.
 */
import { KilnError } from '../../errors.js';
import { StandardSqlDialect } from '../standardSqlDialect.js';
import type { AdapterCapabilities, AdapterDialect, ColumnDescription, Relation, RelationRef } from '../types.js';
import { POSTGRES_MACROS } from './macros.js';

/** PostgreSQL 15: MERGE since 15, transactional DDL, every constraint enforced. */
export const POSTGRES_CAPABILITIES: AdapterCapabilities = {
  supportsMerge: true,
  supportsTransactions: true,
  supportsTransactionalDdl: true,
  supportsInsertOverwrite: false,
  supportsMaterializedViews: true,
  atomicCreateOrReplace: false,
  supportsLocalCsvLoad: true,
  supportsBulkAppend: true,
  supportsCursors: true,
  supportsConstraints: { notNull: true, primaryKey: true, unique: true, check: true, foreignKey: true },
  identifierCase: 'lower',
};

/** NAMEDATALEN - 1 on a standard build. */
const MAX_IDENTIFIER_BYTES = 63;

/** kiln's portable type names → PostgreSQL's. */
const PORTABLE_TYPES: Record<string, string> = {
  string: 'text',
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  float: 'double precision',
  numeric: 'numeric(28,6)',
  boolean: 'boolean',
  timestamp: 'timestamp',
  date: 'date',
  json: 'jsonb',
};

/** Other spellings of Postgres's types, as format_type() writes them. */
const TYPE_ALIASES: Record<string, string> = {
  int: 'integer', int4: 'integer', int2: 'smallint', int8: 'bigint', float8: 'double precision', double: 'double precision', float: 'double precision',
  float4: 'real', bool: 'boolean', string: 'text', decimal: 'numeric', timestamp: 'timestamp without time zone', timestamptz: 'timestamp with time zone',
  time: 'time without time zone', timetz: 'time with time zone',
};

export class PostgresDialect extends StandardSqlDialect implements AdapterDialect {
  readonly type = 'postgres';
  readonly capabilities = POSTGRES_CAPABILITIES;
  readonly macros = POSTGRES_MACROS;

  /** Postgres cuts a name over 63 bytes with only a NOTICE, so two long names could become one table: refuse them, as dbt-postgres does. */
  override quoteIdentifier(identifier: string): string {
    if (Buffer.byteLength(identifier) > MAX_IDENTIFIER_BYTES) {
      throw new KilnError(`'${identifier}' is ${Buffer.byteLength(identifier)} bytes long; PostgreSQL keeps only the first ${MAX_IDENTIFIER_BYTES} of a name and would silently merge it with any other that starts the same`, {
        hint: `give it a shorter name (an alias: config, or a shorter file name); kiln's working tables add up to 20 bytes to a model's name (__kiln_snapshot_changes)`,
      });
    }
    return super.quoteIdentifier(identifier);
  }

  override quoteString(value: string): string {
    if (value.includes('\0')) throw new KilnError('PostgreSQL text cannot hold a NUL character (\\0)', { hint: 'remove NUL characters from the value' });
    return super.quoteString(value);
  }


  normalizeIdentifier(identifier: string): string {
    return identifier.toLowerCase();
  }

  typeName(portable: string): string {
    return PORTABLE_TYPES[portable.toLowerCase()] ?? portable;
  }

  currentTimestampSql(): string {
    return 'now()';
  }

  /** Postgres creates schemas in the current database only, so the database part is left out. */
  createSchemaSql(_database: string, schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${this.quoteIdentifier(schema)}`;
  }

  dropSchemaSql(_database: string, schema: string): string {
    return `DROP SCHEMA IF EXISTS ${this.quoteIdentifier(schema)} CASCADE`;
  }

  /** format_type's spelling: `integer`, `character varying(20)`, `timestamp without time zone` … */
  canonicalTypeName(dataType: string): string {
    const t = dataType.trim().toLowerCase().replace(/\s+/g, ' ');
    const sized = /^(varchar|character varying|char|character|bpchar)\s*(\(\s*\d+\s*\))?$/.exec(t);
    if (sized) return `${sized[1]!.startsWith('var') || sized[1] === 'character varying' ? 'character varying' : 'character'}${sized[2]?.replace(/\s/g, '') ?? ''}`;
    return TYPE_ALIASES[t] ?? t.replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')');
  }

  dropRelationSql(relation: Relation): string {
    return `DROP ${this.relationKeyword(relation)} IF EXISTS ${this.renderRelation(relation)} CASCADE`;
  }

  renameRelationSql(from: Relation, toIdentifier: string): string {
    return `ALTER ${this.relationKeyword(from)} ${this.renderRelation(from)} RENAME TO ${this.quoteIdentifier(toIdentifier)}`;
  }

  createTableSql(relation: RelationRef, definitions: string[]): string {
    const target = this.renderRelation(relation);
    return `DROP TABLE IF EXISTS ${target} CASCADE;\nCREATE TABLE ${target} (\n  ${definitions.join(',\n  ')}\n)`;
  }

  createTableAsSql(relation: RelationRef, selectSql: string, options: { temporary?: boolean; contractColumns?: ColumnDescription[] } = {}): string {
    // Temporary tables live in the session's pg_temp schema: named by identifier alone.
    const target = options.temporary ? this.quoteIdentifier(relation.identifier) : this.renderRelation(relation);
    const create = options.temporary ? 'CREATE TEMPORARY TABLE' : 'CREATE TABLE';
    const drop = `DROP TABLE IF EXISTS ${target} CASCADE;\n`;
    const columns = options.contractColumns;
    if (!columns || columns.length === 0) return `${drop}${create} ${target} AS (\n${selectSql}\n)`;
    const definitions = columns.map((column) => `${this.quoteIdentifier(column.name)} ${column.dataType}${column.nullable === false ? ' NOT NULL' : ''}`);
    const names = columns.map((column) => this.quoteIdentifier(column.name)).join(', ');
    return [
      `${drop}${create} ${target} (\n  ${definitions.join(',\n  ')}\n);`,
      `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_contract_subquery`,
    ].join('\n');
  }

  /** `CREATE OR REPLACE VIEW` cannot drop or rename a view's columns: drop and create (inside the run's transaction). */
  createViewAsSql(relation: RelationRef, selectSql: string): string {
    const target = this.renderRelation(relation);
    return `DROP VIEW IF EXISTS ${target} CASCADE;\nCREATE VIEW ${target} AS (\n${selectSql}\n)`;
  }

  hashSql(expression: string): string {
    return `md5(CAST(${expression} AS text))`;
  }

  dropColumnSql(relation: RelationRef, column: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} DROP COLUMN ${this.quoteIdentifier(column)} CASCADE`;
  }

  alterColumnTypeSql(relation: RelationRef, column: string, dataType: string): string {
    const quoted = this.quoteIdentifier(column);
    return `ALTER TABLE ${this.renderRelation(relation)} ALTER COLUMN ${quoted} TYPE ${dataType} USING ${quoted}::${dataType}`;
  }

  insertByNameSql(target: string, selectSql: string, columns?: string[]): string {
    if (!columns?.length) throw new KilnError(`PostgreSQL has no INSERT … BY NAME: the columns of ${target} must be listed`, { hint: 'this kiln step does not run on PostgreSQL yet' });
    const names = columns.join(', ');
    return `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_by_name`;
  }

  vectorTypeName(_dimensions: number): string {
    return 'real[]';
  }

  vectorLengthSql(expression: string): string {
    return `cardinality(${expression})`;
  }

}
