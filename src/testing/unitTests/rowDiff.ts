/**
 * A failing unit test's rows as a table: `+` rows the model returned but the test
 * did not expect, `-` rows the test expected but the model did not return. Rows are
 * sorted by their values so a changed row shows as a `-`/`+` pair.
 */
import { cellText, textTable } from '../../textTable.js';

export type DiffSide = '+' | '-';

export interface DiffRow {
  side: DiffSide;
  values: unknown[];
}

export const DIFF_ROW_LIMIT = 50;


function compareCells(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [cellText(a, 'null'), cellText(b, 'null')];
  const [nx, ny] = [Number(x), Number(y)];
  if (x.trim() !== '' && y.trim() !== '' && Number.isFinite(nx) && Number.isFinite(ny) && nx !== ny) return nx - ny;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sortDiffRows(rows: DiffRow[]): DiffRow[] {
  return [...rows].sort((a, b) => {
    for (let i = 0; i < Math.max(a.values.length, b.values.length); i++) {
      const order = compareCells(a.values[i], b.values[i]);
      if (order !== 0) return order;
    }
    return a.side === b.side ? 0 : a.side === '-' ? -1 : 1;
  });
}

/** The diff as text, at most `limit` rows (the rest counted). */
export function formatRowDiff(columns: string[], rows: DiffRow[], limit = DIFF_ROW_LIMIT): string {
  const sorted = sortDiffRows(rows);
  const shown = sorted.slice(0, limit);
  const lines = [
    'actual differs from expected (+ returned by the model but not expected, - expected but not returned):',
    '',
    ...textTable(columns, shown.map((r) => r.values), { nullText: 'null', markers: shown.map((r) => r.side) }),
  ];
  if (sorted.length > shown.length) lines.push(`… and ${sorted.length - shown.length} more differing rows`);
  return lines.join('\n');
}
