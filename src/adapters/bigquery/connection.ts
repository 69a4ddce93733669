/**
 * The BigQuery connection side of the adapter (runs in the bridge worker): one SDK client,
 * every statement a query job (jobs.ts). Statements carry tags so Ctrl-C cancels their jobs
 * (jobs.cancel). A `transaction` of DML statements runs as one script in BEGIN/COMMIT
 * TRANSACTION, which BigQuery rolls back whole on failure; BigQuery allows no DDL in a
 * transaction, so a list holding DDL runs statement by statement. Every failure is a
 * KilnError with BigQuery's own message and reason.
 */
import path from 'node:path';
import { BigQuery, type Job, type JobMetadata } from '@google-cloud/bigquery';
import { KilnError } from '../../errors.js';
import type { AdapterConnection, ColumnDescription, ConnectionOptions, CsvLoadOptions, CursorBatch, CursorInfo, ExecuteOptions, QueryResult, Relation, RelationDescription, RelationRef } from '../types.js';
import { rowsToColumns } from '../columns.js';
import { credentialOptions, preferSelfSignedJwt } from './auth.js';
import { insertStatements } from './bulkLoad.js';
import { readCsvSeed } from '../csvSeed.js';
import { BigQueryDialect } from './dialect.js';
import { asKilnError } from './errors.js';
import * as introspection from './introspection.js';
import { JobRunner, type JobRequest, type RunningJob } from './jobs.js';
import { namedPlaceholders, paramName } from './placeholders.js';
import { readBigQueryTarget, type BigQueryTarget } from './target.js';
import { describeFields, paramTypeOf, paramValue, plainRows, type ParamType, type SchemaField } from './values.js';

interface OpenCursor {
  job: Job;
  fields: SchemaField[];
  pending: Record<string, unknown>[];
  pageToken: string | undefined;
}

