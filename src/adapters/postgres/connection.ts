/**
 * The Postgres connection side of the adapter (runs in the bridge worker): a pool of
 * `threads + 1` node-postgres clients, each set to UTC and the target's search path and
 * role. Statements carry tags so Ctrl-C cancels them on the server (pg_cancel_backend);
 * a connection that drops (reset, admin shutdown) is retried once on a fresh one, unless
 * the statement was inside a transaction. Every failure is a KilnError with Postgres's
 * own message, SQLSTATE, detail and line.
 */
import path from 'node:path';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { KilnError } from '../../errors.js';
import type { AdapterConnection, ColumnDescription, ConnectionOptions, CsvLoadOptions, CursorBatch, CursorInfo, ExecuteOptions, QueryResult, Relation, RelationDescription, RelationRef } from '../types.js';
import { rowsToColumns } from '../columns.js';
import { insertColumns } from './bulkLoad.js';
import { readCsvSeed } from '../csvSeed.js';
import { PostgresDialect } from './dialect.js';
import { asKilnError, isTransient } from './errors.js';
import * as introspection from './introspection.js';
import { readPostgresTarget, type PostgresTarget } from './target.js';
import { plainValueTypes, scalarParam } from './values.js';

interface OpenCursor {
  client: pg.Client;
  cursor: Cursor<unknown[]>;
  tag: string | undefined;
  /** Rows read ahead (the first read, which describes the columns), handed out by the next readCursor. */
  pending: unknown[][];
}

export class PostgresConnection implements AdapterConnection {
  private readonly target: PostgresTarget;
  private readonly dialect = new PostgresDialect();
  private pool: pg.Pool | undefined;
  /** Type names by OID, for result column descriptions. */
  private typeNames = new Map<number, string>();
  private readonly running = new Map<pg.PoolClient | pg.Client, string | undefined>();
  private readonly cursors = new Map<string, OpenCursor>();
  private nextCursor = 1;

  constructor(
    rawTarget: Record<string, unknown>,
    private readonly options: ConnectionOptions,
  ) {
    this.target = readPostgresTarget(rawTarget);
  }

  async open(): Promise<void> {
    if (this.pool) return;
    const pool = new pg.Pool({ ...this.clientConfig(), max: Math.max(1, this.options.threads) + 1 });
    pool.on('error', () => {}); // an idle client's error surfaces on its next use
    pool.on('connect', (client) => void client.query(this.sessionSql()).catch(() => {}));
    try {
      const client = await pool.connect();
      try {
        await client.query(this.sessionSql());
        const types = await client.query<{ oid: number; name: string }>('SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type');
        this.typeNames = new Map(types.rows.map((row) => [row.oid, row.name]));
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => {});
      throw asKilnError(error, undefined, `Could not connect to PostgreSQL at ${this.target.host}:${this.target.port} (database ${this.target.database}, user ${this.target.user})`);
    }
    this.pool = pool;
  }

  async execute(sql: string | string[], options: ExecuteOptions = {}): Promise<QueryResult[]> {
    const statements = Array.isArray(sql) ? sql : [sql];
    const run = (client: pg.PoolClient) => this.runAll(client, statements, options);
    // A dropped connection is retried once on a fresh one; inside a transaction the work is not repeated blindly.
    return this.withClient(options.tag, run, !options.transaction);
  }

  listRelations(database: string, schema: string): Promise<Relation[]> {
    return this.withClient(undefined, (client) => introspection.listRelations(client, database, schema), true);
  }

  getColumns(relation: RelationRef): Promise<ColumnDescription[]> {
    return this.withClient(undefined, (client) => introspection.getColumns(client, relation), true);
  }

  listSchemas(_database: string): Promise<string[]> {
    return this.withClient(undefined, (client) => introspection.listSchemas(client), true);
  }

  describeRelations(relations: RelationRef[]): Promise<RelationDescription[]> {
    return this.withClient(undefined, (client) => introspection.describeRelations(client, relations), true);
  }

