/**
 * The emulator's query engine: BigQuery jobs executed on one in-memory DuckDB database, each
 * project an attached catalog and each dataset a schema in it. A job runs on a connection of
 * its own (so jobs.cancel interrupts exactly it), with the job's default dataset in use; a
 * script's statements become child jobs; BEGIN/COMMIT TRANSACTION map to DuckDB's, with
 * BigQuery's rule that a transaction holds no DDL. Statistics are estimates: bytes processed is
 * rows × columns × 8 of each table the statement names, billed is that rounded up to 1 MiB with
 * BigQuery's 10 MiB minimum, slot milliseconds the wall time.
 */
import { randomUUID } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fieldSchema, type TableFieldSchema } from './encode.js';
import { EMULATOR_MACROS } from './functions.js';
import { dropCreateClauses, quoteName, stringLiteral, translate, type QueryParameter } from './translate.js';
import { isOp, isWord, lineColumn, splitStatements, SqlSyntaxError, tokenize, type Token } from './tokens.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ErrorProto {
  reason: string;
  message: string;
  location?: string;
}

export interface JobRecord {
  projectId: string;
  jobId: string;
  location: string;
  configuration: { query: QueryConfig; labels?: Record<string, string>; jobTimeoutMs?: string; dryRun?: boolean };
  state: 'PENDING' | 'RUNNING' | 'DONE';
  errorResult?: ErrorProto;
  creationTime: number;
  startTime?: number;
  endTime?: number;
  statementType?: string;
  bytesProcessed: number;
  numDmlAffectedRows?: number;
  ddlTargetTable?: { projectId: string; datasetId: string; tableId: string };
  fields?: TableFieldSchema[];
  rows?: Json[][];
  parentJobId?: string;
  done: Promise<void>;
  connection?: DuckDBConnection;
  cancelled?: boolean;
  timedOut?: boolean;
}

export interface QueryConfig {
  query: string;
  useLegacySql?: boolean;
  parameterMode?: string;
  queryParameters?: QueryParameter[];
  defaultDataset?: { projectId?: string; datasetId: string };
  maximumBytesBilled?: string;
  priority?: string;
}

export class QueryError extends Error {
  constructor(readonly proto: ErrorProto) {
    super(proto.message);
  }
}

const MIB = 1024 * 1024;

export class Engine {
  readonly jobs = new Map<string, JobRecord>();
  private readonly projects = new Set<string>();
  /** SQL that DuckDB ran but BigQuery would refuse, by construct, with the first statement that used it (GET /emulator/lenient). */
  readonly lenient = new Map<string, string>();
  /** Job failures to inject: the next n jobs fail with this reason (for retry tests). */
  jobFaults: { count: number; reason: string } = { count: 0, reason: 'backendError' };

  private constructor(private readonly instance: DuckDBInstance) {}

