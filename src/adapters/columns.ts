/** Rows (arrays in column order) → one array per column: the shape of `appendColumns` and of cursor batches. */
export function rowsToColumns(rows: readonly (readonly unknown[])[], width = rows[0]?.length ?? 0): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}
