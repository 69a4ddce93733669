/**
 * SQL for fixture rows: one SELECT per row joined with UNION ALL, each value a
 * literal cast to its column's type; columns the rows leave out are NULL of their
 * type. Values are escaped by the dialect's quoting function, never pasted.
 */
import type { AdapterDialect, ColumnDescription } from '../../adapters/types.js';
import type { FixtureData } from './types.js';

/** A literal for a YAML or CSV value; `inferFromText` reads CSV text such as `12` or `true` as a number/boolean. */
export function sqlLiteral(dialect: AdapterDialect, value: unknown, inferFromText = false): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isFinite(Number(value)) ? String(value) : dialect.quoteString(String(value));
  if (value instanceof Date) return dialect.quoteString(value.toISOString());
  if (typeof value === 'string') {
    if (inferFromText && /^-?\d+(\.\d+)?$/.test(value)) return value;
    if (inferFromText && /^(true|false)$/i.test(value)) return value.toUpperCase();
    return dialect.quoteString(value);
  }
  return dialect.quoteString(JSON.stringify(value));
}

/** `CAST(literal AS type)`, or the bare literal when the type is unknown. */
function typedValue(dialect: AdapterDialect, value: unknown, dataType: string | undefined, fromCsv: boolean): string {
  const literal = sqlLiteral(dialect, value, fromCsv && !dataType);
  if (!dataType || dataType.toUpperCase() === 'NULL') return literal;
  return dialect.castSql(literal, dataType);
}

export interface FixtureRowsSql {
  sql: string;
  /** Given columns that `columns` does not list (only checked when `strict`). */
  unknownColumns: string[];
}

/**
 * A SELECT of `data` (rows) with exactly `columns`, in their order. Given columns not
 * in `columns` are kept untyped at the end unless `strict`, which reports them instead.
 */
export function fixtureRowsSql(dialect: AdapterDialect, data: Extract<FixtureData, { kind: 'rows' }>, columns: ColumnDescription[], options: { fromCsv: boolean; strict: boolean }): FixtureRowsSql {
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const unknownColumns = data.columns.filter((c) => !byName.has(c.toLowerCase()));
  const output: { name: string; dataType?: string; given: number }[] = columns.map((c) => ({ name: c.name, dataType: c.dataType, given: data.columns.findIndex((g) => g.toLowerCase() === c.name.toLowerCase()) }));
  if (!options.strict) for (const name of unknownColumns) output.push({ name, given: data.columns.indexOf(name) });
  const selectList = (row: unknown[] | undefined) =>
    output.map((c) => `${typedValue(dialect, row && c.given >= 0 ? row[c.given] : null, c.dataType, options.fromCsv)} as ${dialect.quoteIdentifier(c.name)}`).join(', ');
  if (!output.length) return { sql: 'select 1 as kiln_no_columns where 1 = 0', unknownColumns };
  const sql = data.rows.length ? data.rows.map((row) => `select ${selectList(row)}`).join('\nunion all\n') : `select ${selectList(undefined)}\nwhere 1 = 0`;
  return { sql, unknownColumns };
}

/** A user's SELECT (format sql) with its columns cast to `columns`' types. */
export function castSelectSql(dialect: AdapterDialect, selectSql: string, columns: ColumnDescription[]): string {
  const list = columns.map((c) => {
    const name = dialect.quoteIdentifier(c.name);
    return `${!c.dataType || c.dataType.toUpperCase() === 'NULL' ? name : dialect.castSql(name, c.dataType)} as ${name}`;
  });
  return `select ${list.join(', ')}\nfrom (\n${selectSql.trim().replace(/;\s*$/, '')}\n) as kiln_unit_test_sql`;
}