  /** The seed built under a temporary name and swapped in, in one transaction: a bad file leaves the old table. */
  loadCsv(relation: RelationRef, file: string, options: CsvLoadOptions): Promise<QueryResult> {
    const csv = readCsvSeed(path.resolve(this.options.projectRoot, file), { delimiter: options.delimiter, header: options.header !== false, columnTypes: options.columnTypes }, this.dialect);
    const dialect = this.dialect;
    return this.withClient(undefined, (client) =>
      this.inTransaction(client, async () => {
        await client.query(dialect.createSchemaSql(relation.database, relation.schema));
        const existing = (await introspection.listRelations(client, relation.database, relation.schema)).find((r) => r.identifier === relation.identifier);
        const quote = (name: string) => dialect.quoteIdentifier(name);
        if (!options.replace && existing?.type === 'table') {
          const columns = await introspection.getColumns(client, relation);
          const byName = new Map(csv.columns.map((c, i) => [c.name.toLowerCase(), csv.values[i]!]));
          const rows = csv.values[0]?.length ?? 0;
          const inserted = await insertColumns(client, dialect.renderRelation(relation), columns, columns.map((c) => byName.get(c.name.toLowerCase()) ?? new Array(rows).fill(null)), quote);
          return { columns: [], rows: [], rowsAffected: inserted, message: `INSERT ${inserted}` };
        }
        const aside = { ...relation, identifier: `${relation.identifier}__kiln_seed` };
        const definitions = csv.columns.map((c) => `${quote(c.name)} ${c.dataType}`);
        await client.query(dialect.createTableSql(aside, definitions));
        const loaded = await insertColumns(client, dialect.renderRelation(aside), csv.columns, csv.values, quote);
        if (existing) await client.query(dialect.dropRelationSql(existing));
        await client.query(dialect.renameRelationSql({ ...aside, type: 'table' }, relation.identifier));
        return { columns: [], rows: [], rowsAffected: loaded, message: `LOAD ${loaded}` };
      }),
    );
  }

  async appendColumns(relation: RelationRef, columns: unknown[][]): Promise<number> {
    return this.withClient(undefined, async (client) => {
      const described = await introspection.getColumns(client, relation);
      return insertColumns(client, this.dialect.renderRelation(relation), described, columns, (name) => this.dialect.quoteIdentifier(name));
    });
  }

  /** A cursor has a client of its own, so a long read never holds a pool client a runner thread waits for. */
  async openCursor(sql: string, options: { tag?: string } = {}): Promise<CursorInfo> {
    const client = new pg.Client(this.clientConfig());
    try {
      await client.connect();
      await client.query(this.sessionSql());
      const cursor = arrayCursor(client, sql);
      // The first read describes the columns; its rows wait for the first readCursor.
      const pending = await cursor.read(1);
      const id = `cursor-${this.nextCursor++}`;
      this.cursors.set(id, { client, cursor, tag: options.tag, pending });
      return { id, columns: this.describe(cursorFields(cursor)) };
    } catch (error) {
      await client.end().catch(() => {});
      throw asKilnError(error, sql);
    }
  }

  async readCursor(id: string, maxRows: number): Promise<CursorBatch> {
    const open = this.cursors.get(id);
    if (!open) throw new KilnError(`cursor ${id} is not open (it was read to the end, closed or cancelled)`);
    try {
      const first = open.pending;
      open.pending = [];
      const rest = maxRows > first.length ? await open.cursor.read(maxRows - first.length) : [];
      const rows = first.length ? [...first, ...rest] : rest;
      if (rows.length === 0) await this.closeCursor(id);
      return { rowCount: rows.length, columns: rowsToColumns(rows) };
    } catch (error) {
      await this.closeCursor(id);
      throw asKilnError(error);
    }
  }

  async closeCursor(id: string): Promise<void> {
    const open = this.cursors.get(id);
    if (!open) return;
    this.cursors.delete(id);
    await open.cursor.close().catch(() => {});
    await open.client.end().catch(() => {});
  }

