/**
 * The DuckDB connection side of the adapter (runs in the bridge worker): one
 * database instance, a pool of `threads` connections, and the AdapterConnection
 * methods on top. Every DuckDB failure surfaces as a KilnError carrying DuckDB's
 * own message.
 *
 * Parallelism note: the binding runs statements on libuv's thread pool (4 threads
 * unless UV_THREADPOOL_SIZE is set before the process first uses it), so more than
 * 4 concurrent statements need that variable set when node starts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from './driver.js';
import { KilnError } from '../../errors.js';
import type {
  AdapterConnection,
  ColumnDescription,
  ConnectionOptions,
  CsvLoadOptions,
  CursorBatch,
  CursorInfo,
  ExecuteOptions,
  QueryResult,
  Relation,
  RelationDescription,
  RelationRef,
} from '../types.js';
import { ConnectionPool } from './connection-pool.js';
import { appendColumns } from './appender.js';
import { CursorRegistry } from './cursors.js';
import { loadCsv } from './csv-load.js';
import { DuckDbDialect } from './dialect.js';
import * as introspection from './introspection.js';
import { runStatement } from './run-statement.js';
import { IN_MEMORY_PATH, readDuckDbTarget, type DuckDbSettingValue, type DuckDbTarget } from './target.js';
import { inTransaction } from './transaction.js';

const { DuckDBInstance } = duckdb;
type DuckDBInstance = import('@duckdb/node-api').DuckDBInstance;

export class DuckDbConnection implements AdapterConnection {
  private readonly target: DuckDbTarget;
  private readonly dialect: DuckDbDialect;
  private instance: DuckDBInstance | undefined;
  private pool: ConnectionPool | undefined;
  private readonly cursors = new CursorRegistry();

  constructor(
    rawTarget: Record<string, unknown>,
    private readonly options: ConnectionOptions,
  ) {
    this.target = readDuckDbTarget(rawTarget, options.projectRoot);
    this.dialect = new DuckDbDialect(rawTarget);
  }

  async open(): Promise<void> {
    if (this.pool) return;
    await asKilnError(async () => {
      if (this.target.path !== IN_MEMORY_PATH) mkdirSync(path.dirname(this.target.path), { recursive: true });
      const instance = await openWaitingForLock(this.target.path, this.options.lockWaitSeconds ?? 0);
      this.instance = instance;
      const connections: DuckDBConnection[] = [];
      // One connection per runner thread, plus one so a template's blocking call need not wait for a busy runner.
      const poolSize = Math.max(1, this.options.threads) + 1;
      for (let index = 0; index < poolSize; index++) connections.push(await instance.connect());
      await this.prepareInstance(connections[0]!);
      for (const connection of connections) await this.applySettings(connection);
      this.pool = new ConnectionPool(connections);
    }, `Could not open the DuckDB database ${this.target.path}`);
  }

  async execute(sql: string | string[], options: ExecuteOptions = {}): Promise<QueryResult[]> {
    const statements = Array.isArray(sql) ? sql : [sql];
    return this.withConnection(options.tag, async (connection) => {
      const runAll = async (): Promise<QueryResult[]> => {
        const results: QueryResult[] = [];
        for (const statement of statements) results.push(await runStatement(connection, statement, options));
        return results;
      };
      return options.transaction ? inTransaction(connection, runAll) : runAll();
    });
  }

  listRelations(database: string, schema: string): Promise<Relation[]> {
    return this.withConnection(undefined, (connection) => introspection.listRelations(connection, this.target, database, schema));
  }

  getColumns(relation: RelationRef): Promise<ColumnDescription[]> {
    return this.withConnection(undefined, (connection) => introspection.getColumns(connection, this.target, relation));
  }

  listSchemas(database: string): Promise<string[]> {
    return this.withConnection(undefined, (connection) => introspection.listSchemas(connection, this.target, database));
  }

  describeRelations(relations: RelationRef[]): Promise<RelationDescription[]> {
    return this.withConnection(undefined, (connection) => introspection.describeRelations(connection, this.target, relations));
  }

  loadCsv(relation: RelationRef, file: string, options: CsvLoadOptions): Promise<QueryResult> {
    return this.withConnection(undefined, (connection) =>
      loadCsv({ connection, target: this.target, dialect: this.dialect, projectRoot: this.options.projectRoot }, relation, file, options),
    );
  }

  appendColumns(relation: RelationRef, columns: unknown[][]): Promise<number> {
    return this.withConnection(undefined, (connection) => appendColumns(connection, relation, introspection.catalogFor(this.target, relation.database), columns));
  }

  openCursor(sql: string, options: { tag?: string } = {}): Promise<CursorInfo> {
    const instance = this.instance;
    if (!instance) return Promise.reject(new KilnError('The DuckDB connection is not open.'));
    return asKilnError(() => this.cursors.open(instance, sql, options.tag, (connection) => this.applySettings(connection)));
  }

  readCursor(cursor: string, maxRows: number): Promise<CursorBatch> {
    return asKilnError(() => this.cursors.read(cursor, maxRows));
  }

  async closeCursor(cursor: string): Promise<void> {
    this.cursors.close(cursor);
  }

  async cancel(tag?: string): Promise<void> {
    this.pool?.interrupt(tag);
    this.cursors.interrupt(tag);
  }

  async close(): Promise<void> {
    this.cursors.closeAll();
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
    this.instance?.closeSync();
    this.instance = undefined;
  }

  private withConnection<T>(tag: string | undefined, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const pool = this.pool;
    if (!pool) return Promise.reject(new KilnError('The DuckDB connection is not open.'));
    return asKilnError(() => pool.withConnection(tag, work));
  }

  /** Instance-wide setup, once: extensions, then other databases to attach. */
  private async prepareInstance(connection: DuckDBConnection): Promise<void> {
    for (const extension of this.target.extensions) await connection.run(`LOAD ${extension}`); // names are checked in readDuckDbTarget
    for (const attachment of this.target.attach) {
      if (attachment.path !== IN_MEMORY_PATH) mkdirSync(path.dirname(attachment.path), { recursive: true });
      const readOnly = attachment.readOnly ? ' (READ_ONLY)' : '';
      await connection.run(
        `ATTACH IF NOT EXISTS ${this.dialect.quoteString(attachment.path)} AS ${this.dialect.quoteIdentifier(attachment.alias)}${readOnly}`,
      );
    }
  }

  /** `settings` apply per connection (`SET` reaches session-scoped settings as well as global ones). */
  private async applySettings(connection: DuckDBConnection): Promise<void> {
    for (const [name, value] of Object.entries(this.target.settings)) {
      await connection.run(`SET ${name} = ${settingLiteral(this.dialect, value)}`);
    }
  }
}

