/**
 * The parts of a dialect that are standard SQL, shared by the built-in adapters: double-quoted
 * identifiers, `''`-escaped strings, CAST, `||`, `date_trunc`, `ALTER TABLE … ADD COLUMN`,
 * `DELETE … USING`, TIMESTAMP literals. A warehouse that differs overrides the method.
 */
import { KilnError } from '../errors.js';
import type { ColumnDescription, RelationRef } from './types.js';

const DATE_GRAINS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour']);

export abstract class StandardSqlDialect {
  abstract renderRelation(relation: RelationRef): string;

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

  timestampLiteralSql(value: string): string {
    return `TIMESTAMP ${this.quoteString(value)}`;
  }
}
