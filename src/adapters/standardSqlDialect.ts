/**
 * The parts of a dialect that are standard SQL, shared by the built-in adapters: double-quoted
 * identifiers, `''`-escaped strings, CAST, `||`, `date_trunc`, `ALTER TABLE … ADD COLUMN`,
 * `DELETE … USING`, TIMESTAMP literals. A warehouse that differs overrides the method.
 */
import { KilnError } from '../errors.js';
import type { ColumnDescription, Relation, RelationRef } from './types.js';

const DATE_GRAINS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour']);

export abstract class StandardSqlDialect {
  /** `"db"."schema"."name"`, each part quoted unless `quoting` says otherwise; an empty part (or an implied database) left out. */
  renderRelation(relation: RelationRef, quoting: Partial<Record<'database' | 'schema' | 'identifier', boolean>> = {}): string {
    const part = (name: string, quoted: boolean | undefined): string => (quoted === false ? name : this.quoteIdentifier(name));
    const parts: string[] = [];
    if (relation.database && !this.impliesDatabase(relation.database)) parts.push(part(relation.database, quoting.database));
    if (relation.schema) parts.push(part(relation.schema, quoting.schema));
    if (relation.identifier) parts.push(part(relation.identifier, quoting.identifier)); // none: the schema itself (without_identifier)
    return parts.join('.');
  }

  /** A database the warehouse assumes, so relation names leave it out (DuckDB's main catalog). */
  protected impliesDatabase(_database: string): boolean {
    return false;
  }

  /** The keyword DROP and ALTER take for the relation's type. */
  protected relationKeyword(relation: Relation): string {
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

  quoteIdentifier(identifier: string): string {
    return `"${identifier.replaceAll('"', '""')}"`;
  }

  quoteString(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
  }

  limitZeroSql(selectSql: string): string {
    return `SELECT * FROM (\n${selectSql}\n) AS kiln_limit_zero LIMIT 0`;
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

  deleteMatchingSql(target: string, source: string, condition: string): string {
    return `DELETE FROM ${target} AS DBT_INTERNAL_DEST USING ${source} AS DBT_INTERNAL_SOURCE WHERE ${condition}`;
  }

  dateTruncSql(grain: string, expression: string): string {
    const unit = grain.toLowerCase();
    if (!DATE_GRAINS.has(unit)) throw new KilnError(`'${grain}' is not a time granularity`, { hint: `use one of ${[...DATE_GRAINS].join(', ')}` });
    return `date_trunc('${unit}', ${expression})`;
  }

  exceptAllSql(left: string, right: string, _columns: string[]): string {
    return `${left}\nexcept all\n${right}`;
  }

  /**
   * A multiset difference where the warehouse has no EXCEPT ALL: each group of equal rows is
   * numbered (1, 2, …) on both sides, so a set difference of the numbered rows keeps a row as
   * often as it is in excess. `orderBy` where the warehouse wants an ORDER BY in row_number().
   */
  protected numberedExceptSql(left: string, right: string, columns: string[], options: { except: string; orderBy: boolean }): string {
    const list = columns.join(', ');
    const numbered = (query: string, alias: string) =>
      `select ${list}, row_number() over (partition by ${list}${options.orderBy ? ` order by ${list}` : ''}) as kiln_duplicate from (\n${query}\n) as ${alias}`;
    return `select ${list} from (\n${numbered(left, 'kiln_left')}\n${options.except}\n${numbered(right, 'kiln_right')}\n) as kiln_except_all`;
  }

  timestampLiteralSql(value: string): string {
    return `TIMESTAMP ${this.quoteString(value)}`;
  }
}