  static async create(): Promise<Engine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    for (const macro of EMULATOR_MACROS) await connection.run(macro);
    connection.closeSync();
    return new Engine(instance);
  }

  async ensureProject(project: string): Promise<void> {
    if (this.projects.has(project)) return;
    const connection = await this.instance.connect();
    try {
      await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${quoteName(project)}`);
      this.projects.add(project);
    } finally {
      connection.closeSync();
    }
  }

  key(projectId: string, jobId: string): string {
    return `${projectId}:${jobId}`;
  }

  /** Create and start a job; it runs in the background. */
  insertJob(projectId: string, jobId: string, location: string, configuration: JobRecord['configuration'], parentJobId?: string): JobRecord {
    const job: JobRecord = { projectId, jobId, location, configuration, state: 'RUNNING', creationTime: Date.now(), bytesProcessed: 0, parentJobId, done: Promise.resolve() };
    this.jobs.set(this.key(projectId, jobId), job);
    if (!parentJobId) job.done = this.run(job);
    return job;
  }

  cancel(job: JobRecord): void {
    if (job.state === 'DONE') return;
    job.cancelled = true;
    job.connection?.interrupt();
  }

  private async run(job: JobRecord): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    job.startTime = Date.now();
    const timeout = job.configuration.jobTimeoutMs ? setTimeout(() => ((job.timedOut = true), job.connection?.interrupt()), Number(job.configuration.jobTimeoutMs)) : undefined;
    const connection = await this.instance.connect();
    job.connection = connection;
    try {
      if (this.jobFaults.count > 0) {
        this.jobFaults.count--;
        throw new QueryError({ reason: this.jobFaults.reason, message: 'Error encountered during execution. Retrying may solve the problem. (injected by the emulator)' });
      }
      if (job.cancelled) throw new Error('INTERRUPT');
      const config = job.configuration.query;
      await this.ensureProject(job.projectId);
      await this.useDefault(connection, job.projectId, config.defaultDataset);
      const tokens = tokenize(config.query);
      const statements = splitStatements(tokens);
      if (statements.length === 0) throw new QueryError({ reason: 'invalidQuery', message: 'Syntax error: Unexpected end of script at [1:1]', location: 'query' });
      const script = new ScriptRun(this, job, connection, config);
      if (statements.length === 1) await script.statement(statements[0]!, job);
      else {
        job.statementType = 'SCRIPT';
        for (const statement of statements) {
          const child = this.insertJob(job.projectId, `script_job_${randomUUID().replace(/-/g, '')}_${statements.indexOf(statement)}`, job.location, job.configuration, job.jobId);
          child.startTime = Date.now();
          try {
            await script.statement(statement, child);
          } catch (error) {
            child.errorResult = asErrorProto(error, job, config.query);
            throw error;
          } finally {
            child.state = 'DONE';
            child.endTime = Date.now();
            job.bytesProcessed += child.bytesProcessed;
          }
          // The last statement's rows are the script's.
          job.fields = child.fields;
          job.rows = child.rows;
        }
        await script.end();
      }
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => {});
      job.errorResult = asErrorProto(error, job, job.configuration.query.query);
    } finally {
      clearTimeout(timeout);
      job.connection = undefined;
      connection.closeSync();
      job.state = 'DONE';
      job.endTime = Date.now();
    }
  }

  /** Unqualified names resolve in the default dataset (when it exists yet); the emulator's macros stay reachable. */
  async useDefault(connection: DuckDBConnection, project: string, dataset: QueryConfig['defaultDataset']): Promise<void> {
    const catalog = dataset?.projectId ?? project;
    await this.ensureProject(catalog);
    let schema = 'main';
    if (dataset?.datasetId && (await this.datasetExists(connection, catalog, dataset.datasetId))) schema = dataset.datasetId;
    await connection.run(`USE ${quoteName(catalog)}.${quoteName(schema)}`);
    await connection.run(`SET search_path = ${stringLiteral(`${quoteName(catalog)}.${quoteName(schema)},memory.main`)}`);
  }

  async datasetExists(connection: DuckDBConnection, project: string, dataset: string): Promise<boolean> {
    const reader = await connection.runAndReadAll(`SELECT 1 FROM duckdb_schemas() WHERE database_name = ${stringLiteral(project)} AND schema_name = ${stringLiteral(dataset)}`);
    return reader.getRows().length > 0;
  }

  /** Rows of a catalog query, on a connection of its own. */
  async catalog(sql: string): Promise<Json[][]> {
    const connection = await this.instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowsJson() as Json[][];
    } finally {
      connection.closeSync();
    }
  }

  /** A relation's columns as BigQuery's schema fields. */
  async fieldsOf(relation: string, nullable: Map<string, boolean>): Promise<TableFieldSchema[]> {
    const connection = await this.instance.connect();
    try {
      const result = await connection.run(`SELECT * FROM ${relation} LIMIT 0`);
      return result.columnNames().map((name, i) => fieldSchema(name, result.columnTypes()[i]!, nullable.get(name) ?? true));
    } finally {
      connection.closeSync();
    }
  }

  /** Estimated bytes a statement scans: every table it names, rows × columns × 8. */
  async estimateBytes(connection: DuckDBConnection, tokens: Token[]): Promise<number> {
    const names = new Set(tokens.filter((t) => t.kind === 'qident' || t.kind === 'word').flatMap((t) => t.text.split('.')));
    if (names.size === 0) return 0;
    const reader = await connection.runAndReadAll(`SELECT table_name, estimated_size * column_count * 8 FROM duckdb_tables() WHERE NOT internal AND table_name IN (${[...names].map(stringLiteral).join(', ')})`);
    return (reader.getRowsJson() as [string, string | number][]).reduce((sum, [, bytes]) => sum + Number(bytes), 0);
  }
}

/** One job's statements on its connection, with the script's transaction state. */
class ScriptRun {
  private inTransaction = false;

  constructor(
    private readonly engine: Engine,
    private readonly job: JobRecord,
    private readonly connection: DuckDBConnection,
    private readonly config: QueryConfig,
  ) {}

  async end(): Promise<void> {
    if (this.inTransaction) {
      await this.connection.run('ROLLBACK');
      throw new QueryError({ reason: 'invalidQuery', message: 'Transaction started in this script was not committed or rolled back', location: 'query' });
    }
  }

  async statement(raw: Token[], record: JobRecord): Promise<void> {
    const significant = raw.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
    const first = significant[0]!;
    const words = significant.slice(0, 4).map((t) => (t.kind === 'word' ? t.text.toUpperCase() : ''));
    if (words[0] === 'BEGIN' && (words[1] === 'TRANSACTION' || words[1] === '' || words.length === 1)) {
      record.statementType = 'BEGIN_TRANSACTION';
      await this.connection.run('BEGIN TRANSACTION');
      this.inTransaction = true;
      return;
    }
    if (words[0] === 'COMMIT' || words[0] === 'ROLLBACK') {
      record.statementType = `${words[0]}_TRANSACTION`;
      if (!this.inTransaction) throw new QueryError({ reason: 'invalidQuery', message: `${words[0]} TRANSACTION without a transaction at [${lineColumn(this.config.query, first.at)}]`, location: 'query' });
      await this.connection.run(words[0]);
      this.inTransaction = false;
      return;
    }
    if (words[0] === 'EXECUTE' && words[1] === 'IMMEDIATE') {
      const expression = raw.slice(raw.indexOf(significant[2]!));
      const text = await this.connection.runAndReadAll(`SELECT ${translate(expression, this.context())}`);
      const sql = String(text.getRowsJson()[0]?.[0] ?? '');
      if (!sql) throw new QueryError({ reason: 'invalidQuery', message: `EXECUTE IMMEDIATE sql string cannot be NULL or empty at [${lineColumn(this.config.query, first.at)}]`, location: 'query' });
      for (const statement of splitStatements(tokenize(sql))) await this.statement(statement, record);
      return;
    }
    const kind = statementType(significant);
    record.statementType = kind;
    if (this.inTransaction && /^(CREATE|DROP|ALTER|TRUNCATE)/.test(kind) && !isWord(significant[1], 'TEMP', 'TEMPORARY')) {
      throw new QueryError({ reason: 'invalidQuery', message: `Query error: ${kind.replace(/_/g, ' ')} statement is not supported inside a multi-statement transaction at [${lineColumn(this.config.query, first.at)}]`, location: 'query' });
    }
    if ((kind === 'ALTER_TABLE' || kind === 'ALTER_VIEW') && significant.some((t) => isWord(t, 'OPTIONS'))) return; // options (descriptions, labels): nothing to keep
    // BigQuery's rule: a DELETE or UPDATE says which rows (WHERE true for all of them).
    if ((kind === 'DELETE' || kind === 'UPDATE') && !significant.some((t) => isWord(t, 'WHERE'))) {
      throw new QueryError({ reason: 'invalidQuery', message: `${kind} must have a WHERE clause at [${lineColumn(this.config.query, first.at)}]`, location: 'query' });
    }
    noteLenient(this.engine.lenient, significant, this.config.query.slice(first.at, first.at + 300));
    const { tokens } = dropCreateClauses(raw);
    const sql = translate(tokens, this.context());
    if (/^(SELECT|INSERT|UPDATE|DELETE|MERGE|CREATE_TABLE_AS_SELECT)$/.test(kind)) {
      record.bytesProcessed = await this.engine.estimateBytes(this.connection, significant);
      checkBytesBilled(record.bytesProcessed, this.config.maximumBytesBilled);
    }
    const result = await this.connection.run(sql);
    if (kind === 'SELECT') {
      record.fields = result.columnNames().map((name, i) => fieldSchema(name, result.columnTypes()[i]!));
      record.rows = (await result.getRowsJson()) as Json[][];
    } else if (/^(INSERT|UPDATE|DELETE|MERGE)$/.test(kind)) {
      record.numDmlAffectedRows = result.rowsChanged;
    }
    if (/^CREATE_(TABLE|VIEW|SCHEMA)|^ALTER_TABLE|^DROP/.test(kind)) record.ddlTargetTable = this.target(significant, kind);
    // What BigQuery keeps as a view's definition (INFORMATION_SCHEMA.VIEWS): its GoogleSQL text.
    if (kind === 'CREATE_VIEW' && record.ddlTargetTable) {
      const definition = viewDefinition(raw, this.config.query);
      const { projectId, datasetId, tableId } = record.ddlTargetTable;
      await this.connection.run(`COMMENT ON VIEW ${quoteName(projectId)}.${quoteName(datasetId)}.${quoteName(tableId)} IS ${stringLiteral(definition)}`);
    }
    // A dataset made by this job becomes its default dataset if it is the one named.
    if (kind === 'CREATE_SCHEMA') await this.engine.useDefault(this.connection, this.job.projectId, this.config.defaultDataset);
  }

  private context() {
    return { params: this.config.queryParameters ?? [], project: this.job.projectId, position: 0 };
  }

  /** The relation a DDL statement names, resolved against the default dataset. */
  private target(significant: Token[], kind: string): JobRecord['ddlTargetTable'] {
    const start = significant.findIndex((t, i) => i > 0 && (isWord(t, 'TABLE', 'VIEW', 'SCHEMA')));
    let i = start + 1;
    while (isWord(significant[i], 'IF', 'NOT', 'EXISTS')) i++;
    const parts: string[] = [];
    for (; i < significant.length; i++) {
      const t = significant[i]!;
      if (t.kind === 'qident') parts.push(...t.text.split('.'));
      else if (t.kind === 'word' && (parts.length === 0 || isOp(significant[i - 1], '.'))) parts.push(t.text);
      else if (!isOp(t, '.')) break;
    }
    const defaults = this.config.defaultDataset;
    if (kind.endsWith('SCHEMA')) return { projectId: parts.length > 1 ? parts[0]! : this.job.projectId, datasetId: parts[parts.length - 1] ?? '', tableId: '' };
    if (parts.length >= 3) return { projectId: parts[0]!, datasetId: parts[1]!, tableId: parts[2]! };
    if (parts.length === 2) return { projectId: defaults?.projectId ?? this.job.projectId, datasetId: parts[0]!, tableId: parts[1]! };
    return { projectId: defaults?.projectId ?? this.job.projectId, datasetId: defaults?.datasetId ?? '', tableId: parts[0] ?? '' };
  }
}

/**
 * Constructs the emulator accepts because DuckDB does, though GoogleSQL has none of them. They
 * are noted, not refused, so a test can show what a real project would trip on.
 */
function noteLenient(notes: Map<string, string>, t: Token[], sample: string): void {
  const note = (construct: string) => notes.has(construct) || notes.set(construct, sample);
  t.forEach((token, i) => {
    if (isOp(token, '::')) note(':: casts');
    if (isOp(token, '%')) note('the % operator (GoogleSQL has MOD)');
    if (isWord(token, 'VARCHAR', 'TEXT', 'DOUBLE', 'REAL') && isWord(t[i - 1], 'AS')) note(`CAST(… AS ${token.text.toUpperCase()})`);
    if (isWord(token, 'FILTER') && isOp(t[i + 1], '(') && isWord(t[i + 2], 'WHERE')) note('aggregate FILTER (WHERE …)');
    if (isWord(token, 'VALUES') && isOp(t[i - 1], '(')) note('(VALUES …) as a table');
    if (isWord(token, 'ILIKE')) note('ILIKE');
  });
}

function checkBytesBilled(processed: number, maximum: string | undefined): void {
  if (!maximum) return;
  const billed = billedBytes(processed);
  if (billed > Number(maximum)) throw new QueryError({ reason: 'bytesBilledLimitExceeded', message: `Query exceeded limit for bytes billed: ${maximum}. ${billed} or higher required.` });
}

export function billedBytes(processed: number): number {
  return processed === 0 ? 0 : Math.max(10 * MIB, Math.ceil(processed / MIB) * MIB);
}

/** BigQuery's statementType for a statement. */
export function statementType(significant: Token[]): string {
  const w = (i: number) => (significant[i]?.kind === 'word' ? significant[i]!.text.toUpperCase() : '');
  switch (w(0)) {
    case 'SELECT':
    case 'WITH':
    case '':
      return 'SELECT';
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'TRUNCATE':
      return w(0) === 'TRUNCATE' ? 'TRUNCATE_TABLE' : w(0);
    case 'CREATE': {
      const object = significant.slice(1, 6).map((t) => (t.kind === 'word' ? t.text.toUpperCase() : '')).find((x) => ['TABLE', 'VIEW', 'SCHEMA', 'FUNCTION', 'MACRO'].includes(x)) ?? 'TABLE';
      if (object === 'TABLE') return significant.some((t) => isWord(t, 'AS') || isWord(t, 'COPY')) ? 'CREATE_TABLE_AS_SELECT' : 'CREATE_TABLE';
      return `CREATE_${object}`;
    }
    case 'DROP':
      return `DROP_${w(1) === 'MATERIALIZED' ? 'MATERIALIZED_VIEW' : w(1) || 'TABLE'}`;
    case 'ALTER':
      return `ALTER_${w(1) || 'TABLE'}`;
    default:
      return w(0);
  }
}

/** The text after `AS` of a CREATE VIEW, parentheses included, as written. */
function viewDefinition(raw: Token[], _query: string): string {
  const as = raw.findIndex((t) => isWord(t, 'AS'));
  const text = raw
    .slice(as + 1)
    .map((t) => (t.kind === 'string' ? `'${t.text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : t.kind === 'qident' ? `\`${t.text}\`` : t.kind === 'param' ? `@${t.text}` : t.text))
    .join('');
  return text.trim();
}

/** Any failure as BigQuery's error proto: DuckDB's text carried in BigQuery's reasons. */
export function asErrorProto(error: unknown, job: JobRecord, sql: string): ErrorProto {
  if (error instanceof QueryError) return error.proto;
  if (job.timedOut) return { reason: 'timeout', message: `Job timed out after ${Number(job.configuration.jobTimeoutMs) / 1000} sec` };
  const message = error instanceof Error ? error.message : String(error);
  if (job.cancelled || /INTERRUPT/i.test(message)) return { reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation' };
  if (error instanceof SqlSyntaxError) return { reason: 'invalidQuery', message: `Syntax error: ${error.message} at [${lineColumn(sql, error.at)}]`, location: 'query' };
  const first = message.split('\n')[0]!;
  if (/^Catalog Error: (Table|View|Schema) with name .* does not exist/.test(first)) return { reason: 'notFound', message: `Not found: ${first.replace(/^Catalog Error: /, '')} (DuckDB: ${first})`, location: 'query' };
  return { reason: 'invalidQuery', message: `Query error: ${message.replace(/\n+/g, ' ').trim()}`, location: 'query' };
}

