/**
 * The Snowflake connection side of the adapter (runs in the bridge worker), on snowflake-sdk:
 * up to `threads + 1` sessions, opened as needed. Statements carry tags so Ctrl-C cancels
 * them on the server (the SDK's abort-request); a request that never got an answer, or a
 * session that ended, is retried once on a fresh session unless inside a transaction (the
 * SDK itself retries 5xx and 429). Results are read through the SDK's result stream, so large
 * results arrive chunk by chunk. Every failure is a KilnError with Snowflake's message and code.
 */
import path from 'node:path';
import snowflake from 'snowflake-sdk';
import { KilnError } from '../../errors.js';
import { rowsToColumns } from '../columns.js';
import type { AdapterConnection, ColumnDescription, ConnectionOptions, CsvLoadOptions, CursorBatch, CursorInfo, ExecuteOptions, QueryResult, Relation, RelationDescription, RelationRef } from '../types.js';
import { insertStatements } from './bulkLoad.js';
import { readCsvSeed } from '../csvSeed.js';
import { SnowflakeDialect, storedIdentifier } from './dialect.js';
import { asKilnError, CANCELLED_CODE, isTransient } from './errors.js';
import * as introspection from './introspection.js';
import { createdTableName, placeholdersToBinds, splitStatements } from './sqlTokens.js';
import { readSnowflakeTarget, sdkConnectionOptions, type SnowflakeTarget } from './target.js';
import { convertRow, converters, describeColumns, type SdkColumn } from './values.js';

type Session = snowflake.Connection;
type Statement = snowflake.RowStatement;

interface RunningStatement {
  statement: Statement;
  tag: string | undefined;
}

interface OpenCursor {
  session: Session;
  statement: Statement;
  columns: SdkColumn[];
  total: number;
  next: number;
  tag: string | undefined;
}

const CREATE_SCHEMA = /^\s*create\s+(or\s+replace\s+)?(transient\s+)?schema\b/i;

const quiet = () => {};
// The SDK writes a log file in the working directory unless it is given a logger.
snowflake.configure({ customLogger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet } } as Parameters<typeof snowflake.configure>[0]);

export class SnowflakeConnection implements AdapterConnection {
  private readonly target: SnowflakeTarget;
  private readonly dialect = new SnowflakeDialect();
  private readonly idle: Session[] = [];
  private readonly waiting: ((session: Session) => void)[] = [];
  private sessions = 0;
  private readonly maxSessions: number;
  private opened = false;
  private readonly running = new Set<RunningStatement>();
  private readonly cursors = new Map<string, OpenCursor>();
  private nextCursor = 1;
  /** Sessions whose current schema is the target's; the others try USE SCHEMA once per schema created. */
  private readonly settled = new WeakSet<Session>();
  private readonly triedAt = new WeakMap<Session, number>();
  private schemaEpoch = 0;

  constructor(
    rawTarget: Record<string, unknown>,
    private readonly options: ConnectionOptions,
  ) {
    this.target = readSnowflakeTarget(rawTarget);
    this.maxSessions = Math.max(1, options.threads) + 1;
  }

  /** One session up front, so bad credentials fail before any work starts. */
  async open(): Promise<void> {
    if (this.opened) return;
    this.idle.push(await this.connect());
    this.sessions = 1;
    this.opened = true;
  }

  async execute(sql: string | string[], options: ExecuteOptions = {}): Promise<QueryResult[]> {
    const texts = Array.isArray(sql) ? sql : [sql];
    return this.withSession((session) => this.runAll(session, texts, options), !options.transaction);
  }

  listRelations(database: string, schema: string): Promise<Relation[]> {
    return this.withSession((session) => introspection.listRelations(this.queryOn(session), database, schema), true);
  }

  getColumns(relation: RelationRef): Promise<ColumnDescription[]> {
    return this.withSession((session) => introspection.getColumns(this.queryOn(session), relation), true);
  }

  listSchemas(database: string): Promise<string[]> {
    return this.withSession((session) => introspection.listSchemas(this.queryOn(session), database), true);
  }

  describeRelations(relations: RelationRef[]): Promise<RelationDescription[]> {
    if (relations.length === 0) return Promise.resolve([]);
    return this.withSession((session) => introspection.describeRelations(this.queryOn(session), relations), true);
  }

