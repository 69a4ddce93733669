/**
 * DuckDB's SQL dialect: double-quoted identifiers, `''`-escaped strings, and the
 * database part of a relation omitted when it names the main catalog (so compiled
 * SQL keeps working if the database file is renamed).
 */
import { DUCKDB_MACROS } from './macros.js';
import { KilnError } from '../../errors.js';
import { StandardSqlDialect } from '../standardSqlDialect.js';
import type { AdapterCapabilities, AdapterDialect, ColumnDescription, Relation, RelationRef, TemplateMemberHost } from '../types.js';
import { duckDbTemplateMembers } from './template-members.js';
import { mainCatalogAliases } from './target.js';

/** DuckDB 1.5: MERGE INTO since 1.4, transactional DDL, enforced constraints except FK cascades. */
export const DUCKDB_CAPABILITIES: AdapterCapabilities = {
  supportsMerge: true,
  supportsTransactions: true,
  supportsTransactionalDdl: true,
  supportsInsertOverwrite: false,
  supportsMaterializedViews: false,
  atomicCreateOrReplace: true,
  supportsLocalCsvLoad: true,
  supportsBulkAppend: true,
  supportsCursors: true,
  supportsConstraints: { notNull: true, primaryKey: true, unique: true, check: true, foreignKey: true },
  identifierCase: 'preserve',
};

/** kiln's portable type names → DuckDB's. */
const PORTABLE_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'DOUBLE',
  numeric: 'DECIMAL(28,6)',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  json: 'JSON',
};

/** Other spellings of DuckDB's types. */
const TYPE_ALIASES: Record<string, string> = { INT: 'INTEGER', INT4: 'INTEGER', INT8: 'BIGINT', STRING: 'VARCHAR', TEXT: 'VARCHAR', FLOAT8: 'DOUBLE', BOOL: 'BOOLEAN', 'DOUBLE PRECISION': 'DOUBLE' };

export class DuckDbDialect extends StandardSqlDialect implements AdapterDialect {
  readonly type = 'duckdb';
  readonly capabilities = DUCKDB_CAPABILITIES;
  readonly macros = DUCKDB_MACROS;
  templateMembers(host: TemplateMemberHost): Record<string, unknown> {
    return duckDbTemplateMembers(host);
  }
  private readonly implicitDatabases: ReadonlySet<string>;

  constructor(target: Record<string, unknown> = {}) {
    super();
    this.implicitDatabases = new Set(mainCatalogAliases(target));
  }

  protected override impliesDatabase(database: string): boolean {
    return this.implicitDatabases.has(database.toLowerCase());
  }

  /** DuckDB keeps the case an identifier was written in and compares names case-insensitively. */
  normalizeIdentifier(identifier: string): string {
    return identifier;
  }

  typeName(portable: string): string {
    return PORTABLE_TYPES[portable.toLowerCase()] ?? portable;
  }

  currentTimestampSql(): string {
    return 'current_timestamp';
  }

  createSchemaSql(database: string, schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${this.renderRelation({ database, schema: '', identifier: schema })}`;
  }

  dropSchemaSql(database: string, schema: string): string {
    return `DROP SCHEMA IF EXISTS ${this.renderRelation({ database, schema: '', identifier: schema })} CASCADE`;
  }

  canonicalTypeName(dataType: string): string {
    const t = dataType.trim().toUpperCase().replace(/\s+/g, ' ');
    return TYPE_ALIASES[t] ?? (t.startsWith('VARCHAR') ? 'VARCHAR' : t);
  }

  dropRelationSql(relation: Relation): string {
    return `DROP ${this.relationKeyword(relation)} IF EXISTS ${this.renderRelation(relation)}`;
  }

  renameRelationSql(from: Relation, toIdentifier: string): string {
    return `ALTER ${this.relationKeyword(from)} ${this.renderRelation(from)} RENAME TO ${this.quoteIdentifier(toIdentifier)}`;
  }

  createTableSql(relation: RelationRef, definitions: string[]): string {
    return `CREATE OR REPLACE TABLE ${this.renderRelation(relation)} (\n  ${definitions.join(',\n  ')}\n)`;
  }

  createTableAsSql(
    relation: RelationRef,
    selectSql: string,
    options: { temporary?: boolean; contractColumns?: ColumnDescription[] } = {},
  ): string {
    // Temporary tables live in DuckDB's `temp` catalog, so they are named by identifier alone.
    const target = options.temporary ? this.quoteIdentifier(relation.identifier) : this.renderRelation(relation);
    const create = options.temporary ? 'CREATE OR REPLACE TEMPORARY TABLE' : 'CREATE OR REPLACE TABLE';
    const columns = options.contractColumns;
    if (!columns || columns.length === 0) return `${create} ${target} AS (\n${selectSql}\n)`;
    const definitions = columns.map(
      (column) => `${this.quoteIdentifier(column.name)} ${column.dataType}${column.nullable === false ? ' NOT NULL' : ''}`,
    );
    const names = columns.map((column) => this.quoteIdentifier(column.name)).join(', ');
    return [
      `${create} ${target} (\n  ${definitions.join(',\n  ')}\n);`,
      `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_contract_subquery`,
    ].join('\n');
  }

  createViewAsSql(relation: RelationRef, selectSql: string): string {
    return `CREATE OR REPLACE VIEW ${this.renderRelation(relation)} AS (\n${selectSql}\n)`;
  }

  hashSql(expression: string): string {
    return `md5(CAST(${expression} AS VARCHAR))`;
  }

  dropColumnSql(relation: RelationRef, column: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} DROP COLUMN ${this.quoteIdentifier(column)}`;
  }

  alterColumnTypeSql(relation: RelationRef, column: string, dataType: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} ALTER COLUMN ${this.quoteIdentifier(column)} TYPE ${dataType}`;
  }

  insertByNameSql(target: string, selectSql: string): string {
    return `INSERT INTO ${target} BY NAME ${selectSql}`;
  }

  vectorTypeName(dimensions: number): string {
    return `FLOAT[${dimensions}]`;
  }

  vectorLengthSql(expression: string): string {
    return `len(${expression})`;
  }

  /** DuckDB has no materialized views: one is a table. */
  protected override relationKeyword(relation: Relation): 'TABLE' | 'VIEW' {
    switch (relation.type) {
      case 'view':
        return 'VIEW';
      case 'table':
      case 'external':
      case 'materialized_view':
        return 'TABLE';
      case 'cte':
        throw new KilnError(`${relation.identifier} is an ephemeral model (a CTE); there is no relation to drop or rename.`);
    }
  }
}
