import type { AdapterDialect, ColumnDescription, RelationRef } from './types.js';

/** CREATE (OR REPLACE) TABLE with these columns and no rows, through the dialect's own CTAS. */
export function emptyTableSql(dialect: AdapterDialect, relation: RelationRef, columns: ColumnDescription[]): string {
  const select = `select ${columns.map((c) => `${dialect.castSql('null', c.dataType)} as ${dialect.quoteIdentifier(c.name)}`).join(', ')}`;
  return dialect.createTableAsSql(relation, dialect.limitZeroSql(select));
}