  /** The seed built beside the target and copied over it in one CREATE OR REPLACE: a bad file leaves the old table. */
  loadCsv(relation: RelationRef, file: string, options: CsvLoadOptions): Promise<QueryResult> {
    const csv = readCsvSeed(path.resolve(this.options.projectRoot, file), { delimiter: options.delimiter, header: options.header !== false, columnTypes: options.columnTypes }, this.dialect);
    const d = this.dialect;
    const columns = csv.columns.map((c) => ({ ...c, name: options.quoteColumns ? c.name : unquotedName(c.name) }));
    return this.withSession(async (session) => {
      const run = (text: string) => this.runStatement(session, text, { fetch: false });
      await run(d.createSchemaSql(relation.database, relation.schema));
      const query = this.queryOn(session);
      const existing = (await introspection.listRelations(query, relation.database, relation.schema)).find((r) => r.identifier === storedIdentifier(relation.identifier));
      if (!options.replace && existing?.type === 'table') {
        const present = await introspection.getColumns(query, relation);
        const byName = new Map(columns.map((c, i) => [c.name.toUpperCase(), csv.values[i]!]));
        const rows = csv.values[0]?.length ?? 0;
        const inserted = await this.insertAll(session, d.renderRelation(relation), present, present.map((c) => byName.get(c.name.toUpperCase()) ?? new Array<null>(rows).fill(null)));
        return { columns: [], rows: [], rowsAffected: inserted, message: `INSERT ${inserted}` };
      }
      const aside = { ...relation, identifier: `${relation.identifier}__kiln_seed` };
      await run(d.createTableSql(aside, columns.map((c) => `${d.quoteIdentifier(c.name)} ${c.dataType}`)));
      try {
        const loaded = await this.insertAll(session, d.renderRelation(aside), columns, csv.values);
        if (existing && existing.type !== 'table') await run(d.dropRelationSql(existing));
        await run(d.createTableAsSql(relation, `SELECT * FROM ${d.renderRelation(aside)}`));
        return { columns: [], rows: [], rowsAffected: loaded, message: `LOAD ${loaded}` };
      } finally {
        await run(d.dropRelationSql({ ...aside, type: 'table' })).catch(() => {});
      }
    });
  }

  async appendColumns(relation: RelationRef, columns: unknown[][]): Promise<number> {
    return this.withSession(async (session) => {
      const described = await introspection.getColumns(this.queryOn(session), relation);
      if (described.length === 0) throw new KilnError(`${this.dialect.renderRelation(relation)} does not exist, or has no columns: cannot append rows to it`);
      return this.insertAll(session, this.dialect.renderRelation(relation), described, columns);
    });
  }

  /** A cursor holds a session of its own until it is read to the end; rows come from the SDK's chunked result. */
  async openCursor(sql: string, options: { tag?: string } = {}): Promise<CursorInfo> {
    const session = await this.acquire();
    try {
      const statement = await this.start(session, sql, undefined, options.tag);
      const columns = (statement.getColumns() ?? []) as unknown as SdkColumn[];
      const id = `cursor-${this.nextCursor++}`;
      this.cursors.set(id, { session, statement, columns, total: statement.getNumRows() ?? 0, next: 0, tag: options.tag });
      return { id, columns: describeColumns(columns) };
    } catch (error) {
      this.release(session);
      throw asKilnError(error);
    }
  }

