/**
 * BigQuery's SQL dialect (GoogleSQL): backtick-quoted names rendered part by part as
 * dbt-bigquery does (`project`.`dataset`.`table`), strings with backslash escapes, case kept
 * (table names are case-sensitive), `CREATE OR REPLACE TABLE` (atomic, so no swap), no
 * `DELETE … USING` (a correlated EXISTS instead), no DDL inside transactions, and vectors as
 * `ARRAY<FLOAT64>`. Working tables ("temporary" ones) are real tables with a 12-hour expiry,
 * named by identifier alone: every job runs with the target dataset as its default dataset.
 */
import { KilnError } from '../../errors.js';
import { StandardSqlDialect } from '../standardSqlDialect.js';
import type { AdapterCapabilities, AdapterDialect, ColumnDescription, Relation, RelationRef } from '../types.js';
import { BIGQUERY_MACROS } from './macros.js';
import { tableClausesSql } from './tableOptions.js';

export const BIGQUERY_CAPABILITIES: AdapterCapabilities = {
  supportsMerge: true,
  // Transactions hold DML only; the runner's transactions hold DDL, so it is told there are none.
  supportsTransactions: false,
  supportsTransactionalDdl: false,
  supportsInsertOverwrite: false,
  supportsMaterializedViews: false,
  atomicCreateOrReplace: true,
  // Seeds are loaded as parameterised INSERTs (no local load path), which the seed step accepts.
  supportsLocalCsvLoad: true,
  supportsBulkAppend: true,
  supportsCursors: true,
  // NOT NULL is enforced; primary and foreign keys are declared but not enforced.
  supportsConstraints: { notNull: true, primaryKey: false, unique: false, check: false, foreignKey: false },
  identifierCase: 'preserve',
};

const PORTABLE_TYPES: Record<string, string> = {
  string: 'STRING', text: 'STRING', varchar: 'STRING', integer: 'INT64', int: 'INT64', bigint: 'INT64', float: 'FLOAT64', double: 'FLOAT64',
  numeric: 'NUMERIC', decimal: 'NUMERIC', boolean: 'BOOL', bool: 'BOOL', timestamp: 'TIMESTAMP', date: 'DATE', json: 'JSON',
};

/** GoogleSQL's aliases and the REST API's legacy names → the canonical type name. */
const TYPE_ALIASES: Record<string, string> = {
  INTEGER: 'INT64', INT: 'INT64', SMALLINT: 'INT64', BIGINT: 'INT64', TINYINT: 'INT64', BYTEINT: 'INT64', FLOAT: 'FLOAT64', DOUBLE: 'FLOAT64',
  BOOLEAN: 'BOOL', DECIMAL: 'NUMERIC', BIGDECIMAL: 'BIGNUMERIC', RECORD: 'STRUCT', VARCHAR: 'STRING', TEXT: 'STRING',
};

const GRAINS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour']);

export interface BigQueryDialectOptions {
  location?: string;
}

export class BigQueryDialect extends StandardSqlDialect implements AdapterDialect {
  readonly type = 'bigquery';
  readonly capabilities = BIGQUERY_CAPABILITIES;
  readonly macros = BIGQUERY_MACROS;

  constructor(private readonly options: BigQueryDialectOptions = {}) {
    super();
  }