/** Statements a BigQuery transaction may hold (after any leading comments). */
const TRANSACTIONAL = /^(\s|--[^\n]*\n|#[^\n]*\n|\/\*[\s\S]*?\*\/)*(\(|with\b|select\b|insert\b|update\b|delete\b|merge\b)/i;

export class BigQueryConnection implements AdapterConnection {
  private readonly target: BigQueryTarget;
  private readonly dialect: BigQueryDialect;
  private bigquery: BigQuery | undefined;
  private runner: JobRunner | undefined;
  private readonly running = new Set<RunningJob>();
  private readonly cursors = new Map<string, OpenCursor>();
  private nextCursor = 1;

  constructor(
    rawTarget: Record<string, unknown>,
    private readonly options: ConnectionOptions,
  ) {
    this.target = readBigQueryTarget(rawTarget, options.projectRoot);
    this.dialect = new BigQueryDialect({ location: this.target.location });
  }

  async open(): Promise<void> {
    if (this.bigquery) return;
    const t = this.target;
    const bigquery = new BigQuery({
      projectId: t.executionProject,
      location: t.location,
      apiEndpoint: t.apiEndpoint,
      userAgent: 'kiln',
      retryOptions: { autoRetry: true, maxRetries: 3 },
      ...(await credentialOptions(t)),
    });
    preferSelfSignedJwt(bigquery.authClient, t);
    this.bigquery = bigquery;
    this.runner = new JobRunner(bigquery, t);
  }

  async execute(sql: string | string[], options: ExecuteOptions = {}): Promise<QueryResult[]> {
    const statements = Array.isArray(sql) ? sql : [sql];
    const params = this.bindParams(options.params);
    const maxRows = options.fetch === false ? 0 : options.maxRows;
    if (options.transaction && statements.length > 1 && statements.every((s) => TRANSACTIONAL.test(s))) return this.inTransaction(statements, params, options.tag);
    const results: QueryResult[] = [];
    for (const statement of statements) results.push(await this.query({ sql: namedPlaceholders(statement), ...params, maxRows }, options.tag));
    return results;
  }

  listRelations(database: string, schema: string): Promise<Relation[]> {
    return this.api(() => introspection.listRelations(this.client(), database, schema));
  }

  getColumns(relation: RelationRef): Promise<ColumnDescription[]> {
    return this.api(() => introspection.getColumns(this.client(), relation));
  }

  listSchemas(database: string): Promise<string[]> {
    return this.api(() => introspection.listSchemas(this.client(), database));
  }

  describeRelations(relations: RelationRef[]): Promise<RelationDescription[]> {
    return introspection.describeRelations((request) => this.query(request), this.dialect, relations);
  }

  /** Loaded aside as parameterised INSERTs, then put in place by one CREATE OR REPLACE: a bad file leaves the old table. */
  async loadCsv(relation: RelationRef, file: string, options: CsvLoadOptions): Promise<QueryResult> {
    const csv = readCsvSeed(path.resolve(this.options.projectRoot, file), { delimiter: options.delimiter, header: options.header !== false, columnTypes: options.columnTypes }, this.dialect);
    const d = this.dialect;
    const quote = (name: string) => d.quoteIdentifier(name);
    await this.query({ sql: d.createSchemaSql(relation.database, relation.schema) });
    const aside = { ...relation, identifier: `${relation.identifier}__kiln_seed` };
    await this.query({ sql: d.createTableSql(aside, csv.columns.map((c) => `${quote(c.name)} ${c.dataType}`)) });
    try {
      const loaded = await this.insertAll(d.renderRelation(aside), csv.columns, csv.values);
      await this.query({ sql: `CREATE OR REPLACE TABLE ${d.renderRelation(relation)} AS SELECT * FROM ${d.renderRelation(aside)}` });
      return { columns: [], rows: [], rowsAffected: loaded, message: `LOAD ${loaded}` };
    } finally {
      await this.query({ sql: d.dropRelationSql({ ...aside, type: 'table' }) }).catch(() => {});
    }
  }

  async appendColumns(relation: RelationRef, columns: unknown[][]): Promise<number> {
    const described = await this.getColumns(relation);
    if (described.length === 0) throw new KilnError(`cannot append to ${this.dialect.renderRelation(relation)}: BigQuery has no such table`);
    return this.insertAll(this.dialect.renderRelation(relation), described, columns);
  }

  /** The job runs to completion; its result pages are then read as the cursor is. */
  async openCursor(sql: string, options: { tag?: string } = {}): Promise<CursorInfo> {
    const running: RunningJob = { tag: options.tag, job: undefined, cancelled: false };
    this.running.add(running);
    try {
      const started = await this.jobs().start({ sql: namedPlaceholders(sql) }, running, this.target.pageSize);
      const id = `cursor-${this.nextCursor++}`;
      this.cursors.set(id, { job: started.job, fields: started.fields, pending: started.rows, pageToken: started.pageToken });
      return { id, columns: describeFields(started.fields) };
    } catch (error) {
      throw asKilnError(error, sql);
    } finally {
      this.running.delete(running);
    }
  }

  async readCursor(id: string, maxRows: number): Promise<CursorBatch> {
    const open = this.cursors.get(id);
    if (!open) throw new KilnError(`cursor ${id} is not open (it was read to the end, closed or cancelled)`);
    try {
      while (open.pending.length < maxRows && open.pageToken) {
        const page = await this.jobs().page(open.job, open.pageToken, this.target.pageSize);
        open.pending = open.pending.concat(page.rows);
        open.pageToken = page.pageToken;
      }
      const rows = open.pending.splice(0, maxRows);
      if (rows.length === 0) this.cursors.delete(id);
      return { rowCount: rows.length, columns: rowsToColumns(plainRows(open.fields, rows)) };
    } catch (error) {
      this.cursors.delete(id);
      throw asKilnError(error);
    }
  }

  async closeCursor(id: string): Promise<void> {
    this.cursors.delete(id);
  }

  /** jobs.cancel for each running job under `tag` (all, without one). */
  async cancel(tag?: string): Promise<void> {
    const cancels: Promise<unknown>[] = [];
    for (const running of this.running) {
      if (tag !== undefined && running.tag !== tag) continue;
      running.cancelled = true;
      if (running.job) cancels.push(running.job.cancel().catch(() => {}));
    }
    await Promise.all(cancels);
  }

  async close(): Promise<void> {
    this.cursors.clear();
    this.bigquery = undefined;
    this.runner = undefined;
  }

  private client(): BigQuery {
    if (!this.bigquery) throw new KilnError('The BigQuery connection is not open.');
    return this.bigquery;
  }

  private jobs(): JobRunner {
    if (!this.runner) throw new KilnError('The BigQuery connection is not open.');
    return this.runner;
  }

  private async api<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asKilnError(error);
    }
  }

  private async query(request: JobRequest, tag?: string): Promise<QueryResult> {
    const running: RunningJob = { tag, job: undefined, cancelled: false };
    this.running.add(running);
    try {
      return await this.jobs().run(request, running);
    } finally {
      this.running.delete(running);
    }
  }

  /** kiln's `$1`… values as named parameters, each with a type (the SDK needs one for NULL). */
  private bindParams(values: unknown[] | undefined): { params?: Record<string, unknown>; types?: Record<string, ParamType> } {
    if (!values?.length) return {};
    const params: Record<string, unknown> = {};
    const types: Record<string, ParamType> = {};
    values.forEach((value, i) => {
      params[paramName(i + 1)] = paramValue(value);
      types[paramName(i + 1)] = paramTypeOf(value);
    });
    return { params, types };
  }

  private async insertAll(table: string, columns: ColumnDescription[], values: unknown[][]): Promise<number> {
    let inserted = 0;
    for (const statement of insertStatements(table, columns, values, (name) => this.dialect.quoteIdentifier(name))) {
      inserted += (await this.query({ sql: statement.sql, params: statement.params, types: statement.types, maxRows: 0 })).rowsAffected ?? 0;
    }
    return inserted;
  }

  /**
   * DML statements as one script in a transaction: all or nothing. Each statement's own result
   * comes from its child job (jobs.list with parentJobId).
   */
  private async inTransaction(statements: string[], params: { params?: Record<string, unknown>; types?: Record<string, ParamType> }, tag: string | undefined): Promise<QueryResult[]> {
    const script = ['BEGIN TRANSACTION', ...statements.map(namedPlaceholders), 'COMMIT TRANSACTION'].map((s) => `${s.replace(/;\s*$/, '')};`).join('\n');
    const result = await this.query({ sql: script, ...params, maxRows: 0 }, tag);
    const [children] = await this.client().getJobs({ parentJobId: result.queryId, allUsers: false } as never);
    const metadata = (children as Job[]).map((job) => job.metadata as JobMetadata).filter((m) => !/TRANSACTION$/.test(m.statistics?.query?.statementType ?? ''));
    metadata.sort((a, b) => Number(a.statistics?.creationTime ?? 0) - Number(b.statistics?.creationTime ?? 0) || String(a.jobReference?.jobId).localeCompare(String(b.jobReference?.jobId)));
    return statements.map((_, i) => {
      const child = metadata[i];
      const rows = child?.statistics?.query?.numDmlAffectedRows;
      return { columns: [], rows: [], rowsAffected: rows === undefined ? undefined : Number(rows), queryId: child?.jobReference?.jobId ?? undefined, message: child?.statistics?.query?.statementType ?? 'OK' };
    });
  }
}
