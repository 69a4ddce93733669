/**
 * Compare a model's actual rows with the expected rows in the warehouse: only the
 * expected columns, as multisets (order-insensitive, duplicates counted), with the
 * expected values cast to the actual columns' types, so `1` equals `1.00` and
 * `'2024-01-01'` equals a DATE the way the warehouse itself would cast them.
 */
import type { AdapterDialect, ColumnDescription } from '../../adapters/types.js';
import type { DiffRow, DiffSide } from './rowDiff.js';

export const DIFF_MARKER_COLUMN = 'kiln_unit_test_diff';

/** `(actual EXCEPT ALL expected) UNION ALL (expected EXCEPT ALL actual)` (as the dialect writes a multiset difference), each row marked `+` or `-`. */
export function comparisonSql(dialect: AdapterDialect, actualSql: string, expectedSql: string, columns: ColumnDescription[]): string {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const names = columns.map((c) => q(c.name));
  const list = names.join(', ');
  const marker = q(DIFF_MARKER_COLUMN);
  const actual = `select ${list} from kiln_unit_test_actual`;
  const expected = `select ${list} from kiln_unit_test_expected`;
  return [
    'with kiln_unit_test_actual as (',
    `  select ${list} from (\n${actualSql.trim().replace(/;\s*$/, '')}\n  ) as kiln_unit_test_model`,
    '),',
    'kiln_unit_test_expected as (',
    `  select ${list} from (\n${expectedSql.trim().replace(/;\s*$/, '')}\n  ) as kiln_unit_test_rows`,
    ')',
    `select '+' as ${marker}, * from (${dialect.exceptAllSql(actual, expected, names)}) as kiln_actual_only`,
    'union all',
    `select '-' as ${marker}, * from (${dialect.exceptAllSql(expected, actual, names)}) as kiln_expected_only`,
  ].join('\n');
}

/** The comparison query's result rows as diff rows. */
export function diffRowsOf(rows: unknown[][]): DiffRow[] {
  return rows.map((row) => ({ side: (row[0] === '+' ? '+' : '-') as DiffSide, values: row.slice(1) }));
}
