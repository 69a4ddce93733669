/**
 * A fixed pool of DuckDB connections on one database instance, so N runner threads
 * run N statements in parallel. Each borrow may carry a tag; `interrupt(tag)` stops
 * the statement running under it, or drops it from the queue if it is still waiting.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { KilnError } from '../../errors.js';

interface Waiter {
  tag: string | undefined;
  grant: (connection: DuckDBConnection) => void;
  refuse: (error: KilnError) => void;
}

export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly tagsInUse = new Map<DuckDBConnection, string | undefined>();
  private readonly waiters: Waiter[] = [];
  private closed = false;
  private onDrained: (() => void) | undefined;

  constructor(private readonly connections: DuckDBConnection[]) {
    this.idle = [...connections];
  }

  get size(): number {
    return this.connections.length;
  }

  /** Run `work` on a connection of its own, waiting for one to be free. */
  async withConnection<T>(tag: string | undefined, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire(tag);
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Interrupt the statements running under `tag` (every running statement without a tag). Returns how many. */
  interrupt(tag?: string): number {
    let count = 0;
    for (const [connection, runningTag] of this.tagsInUse) {
      if (tag === undefined || runningTag === tag) {
        connection.interrupt();
        count++;
      }
    }
    for (const waiter of [...this.waiters]) {
      if (tag === undefined || waiter.tag === tag) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.refuse(new KilnError(`Cancelled${waiter.tag ? ` (${waiter.tag})` : ''} before it started.`));
        count++;
      }
    }
    return count;
  }

  /** Refuse new work, interrupt what runs, wait for it to stop, then disconnect every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.interrupt();
    if (this.tagsInUse.size > 0) await new Promise<void>((resolve) => (this.onDrained = resolve));
    for (const connection of this.connections) connection.disconnectSync();
  }

  private acquire(tag: string | undefined): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new KilnError('The DuckDB connection is closed.'));
    const connection = this.idle.pop();
    if (connection) {
      this.tagsInUse.set(connection, tag);
      return Promise.resolve(connection);
    }
    return new Promise((grant, refuse) => this.waiters.push({ tag, grant, refuse }));
  }

  private release(connection: DuckDBConnection): void {
    this.tagsInUse.delete(connection);
    if (this.closed) {
      if (this.tagsInUse.size === 0) this.onDrained?.();
      return;
    }
    const next = this.waiters.shift();
    if (next) {
      this.tagsInUse.set(connection, next.tag);
      next.grant(connection);
    } else {
      this.idle.push(connection);
    }
  }
}