  /** Cancel on the server: pg_cancel_backend for each busy client under `tag` (all, without one). */
  async cancel(tag?: string): Promise<void> {
    const pids: number[] = [];
    for (const [client, runningTag] of this.running) if (tag === undefined || runningTag === tag) pids.push((client as unknown as { processID: number }).processID);
    for (const [, open] of this.cursors) if (tag === undefined || open.tag === tag) pids.push((open.client as unknown as { processID: number }).processID);
    if (pids.length === 0 || !this.pool) return;
    const canceller = new pg.Client(this.clientConfig());
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } catch {
      // the statements end anyway when their connections close
    } finally {
      await canceller.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    for (const id of [...this.cursors.keys()]) await this.closeCursor(id);
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => {});
  }

  private clientConfig(): pg.ClientConfig {
    const t = this.target;
    const ssl = t.sslmode === 'disable' || t.sslmode === 'allow' || t.sslmode === 'prefer' ? false : { rejectUnauthorized: t.sslmode !== 'require' };
    return {
      host: t.host,
      port: t.port,
      user: t.user,
      password: t.password,
      database: t.database,
      ssl,
      application_name: t.applicationName,
      connectionTimeoutMillis: t.connectTimeout * 1000,
      keepAlive: t.keepalivesIdle > 0,
      keepAliveInitialDelayMillis: t.keepalivesIdle * 1000,
      types: plainValueTypes,
    };
  }

  /** Per-session settings: UTC (timestamps come back as kiln's plain values expect), search path, role. */
  private sessionSql(): string {
    const d = this.dialect;
    const statements = [`SET TIME ZONE 'UTC'`, `SET search_path TO ${this.target.searchPath ?? `${d.quoteIdentifier(this.target.schema)}, public`}`];
    if (this.target.role) statements.push(`SET ROLE ${d.quoteIdentifier(this.target.role)}`);
    return statements.join('; ');
  }

  private async runAll(client: pg.PoolClient, statements: string[], options: ExecuteOptions): Promise<QueryResult[]> {
    const runAll = async () => {
      const results: QueryResult[] = [];
      for (const statement of statements) results.push(await this.runStatement(client, statement, options));
      return results;
    };
    return options.transaction ? this.inTransaction(client, runAll) : runAll();
  }

  private async runStatement(client: pg.PoolClient, sql: string, options: ExecuteOptions): Promise<QueryResult> {
    try {
      if (options.maxRows !== undefined && options.fetch !== false && !options.params?.length) {
        const cursor = arrayCursor(client, sql);
        try {
          const rows = await cursor.read(options.maxRows);
          return { columns: this.describe(cursorFields(cursor)), rows, message: `SELECT ${rows.length}` };
        } finally {
          await cursor.close();
        }
      }
      const answer = (await client.query({ text: sql, values: options.params?.map(scalarParam), rowMode: 'array' })) as unknown as pg.QueryArrayResult | pg.QueryArrayResult[];
      // A text of several statements answers with one result each: the last one is the answer.
      const result = Array.isArray(answer) ? answer[answer.length - 1]! : answer;
      const rows = options.fetch === false ? [] : result.rows;
      return { columns: this.describe(result.fields ?? []), rows, rowsAffected: rowsAffected(result, sql), message: result.command ? `${result.command}${result.rowCount !== null ? ` ${result.rowCount}` : ''}` : 'OK' };
    } catch (error) {
      throw asKilnError(error, sql);
    }
  }

  private async inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  private async withClient<T>(tag: string | undefined, work: (client: pg.PoolClient) => Promise<T>, retryOnDrop = false): Promise<T> {
    const pool = this.pool;
    if (!pool) throw new KilnError('The PostgreSQL connection is not open.');
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        if (attempt === 1 && isTransient(error)) continue;
        throw asKilnError(error, undefined, `Could not connect to PostgreSQL at ${this.target.host}:${this.target.port}`);
      }
      this.running.set(client, tag);
      let broken: Error | undefined;
      try {
        return await work(client);
      } catch (error) {
        const cause = error instanceof KilnError ? error.cause : error;
        if (isTransient(cause)) broken = cause as Error;
        if (!(retryOnDrop && attempt === 1 && broken)) throw asKilnError(error);
      } finally {
        this.running.delete(client);
        client.release(broken);
      }
    }
  }

  /** Result columns, their types spelled as the catalog spells them. */
  private describe(fields: pg.FieldDef[]): ColumnDescription[] {
    return fields.map((f) => ({ name: f.name, dataType: this.typeName(f.dataTypeID, f.dataTypeModifier) }));
  }

  /** As format_type(oid, typmod) writes it, so result columns and catalog columns spell types alike. */
  private typeName(oid: number, modifier = -1): string {
    const name = this.typeNames.get(oid) ?? `oid ${oid}`;
    if (modifier < 4) return name;
    if (name === 'numeric') return `numeric(${(modifier - 4) >> 16},${(modifier - 4) & 0xffff})`;
    if (name === 'character varying' || name === 'character') return `${name}(${modifier - 4})`;
    return name;
  }
}

const CHANGING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

/** Rows changed, as DuckDB reports them: DML counts, and `CREATE TABLE … AS` (which Postgres answers as SELECT n). */
function rowsAffected(result: pg.QueryArrayResult, sql: string): number | undefined {
  if (result.rowCount === null) return undefined;
  if (CHANGING_COMMANDS.has(result.command)) return result.rowCount;
  const last = sql.split(/;\s*\n/).pop() ?? sql;
  return result.command === 'SELECT' && /^\s*create\b/i.test(last) ? result.rowCount : undefined;
}

/** A server-side cursor over `sql` whose rows come as arrays of kiln's plain values. */
function arrayCursor(client: pg.ClientBase, sql: string): Cursor<unknown[]> {
  return client.query(new Cursor<unknown[]>(sql, [], { rowMode: 'array', types: plainValueTypes }));
}

/** pg-cursor keeps the described columns on its result, which it does not expose. */
function cursorFields(cursor: Cursor<unknown[]>): pg.FieldDef[] {
  return (cursor as unknown as { _result?: { fields: pg.FieldDef[] } })._result?.fields ?? [];
}