function settingLiteral(dialect: DuckDbDialect, value: DuckDbSettingValue): string {
  if (typeof value === 'string') return dialect.quoteString(value);
  return String(value);
}

/** Run `work`, turning any failure into a KilnError whose message is DuckDB's. */
async function asKilnError<T>(work: () => Promise<T>, context?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KilnError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new KilnError(context ? `${context}: ${message}` : message, { cause: error });
  }
}

/**
 * DuckDB lets one process write a database file. When another holds it (say, a second
 * `kiln build`), retry until `waitSeconds` pass, then say which file and which process.
 */
async function openWaitingForLock(file: string, waitSeconds: number): Promise<DuckDBInstance> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return await DuckDBInstance.create(file);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const lock = /Could not set lock on file[^:]*:\s*Conflicting lock is held in (.*?) \(PID (\d+)\)/s.exec(message);
      if (!lock) throw error;
      if (Date.now() + pause <= deadline) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
      throw new KilnError(`the DuckDB database ${file} is in use by another process (PID ${lock[2]}, ${lock[1]})${waitSeconds ? ` and stayed in use for ${waitSeconds}s` : ''}`, {
        hint: `DuckDB lets one process write a file at a time: wait for the other one (probably another kiln run) to finish, or pass --wait <seconds> to wait for it`,
      });
    }
  }
}
