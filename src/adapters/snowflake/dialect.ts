/**
 * Snowflake's SQL dialect. Unquoted identifiers fold to upper case, so a plain lower-case
 * name that kiln or a project writes (a model `orders`, a `unique_key: id`, a snapshot's
 * `dbt_valid_to`) is quoted in its upper-case form: `"ORDERS"` is the table a user reaches as
 * `orders`, as dbt-snowflake's default (quoting: false) makes it. Names that cannot be written
 * unquoted (mixed case, spaces, reserved words) are quoted exactly as given.
 * Tables are `CREATE OR REPLACE TRANSIENT TABLE` (atomic, and transient as dbt-snowflake's
 * default); DDL commits on its own in Snowflake, so there is no transactional swap.
 */
import { KilnError } from '../../errors.js';
import { StandardSqlDialect } from '../standardSqlDialect.js';
import type { AdapterCapabilities, AdapterDialect, ColumnDescription, Relation, RelationConfig, RelationRef } from '../types.js';
import { SNOWFLAKE_MACROS } from './macros.js';

export const SNOWFLAKE_CAPABILITIES: AdapterCapabilities = {
  supportsMerge: true,
  // BEGIN … COMMIT makes DML atomic; DDL commits the open transaction, so no transactional DDL.
  supportsTransactions: true,
  supportsTransactionalDdl: false,
  supportsInsertOverwrite: false,
  supportsMaterializedViews: false,
  atomicCreateOrReplace: true,
  // Seeds are parsed locally and inserted (no stage upload needed).
  supportsLocalCsvLoad: true,
  supportsBulkAppend: true,
  supportsCursors: true,
  // Snowflake enforces NOT NULL only; primary, unique and foreign keys are informational.
  supportsConstraints: { notNull: true, primaryKey: false, unique: false, check: false, foreignKey: false },
  identifierCase: 'upper',
};

/** Snowflake's reserved words: they cannot be written unquoted, so a lower-case one is quoted as given. */
const RESERVED = new Set(
  `ACCOUNT ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME
   CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP GSCLUSTER HAVING ILIKE IN
   INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION
   QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE
   USING VALUES VIEW WHEN WHENEVER WHERE WINDOW WITH`.split(/\s+/),
);

/** The longest identifier Snowflake accepts, in characters. */
const MAX_IDENTIFIER_LENGTH = 255;

/** kiln's portable type names → Snowflake's. Integers are NUMBER(38,0), as Snowflake stores every integer type. */
const PORTABLE_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  text: 'VARCHAR',
  integer: 'NUMBER(38,0)',
  bigint: 'NUMBER(38,0)',
  float: 'FLOAT',
  numeric: 'NUMBER(28,6)',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP_NTZ',
  date: 'DATE',
  json: 'VARIANT',
};

/** Snowflake's synonyms, as the catalog reports them. */
const TYPE_SYNONYMS: Record<string, string> = {
  INT: 'NUMBER(38,0)', INTEGER: 'NUMBER(38,0)', BIGINT: 'NUMBER(38,0)', SMALLINT: 'NUMBER(38,0)', TINYINT: 'NUMBER(38,0)', BYTEINT: 'NUMBER(38,0)',
  NUMBER: 'NUMBER(38,0)', DECIMAL: 'NUMBER(38,0)', NUMERIC: 'NUMBER(38,0)',
  DOUBLE: 'FLOAT', 'DOUBLE PRECISION': 'FLOAT', REAL: 'FLOAT', FLOAT4: 'FLOAT', FLOAT8: 'FLOAT',
  STRING: 'VARCHAR', TEXT: 'VARCHAR', CHAR: 'VARCHAR', CHARACTER: 'VARCHAR', 'CHAR VARYING': 'VARCHAR', NCHAR: 'VARCHAR', NVARCHAR: 'VARCHAR',
  TIMESTAMP: 'TIMESTAMP_NTZ', DATETIME: 'TIMESTAMP_NTZ', BOOL: 'BOOLEAN', VARBINARY: 'BINARY',
};

/** A name written without quotes that Snowflake stores upper-cased. */
const PLAIN_LOWER = /^[a-z_][a-z0-9_$]*$/;

