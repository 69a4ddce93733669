/**
 * PostgreSQL's SQL dialect: double-quoted identifiers that fold to lower case when
 * unquoted, `''`-escaped strings, three-part names (Postgres accepts the database part
 * when it names the current database), no `CREATE OR REPLACE TABLE` (tables are built
 * aside and swapped in by rename, inside a transaction), and `DROP … CASCADE` as
 * dbt-postgres does, since views depend on the tables they read.
 */
import { KilnError } from '../../errors.js';
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

const DATE_GRAINS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour']);

export class PostgresDialect implements AdapterDialect {
  readonly type = 'postgres';
  readonly capabilities = POSTGRES_CAPABILITIES;
  readonly macros = POSTGRES_MACROS;

  quoteIdentifier(identifier: string): string {
    return `"${identifier.replaceAll('"', '""')}"`;
  }

  quoteString(value: string): string {
    if (value.includes('\0')) throw new KilnError('PostgreSQL text cannot hold a NUL character (\\0)', { hint: 'remove NUL characters from the value' });
    return `'${value.replaceAll("'", "''")}'`;
  }

  renderRelation(relation: RelationRef, quoting: Partial<Record<'database' | 'schema' | 'identifier', boolean>> = {}): string {
    const part = (name: string, quoted: boolean | undefined): string => (quoted === false ? name : this.quoteIdentifier(name));
    const parts: string[] = [];
    if (relation.database) parts.push(part(relation.database, quoting.database));
    if (relation.schema) parts.push(part(relation.schema, quoting.schema));
    if (relation.identifier) parts.push(part(relation.identifier, quoting.identifier));
    return parts.join('.');
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

  limitZeroSql(selectSql: string): string {
    return `SELECT * FROM (\n${selectSql}\n) AS kiln_limit_zero LIMIT 0`;
  }

  hashSql(expression: string): string {
    return `md5(CAST(${expression} AS text))`;
  }

  concatSql(expressions: string[]): string {
    return expressions.length === 0 ? "''" : expressions.join(' || ');
  }

  castSql(expression: string, typeName: string): string {
    return `CAST(${expression} AS ${typeName})`;
  }

  addColumnSql(relation: RelationRef, column: ColumnDescription, defaultSql?: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} ADD COLUMN ${this.quoteIdentifier(column.name)} ${column.dataType}${defaultSql ? ` DEFAULT ${defaultSql}` : ''}`;
  }

  dropColumnSql(relation: RelationRef, column: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} DROP COLUMN ${this.quoteIdentifier(column)} CASCADE`;
  }

  alterColumnTypeSql(relation: RelationRef, column: string, dataType: string): string {
    const quoted = this.quoteIdentifier(column);
    return `ALTER TABLE ${this.renderRelation(relation)} ALTER COLUMN ${quoted} TYPE ${dataType} USING ${quoted}::${dataType}`;
  }

  deleteMatchingSql(target: string, source: string, condition: string): string {
    return `DELETE FROM ${target} AS DBT_INTERNAL_DEST USING ${source} AS DBT_INTERNAL_SOURCE WHERE ${condition}`;
  }

  dateTruncSql(grain: string, expression: string): string {
    const unit = grain.toLowerCase();
    if (!DATE_GRAINS.has(unit)) throw new KilnError(`'${grain}' is not a time granularity`, { hint: `use one of ${[...DATE_GRAINS].join(', ')}` });
    return `date_trunc('${unit}', ${expression})`;
  }


  timestampLiteralSql(value: string): string {
    return `TIMESTAMP ${this.quoteString(value)}`;
  }

  insertByNameSql(target: string, selectSql: string, columns?: string[]): string {
    if (!columns?.length) throw new KilnError(`PostgreSQL has no INSERT … BY NAME: the columns of ${target} must be listed`, { hint: 'this kiln step does not run on PostgreSQL yet' });
    const names = columns.join(', ');
    return `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_by_name`;
  }

  vectorTypeName(_dimensions: number): string {
    return 'real[]';
  }

  private relationKeyword(relation: Relation): 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW' {
    switch (relation.type) {
      case 'view':
        return 'VIEW';
      case 'materialized_view':
        return 'MATERIALIZED VIEW';
      case 'table':
      case 'external':
        return 'TABLE';
      case 'cte':
        throw new KilnError(`${relation.identifier} is an ephemeral model (a CTE); there is no relation to drop or rename.`);
    }
  }
}
