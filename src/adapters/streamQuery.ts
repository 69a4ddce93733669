/**
 * A query's rows, batch by batch, column by column: through the adapter's cursor where it
 * has one (the next batch fetched while the caller works on this one), else in one read.
 * Stopping early (a `break`, an error) closes the cursor.
 */
import type { AdapterConnection, CursorBatch } from './types.js';
import { rowsToColumns } from './columns.js';

export interface StreamedBatch extends CursorBatch {
  names: string[];
}

export async function* streamQuery(connection: AdapterConnection, sql: string, options: { tag: string; batchRows: number; cursors: boolean }): AsyncGenerator<StreamedBatch> {
  if (!options.cursors || !connection.openCursor || !connection.readCursor) {
    const [result] = await connection.execute(sql, { tag: options.tag });
    const names = result?.columns.map((c) => c.name) ?? [];
    const rows = result?.rows ?? [];
    yield { names, rowCount: rows.length, columns: rowsToColumns(rows, names.length) };
    return;
  }
  const cursor = await connection.openCursor(sql, { tag: options.tag });
  const names = cursor.columns.map((c) => c.name);
  let finished = false;
  let next = connection.readCursor(cursor.id, options.batchRows);
  try {
    for (;;) {
      const batch = await next;
      if (batch.rowCount === 0) {
        finished = true;
        return;
      }
      next = connection.readCursor(cursor.id, options.batchRows);
      // A rejected read-ahead is reported by the next await; keep Node from calling it unhandled meanwhile.
      next.catch(() => {});
      yield { names, ...batch };
    }
  } finally {
    if (!finished) {
      await next.catch(() => {});
      await connection.closeCursor?.(cursor.id).catch(() => {});
    }
  }
}