/** TRANSIENT unless the model's config says `transient: false` (dbt-snowflake's default is transient). */
function tableKind(config: RelationConfig | undefined): 'TRANSIENT ' | '' {
  return config?.['transient'] === false ? '' : 'TRANSIENT ';
}

/** The name Snowflake stores for `identifier`: upper case where it could be written unquoted, exact otherwise. */
export function storedIdentifier(identifier: string): string {
  return PLAIN_LOWER.test(identifier) && !RESERVED.has(identifier.toUpperCase()) ? identifier.toUpperCase() : identifier;
}

export class SnowflakeDialect extends StandardSqlDialect implements AdapterDialect {
  readonly type = 'snowflake';
  readonly capabilities = SNOWFLAKE_CAPABILITIES;
  readonly macros = SNOWFLAKE_MACROS;

  override quoteIdentifier(identifier: string): string {
    if (identifier.length > MAX_IDENTIFIER_LENGTH) {
      throw new KilnError(`'${identifier.slice(0, 40)}…' is ${identifier.length} characters long; Snowflake identifiers hold at most ${MAX_IDENTIFIER_LENGTH}`, { hint: 'give it a shorter name (an alias: config, or a shorter file name)' });
    }
    return super.quoteIdentifier(storedIdentifier(identifier));
  }

  /** Snowflake reads backslash escapes inside '…', so a backslash is doubled as well as a quote. */
  override quoteString(value: string): string {
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }


  normalizeIdentifier(identifier: string): string {
    return identifier.toUpperCase();
  }

  typeName(portable: string): string {
    return PORTABLE_TYPES[portable.toLowerCase()] ?? portable;
  }

  /** UTC wall-clock time without a zone, as dbt-snowflake's snapshots take it. */
  currentTimestampSql(): string {
    return `CAST(CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP()) AS TIMESTAMP_NTZ)`;
  }

