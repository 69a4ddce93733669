/**
 * Rows as an aligned text table, for people reading a terminal: `kiln show`, a failing
 * test's sample rows, a unit test's row diff (with `+`/`-` markers before each row).
 */
export interface TextTableOptions {
  /** How NULL prints ('' by default). */
  nullText?: string;
  /** One marker character per data row; the header and rule get a blank one. */
  markers?: string[];
}

export function cellText(value: unknown, nullText = ''): string {
  if (value === null || value === undefined) return nullText;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function textTable(columns: string[], rows: unknown[][], options: TextTableOptions = {}): string[] {
  const text = rows.map((row) => row.map((value) => cellText(value, options.nullText)));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], marker?: string) =>
    `${marker === undefined ? '' : `${marker} `}| ${cells.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const blank = options.markers ? ' ' : undefined;
  return [line(columns, blank), line(widths.map((w) => '-'.repeat(w)), blank), ...text.map((cells, i) => line(cells, options.markers?.[i]))];
}
