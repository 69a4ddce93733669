/**
 * Streaming reads for TypeScript models and the embedding step: a query's rows fetched
 * a batch at a time, so a million-row input never sits in memory at once. Each cursor
 * has a connection of its own (cheap in DuckDB), so a long read never holds a pool
 * connection a runner thread is waiting for.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBResult } from '@duckdb/node-api';
import { KilnError } from '../../errors.js';
import type { CursorBatch, CursorInfo } from '../types.js';
import { toPlainValue } from './result-values.js';

interface OpenCursor {
  connection: DuckDBConnection;
  result: DuckDBResult;
  tag: string | undefined;
}

export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = 1;

  async open(instance: DuckDBInstance, sql: string, tag: string | undefined, prepare: (connection: DuckDBConnection) => Promise<void>): Promise<CursorInfo> {
    const connection = await instance.connect();
    try {
      await prepare(connection);
      const result = await connection.stream(sql);
      const id = `cursor-${this.nextId++}`;
      this.cursors.set(id, { connection, result, tag });
      const columns = Array.from({ length: result.columnCount }, (_, index) => ({ name: result.columnName(index), dataType: result.columnType(index).toString() }));
      return { id, columns };
    } catch (error) {
      connection.disconnectSync();
      throw error;
    }
  }

  /** Up to about `maxRows` rows, column by column; an empty batch means the end (the cursor is then closed). */
  async read(id: string, maxRows: number): Promise<CursorBatch> {
    const cursor = this.cursors.get(id);
    if (!cursor) throw new KilnError(`cursor ${id} is not open (it was read to the end, closed or cancelled)`);
    let columns: unknown[][] | undefined;
    let rowCount = 0;
    try {
      while (rowCount < maxRows) {
        const chunk = await cursor.result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const chunkColumns = chunk.convertColumns(toPlainValue);
        if (!columns) columns = chunkColumns;
        else for (let index = 0; index < columns.length; index++) pushAll(columns[index]!, chunkColumns[index]!);
        rowCount += chunk.rowCount;
      }
    } catch (error) {
      this.close(id);
      throw error;
    }
    if (rowCount === 0) this.close(id);
    return { rowCount, columns: columns ?? [] };
  }

  close(id: string): void {
    const cursor = this.cursors.get(id);
    if (!cursor) return;
    this.cursors.delete(id);
    cursor.connection.disconnectSync();
  }

  interrupt(tag?: string): void {
    for (const [id, cursor] of this.cursors) {
      if (tag !== undefined && cursor.tag !== tag) continue;
      cursor.connection.interrupt();
      this.close(id);
    }
  }

  closeAll(): void {
    for (const id of [...this.cursors.keys()]) this.close(id);
  }
}

/** `push(...values)` overflows the stack for big arrays. */
function pushAll(target: unknown[], values: unknown[]): void {
  for (let index = 0; index < values.length; index++) target.push(values[index]);
}