  createSchemaSql(database: string, schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${this.renderRelation({ database, schema, identifier: '' })}`;
  }

  dropSchemaSql(database: string, schema: string): string {
    return `DROP SCHEMA IF EXISTS ${this.renderRelation({ database, schema, identifier: '' })} CASCADE`;
  }

  /** One spelling per type: synonyms resolved, default sizes dropped (`VARCHAR(16777216)` is `VARCHAR`), no spaces. */
  canonicalTypeName(dataType: string): string {
    const t = dataType.trim().toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1');
    const match = /^([A-Z0-9_ ]+?)(?:\((.*)\))?$/.exec(t);
    if (!match) return t;
    const base = match[1]!;
    const args = match[2];
    if (['NUMBER', 'DECIMAL', 'NUMERIC'].includes(base)) {
      const [precision = '38', scale = '0'] = args ? args.split(',') : [];
      return `NUMBER(${precision},${scale})`;
    }
    if (base === 'VECTOR') return t;
    const synonym = TYPE_SYNONYMS[base] ?? base;
    if (synonym === 'VARCHAR') return args && args !== '16777216' ? `VARCHAR(${args})` : 'VARCHAR';
    if (synonym.startsWith('TIMESTAMP') && args === '9') return synonym;
    return args && !synonym.includes('(') ? `${synonym}(${args})` : synonym;
  }

  dropRelationSql(relation: Relation): string {
    return `DROP ${this.relationKeyword(relation)} IF EXISTS ${this.renderRelation(relation)}`;
  }

  /** The new name fully qualified: Snowflake moves a relation renamed to a bare name into the session's current schema. */
  renameRelationSql(from: Relation, toIdentifier: string): string {
    return `ALTER ${this.relationKeyword(from)} ${this.renderRelation(from)} RENAME TO ${this.renderRelation({ ...from, identifier: toIdentifier })}`;
  }

  createTableSql(relation: RelationRef, definitions: string[], options: { config?: RelationConfig } = {}): string {
    return `CREATE OR REPLACE ${tableKind(options.config)}TABLE ${this.renderRelation(relation)} (\n  ${definitions.join(',\n  ')}\n)${this.tableOptions(options.config)}`;
  }

  /**
   * Transient tables (no Fail-safe storage) unless the model says `transient: false`, as
   * dbt-snowflake builds them; `cluster_by` and `copy_grants` from the model's config. Temporary
   * tables are named by identifier alone, since they live in the session's current schema.
   */
  createTableAsSql(relation: RelationRef, selectSql: string, options: { temporary?: boolean; contractColumns?: ColumnDescription[]; config?: RelationConfig } = {}): string {
    const target = options.temporary ? this.quoteIdentifier(relation.identifier) : this.renderRelation(relation);
    const kind = options.temporary ? 'TEMPORARY ' : tableKind(options.config);
    const tableOptions = options.temporary ? '' : this.tableOptions(options.config);
    const columns = options.contractColumns;
    if (!columns || columns.length === 0) return `CREATE OR REPLACE ${kind}TABLE ${target}${tableOptions} AS (\n${selectSql}\n)`;
    const definitions = columns.map((column) => `${this.quoteIdentifier(column.name)} ${column.dataType}${column.nullable === false ? ' NOT NULL' : ''}`);
    const names = columns.map((column) => this.quoteIdentifier(column.name)).join(', ');
    return [
      `CREATE OR REPLACE ${kind}TABLE ${target} (\n  ${definitions.join(',\n  ')}\n)${tableOptions};`,
      `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_contract_subquery`,
    ].join('\n');
  }

  createViewAsSql(relation: RelationRef, selectSql: string, options: { config?: RelationConfig } = {}): string {
    return `CREATE OR REPLACE VIEW ${this.renderRelation(relation)}${options.config?.['copy_grants'] === true ? ' COPY GRANTS' : ''} AS (\n${selectSql}\n)`;
  }

  /** Snowflake has no EXCEPT ALL: equal rows are numbered on both sides (its row_number needs an ORDER BY). */
  override exceptAllSql(left: string, right: string, columns: string[]): string {
    return this.numberedExceptSql(left, right, columns, { except: 'except', orderBy: true });
  }

  /** ` CLUSTER BY (…) COPY GRANTS` from a model's config, in the order CREATE TABLE takes them. */
  private tableOptions(config: RelationConfig | undefined): string {
    if (!config) return '';
    const clusterBy = config['cluster_by'];
    const keys = (Array.isArray(clusterBy) ? clusterBy : clusterBy ? [clusterBy] : []).map(String);
    return `${keys.length ? ` CLUSTER BY (${keys.join(', ')})` : ''}${config['copy_grants'] === true ? ' COPY GRANTS' : ''}`;
  }

  hashSql(expression: string): string {
    return `MD5(CAST(${expression} AS VARCHAR))`;
  }

  dropColumnSql(relation: RelationRef, column: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} DROP COLUMN ${this.quoteIdentifier(column)}`;
  }

  alterColumnTypeSql(relation: RelationRef, column: string, dataType: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} ALTER COLUMN ${this.quoteIdentifier(column)} SET DATA TYPE ${dataType}`;
  }

  /** Aliases without AS, as Snowflake's DELETE documents them (`DELETE FROM t1 a USING t2 b WHERE …`). */
  override deleteMatchingSql(target: string, source: string, condition: string): string {
    return `DELETE FROM ${target} DBT_INTERNAL_DEST USING ${source} DBT_INTERNAL_SOURCE WHERE ${condition}`;
  }

  override timestampLiteralSql(value: string): string {
    return `CAST(${this.quoteString(value)} AS TIMESTAMP_NTZ)`;
  }

  /** Snowflake has no INSERT … BY NAME: the columns are listed. */
  insertByNameSql(target: string, selectSql: string, columns?: string[]): string {
    if (!columns?.length) throw new KilnError(`Snowflake has no INSERT … BY NAME: the columns of ${target} must be listed`, { hint: 'this kiln step does not run on Snowflake yet' });
    const names = columns.join(', ');
    return `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_by_name`;
  }

  vectorTypeName(dimensions: number): string {
    return `VECTOR(FLOAT, ${dimensions})`;
  }

  vectorLengthSql(expression: string): string {
    return `ARRAY_SIZE(CAST(${expression} AS ARRAY))`;
  }

}