  async readCursor(id: string, maxRows: number): Promise<CursorBatch> {
    const open = this.cursors.get(id);
    if (!open) throw new KilnError(`cursor ${id} is not open (it was read to the end, closed or cancelled)`);
    if (open.next >= open.total) {
      await this.closeCursor(id);
      return { rowCount: 0, columns: [] };
    }
    try {
      const end = Math.min(open.total, open.next + Math.max(1, maxRows)) - 1;
      const rows = await readRows(open.statement, open.columns, open.next, end);
      open.next = end + 1;
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
    this.release(open.session);
  }

  /** Cancel on the server: the SDK's abort request for each running statement under `tag` (all, without one). */
  async cancel(tag?: string): Promise<void> {
    const matching = [...this.running].filter((r) => tag === undefined || r.tag === tag);
    for (const [id, open] of this.cursors) if (tag === undefined || open.tag === tag) await this.closeCursor(id);
    await Promise.all(matching.map((r) => new Promise<void>((resolve) => r.statement.cancel(() => resolve()))));
  }

  async close(): Promise<void> {
    for (const id of [...this.cursors.keys()]) await this.closeCursor(id);
    const sessions = this.idle.splice(0);
    this.sessions -= sessions.length;
    this.opened = false;
    await Promise.all(sessions.map((session) => new Promise<void>((resolve) => session.destroy(() => resolve()))));
  }

  private connect(): Promise<Session> {
    const t = this.target;
    const session = snowflake.createConnection(sdkConnectionOptions(t) as unknown as snowflake.ConnectionOptions);
    return new Promise<Session>((resolve, reject) => {
      session
        .connectAsync((error) => {
          if (error) reject(asKilnError(error, `Could not connect to Snowflake account ${t.account} as ${t.user}${t.host ? ` at ${t.host}${t.port ? `:${t.port}` : ''}` : ''}`));
          else resolve(session);
        })
        .catch((error: unknown) => reject(asKilnError(error, `Could not connect to Snowflake account ${t.account} as ${t.user}`)));
    });
  }

  private async acquire(): Promise<Session> {
    if (!this.opened) throw new KilnError('The Snowflake connection is not open.');
    const session = this.idle.pop();
    if (session) return session;
    if (this.sessions < this.maxSessions) {
      this.sessions++;
      try {
        return await this.connect();
      } catch (error) {
        this.sessions--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A broken session is dropped; the next acquire opens a fresh one. */
  private release(session: Session, broken = false): void {
    if (broken) {
      this.sessions--;
      session.destroy(() => {});
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(session);
    else this.idle.push(session);
  }

  private async withSession<T>(work: (session: Session) => Promise<T>, retryTransient = false): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const session = await this.acquire();
      let broken = false;
      try {
        return await work(session);
      } catch (error) {
        broken = isTransient(error);
        if (!(retryTransient && attempt === 1 && broken)) throw asKilnError(error);
      } finally {
        this.release(session, broken);
      }
    }
  }

  private async runAll(session: Session, texts: string[], options: ExecuteOptions): Promise<QueryResult[]> {
    const runAll = async () => {
      const results: QueryResult[] = [];
      for (const text of texts) {
        // A text of several statements answers with the last one's result.
        const statements = splitStatements(text);
        let last: QueryResult = { columns: [], rows: [], message: 'OK' };
        for (const statement of statements) last = await this.runStatement(session, statement, options);
        results.push(last);
      }
      return results;
    };
    if (!options.transaction) return runAll();
    await this.runStatement(session, 'BEGIN', { fetch: false });
    try {
      const results = await runAll();
      await this.runStatement(session, 'COMMIT', { fetch: false });
      return results;
    } catch (error) {
      await this.runStatement(session, 'ROLLBACK', { fetch: false }).catch(() => {});
      throw error;
    }
  }

  private async runStatement(session: Session, sql: string, options: ExecuteOptions): Promise<QueryResult> {
    const binds = options.params?.length ? options.params.map(bindValue) : undefined;
    const text = binds ? placeholdersToBinds(sql) : sql;
    if (!this.settled.has(session) && this.triedAt.get(session) !== this.schemaEpoch) await this.useTargetSchema(session);
    const statement = await this.start(session, text, binds, options.tag, options.queryTag);
    if (CREATE_SCHEMA.test(text)) {
      // Snowflake makes a created schema the session's current one: the target's is used again before the next statement.
      this.schemaEpoch++;
      this.settled.delete(session);
    }
    const columns = (statement.getColumns() ?? []) as unknown as SdkColumn[];
    const total = statement.getNumRows() ?? 0;
    const wanted = options.fetch === false ? 0 : Math.min(total, options.maxRows ?? total);
    const rows = wanted > 0 ? await readRows(statement, columns, 0, wanted - 1) : [];
    const updated = statement.getNumUpdatedRows();
    const affected = updated !== undefined && updated >= 0 ? updated : await this.rowsCreated(session, text);
    return {
      columns: describeColumns(columns),
      rows,
      rowsAffected: affected,
      queryId: statement.getQueryId() ?? undefined,
      message: affected !== undefined ? `${affected} rows` : 'OK',
    };
  }

  /** Runs `sql` to completion on the server; its rows stay there, to be streamed. */
  /** `queryTag` labels this statement (a model's query_tag), else the profile's query_tag. */
  private start(session: Session, sqlText: string, binds: snowflake.Binds | undefined, tag: string | undefined, queryTag?: string): Promise<Statement> {
    return new Promise<Statement>((resolve, reject) => {
      const entry = {} as RunningStatement;
      entry.tag = tag;
      entry.statement = session.execute({
        sqlText,
        binds,
        ...((queryTag ?? this.target.queryTag) ? { parameters: { QUERY_TAG: queryTag ?? this.target.queryTag } } : {}),
        streamResult: true,
        rowMode: 'array',
        fetchAsString: ['Number'],
        complete: (error, statement) => {
          this.running.delete(entry);
          if (error) reject(asKilnError(error, String(error.code) === CANCELLED_CODE ? 'cancelled' : undefined));
          else resolve(statement as Statement);
        },
      });
      this.running.add(entry);
    });
  }

  /**
   * Unqualified names (hooks, temporary tables) resolve in the session's current schema, which
   * Snowflake leaves empty when the target's schema did not exist at sign-in and moves to any
   * schema the session creates: the target's schema is made current, again after each CREATE SCHEMA.
   */
  private async useTargetSchema(session: Session): Promise<void> {
    this.triedAt.set(session, this.schemaEpoch);
    const schema = this.dialect.renderRelation({ database: this.target.database, schema: this.target.schema, identifier: '' });
    try {
      await this.start(session, `USE SCHEMA ${schema}`, undefined, undefined);
    } catch {
      // Not there yet: created, as dbt creates the target schema before on-run-start hooks run in it (which makes it
      // current). A role that may not create it gets Snowflake's own error on the first unqualified name instead.
      const created = await this.start(session, this.dialect.createSchemaSql(this.target.database, this.target.schema), undefined, undefined).then(
        () => true,
        () => false,
      );
      if (!created) return;
      this.schemaEpoch++;
    }
    this.settled.add(session);
  }

  /**
   * Rows a `CREATE TABLE … AS` made: Snowflake's answer is a status line only, so they are
   * counted (COUNT(*) of a table is answered from metadata, without a warehouse), as DuckDB reports them.
   */
  private async rowsCreated(session: Session, sql: string): Promise<number | undefined> {
    const table = createdTableName(sql);
    if (!table) return undefined;
    const statement = await this.start(session, `SELECT COUNT(*) FROM ${table}`, undefined, undefined);
    const [row] = await readRows(statement, (statement.getColumns() ?? []) as unknown as SdkColumn[], 0, 0);
    return row ? Number(row[0]) : undefined;
  }

  private async insertAll(session: Session, table: string, columns: ColumnDescription[], values: unknown[][]): Promise<number> {
    let inserted = 0;
    for (const batch of insertStatements(this.dialect, table, columns, values)) {
      const result = await this.runStatement(session, batch.sql, { fetch: false });
      inserted += result.rowsAffected ?? batch.rows;
    }
    return inserted;
  }

  /** A query on this session, rows as plain values, for the catalog queries. */
  private queryOn(session: Session) {
    return async (sql: string, binds?: unknown[]) => (await this.runStatement(session, sql, { params: binds })).rows;
  }
}

/** Rows `start`..`end` (inclusive) of a finished statement, through the SDK's row stream. */
function readRows(statement: Statement, columns: SdkColumn[], start: number, end: number): Promise<unknown[][]> {
  const convert = converters(columns);
  return new Promise((resolve, reject) => {
    const rows: unknown[][] = [];
    statement
      .streamRows({ start, end })
      .on('data', (row: unknown[]) => rows.push(convertRow(row, convert)))
      .on('error', (error: Error) => reject(asKilnError(error)))
      .on('end', () => resolve(rows));
  });
}

/** A bound value as the SDK sends it: dates as ISO text, bigints as decimal text. */
function bindValue(value: unknown): snowflake.Bind {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return null;
  return value as snowflake.Bind;
}

/** A seed column written unquoted (quote_columns: false) is stored upper-cased, as Snowflake folds it. */
function unquotedName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name.toUpperCase() : name;
}