  override quoteIdentifier(identifier: string): string {
    return `\`${identifier.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
  }

  /** GoogleSQL strings escape with backslashes ('' is not an escape there). */
  override quoteString(value: string): string {
    const escaped = value.replace(/[\\'\n\r\t\0]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' })[c]!);
    return `'${escaped}'`;
  }


  /** Table and dataset names are case-sensitive in BigQuery: kept as written. */
  normalizeIdentifier(identifier: string): string {
    return identifier;
  }

  typeName(portable: string): string {
    return PORTABLE_TYPES[portable.toLowerCase()] ?? portable;
  }

  currentTimestampSql(): string {
    return 'current_timestamp()';
  }

  /** A dataset, in the target's location where it names one. */
  createSchemaSql(database: string, schema: string): string {
    const options = this.options.location ? ` OPTIONS(location=${this.quoteString(this.options.location)})` : '';
    return `CREATE SCHEMA IF NOT EXISTS ${this.renderRelation({ database, schema, identifier: '' })}${options}`;
  }

  dropSchemaSql(database: string, schema: string): string {
    return `DROP SCHEMA IF EXISTS ${this.renderRelation({ database, schema, identifier: '' })} CASCADE`;
  }

  /** `INT64`, `ARRAY<FLOAT64>`, `NUMERIC(10,2)`: upper case, aliases folded, no spaces. */
  canonicalTypeName(dataType: string): string {
    const t = dataType.trim().toUpperCase().replace(/\s+/g, ' ');
    return t.replace(/[A-Z][A-Z0-9_]*/g, (word) => TYPE_ALIASES[word] ?? word).replace(/\s*([<>(),])\s*/g, '$1');
  }

  dropRelationSql(relation: Relation): string {
    return `DROP ${this.relationKeyword(relation)} IF EXISTS ${this.renderRelation(relation)}`;
  }

  /**
   * Tables rename in place. BigQuery cannot rename a view, so the view is created anew from its
   * stored definition under the new name and the old one dropped, in one script.
   */
  renameRelationSql(from: Relation, toIdentifier: string): string {
    if (from.type === 'table' || from.type === 'external') return `ALTER TABLE ${this.renderRelation(from)} RENAME TO ${this.quoteIdentifier(toIdentifier)}`;
    if (from.type !== 'view') throw new KilnError(`BigQuery cannot rename the ${from.type} ${this.renderRelation(from)}`, { hint: 'drop it and build it again' });
    const dataset = this.renderRelation({ ...from, identifier: '' });
    const to = this.renderRelation({ ...from, identifier: toIdentifier });
    return [
      `EXECUTE IMMEDIATE (SELECT CONCAT(${this.quoteString(`CREATE OR REPLACE VIEW ${to} AS `)}, view_definition) FROM ${dataset}.INFORMATION_SCHEMA.VIEWS WHERE table_name = ${this.quoteString(from.identifier)});`,
      `DROP VIEW ${this.renderRelation(from)}`,
    ].join('\n');
  }

  createTableSql(relation: RelationRef, definitions: string[], options: { config?: Record<string, unknown> } = {}): string {
    const clauses = tableClausesSql(options.config ?? {}, (n) => this.quoteIdentifier(n), (v) => this.quoteString(v));
    return `CREATE OR REPLACE TABLE ${this.renderRelation(relation)} (\n  ${definitions.join(',\n  ')}\n)${clauses ? `\n${clauses}` : ''}`;
  }

  /**
   * `config` (optional, beyond the contract) is the model's config: partition_by, cluster_by and
   * the table options dbt-bigquery reads (tableOptions.ts).
   */
  createTableAsSql(relation: RelationRef, selectSql: string, options: { temporary?: boolean; contractColumns?: ColumnDescription[]; config?: Record<string, unknown> } = {}): string {
    // A working table: in the default dataset, gone after 12 hours if a failed run leaves it behind (as dbt-bigquery's tmp tables).
    const target = options.temporary ? this.quoteIdentifier(relation.identifier) : this.renderRelation(relation);
    const clauses = options.temporary ? 'OPTIONS(expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 12 HOUR))' : tableClausesSql(options.config ?? {}, (n) => this.quoteIdentifier(n), (v) => this.quoteString(v));
    const tail = clauses ? `\n${clauses}` : '';
    const columns = options.contractColumns;
    if (!columns?.length) return `CREATE OR REPLACE TABLE ${target}${tail}\nAS (\n${selectSql}\n)`;
    const definitions = columns.map((c) => `${this.quoteIdentifier(c.name)} ${c.dataType}${c.nullable === false ? ' NOT NULL' : ''}`);
    const names = columns.map((c) => this.quoteIdentifier(c.name)).join(', ');
    return `CREATE OR REPLACE TABLE ${target} (\n  ${definitions.join(',\n  ')}\n)${tail}\nAS SELECT ${names} FROM (\n${selectSql}\n) AS kiln_contract_subquery`;
  }

  createViewAsSql(relation: RelationRef, selectSql: string): string {
    return `CREATE OR REPLACE VIEW ${this.renderRelation(relation)} AS (\n${selectSql}\n)`;
  }

  /** GoogleSQL has EXCEPT DISTINCT only. */
  override exceptAllSql(left: string, right: string, columns: string[]): string {
    return this.numberedExceptSql(left, right, columns, { except: 'EXCEPT DISTINCT', orderBy: false });
  }

  hashSql(expression: string): string {
    return `to_hex(md5(CAST(${expression} AS STRING)))`;
  }

  override castSql(expression: string, typeName: string): string {
    return `CAST(${expression} AS ${typeName})`;
  }

  dropColumnSql(relation: RelationRef, column: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} DROP COLUMN ${this.quoteIdentifier(column)}`;
  }

  alterColumnTypeSql(relation: RelationRef, column: string, dataType: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} ALTER COLUMN ${this.quoteIdentifier(column)} SET DATA TYPE ${dataType}`;
  }

  /** BigQuery has no DELETE … USING; its DELETE needs a WHERE, which EXISTS gives. */
  override deleteMatchingSql(target: string, source: string, condition: string): string {
    return `DELETE FROM ${target} AS DBT_INTERNAL_DEST WHERE EXISTS (SELECT 1 FROM ${source} AS DBT_INTERNAL_SOURCE WHERE ${condition})`;
  }

  /** timestamp_trunc keeps the type of a TIMESTAMP; kiln's event times are timestamps. */
  override dateTruncSql(grain: string, expression: string): string {
    const unit = grain.toLowerCase();
    if (!GRAINS.has(unit)) throw new KilnError(`'${grain}' is not a time granularity`, { hint: `use one of ${[...GRAINS].join(', ')}` });
    return `timestamp_trunc(CAST(${expression} AS TIMESTAMP), ${unit.toUpperCase()})`;
  }

  insertByNameSql(target: string, selectSql: string, columns?: string[]): string {
    if (!columns?.length) throw new KilnError(`BigQuery has no INSERT … BY NAME: the columns of ${target} must be listed`, { hint: 'this kiln step does not run on BigQuery yet' });
    const names = columns.join(', ');
    return `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_by_name`;
  }

  vectorTypeName(_dimensions: number): string {
    return 'ARRAY<FLOAT64>';
  }

  vectorLengthSql(expression: string): string {
    return `array_length(${expression})`;
  }

  protected override relationKeyword(relation: Relation): 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW' | 'EXTERNAL TABLE' {
    switch (relation.type) {
      case 'view':
        return 'VIEW';
      case 'materialized_view':
        return 'MATERIALIZED VIEW';
      case 'external':
        return 'EXTERNAL TABLE';
      case 'table':
        return 'TABLE';
      case 'cte':
        throw new KilnError(`${relation.identifier} is an ephemeral model (a CTE); there is no relation to drop or rename.`);
    }
  }
}
