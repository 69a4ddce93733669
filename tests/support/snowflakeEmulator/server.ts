/**
 * A Snowflake emulator for the test suite: an HTTP server on loopback that speaks the part of
 * Snowflake's REST protocol snowflake-sdk uses, executing the SQL on an in-memory DuckDB.
 *
 *  - POST /session/v1/login-request: password or key-pair (SNOWFLAKE_JWT, RS256 verified against
 *    the registered public key and its SHA256 fingerprint), session and master tokens;
 *  - POST /queries/v1/query-request: runs the statement; one that takes longer than `syncMs`
 *    answers 333333 (in progress) with a getResultUrl the SDK polls (GET /queries/<id>/result);
 *    results of more than `chunkRows` rows come as a first rowset plus chunk URLs (GET /chunks/…);
 *  - POST /queries/v1/abort-request and /queries/<id>/abort-request: cancels (DuckDB interrupt);
 *  - POST /session/heartbeat, /session/token-request, /session?delete=true, /telemetry/send;
 *  - errors as Snowflake sends them: `success: false`, its error code and SQLSTATE, HTTP 200;
 *  - GET /__emulator/stats: retried and failed requests, and each statement's QUERY_TAG;
 *  - `failNext` in the config answers the next N query requests with HTTP 503, to prove retries;
 *  - SQL that DuckDB runs but Snowflake would refuse (FILTER (WHERE …), DuckDB-only functions) is
 *    run anyway and noted on stderr (`snowflake would refuse: …`), for the tests to report.
 *
 * Run it with `node tests/support/runTypeScript.mjs tests/support/snowflakeEmulator/server.ts`;
 * the config comes as JSON in KILN_SNOWFLAKE_EMULATOR (see EmulatorConfig); it prints
 * `listening <port>` once ready.
 */
import { createPublicKey, createVerify, createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { encodeResult, type EncodedResult } from './encode.js';
import { decodeString, translate } from './translate.js';
import { tokenize } from '../../../src/adapters/snowflake/sqlTokens.js';

export interface EmulatorConfig {
  account: string;
  users: Record<string, { password?: string; publicKey?: string }>;
  databases: string[];
  /** How long a query request waits for its result before answering "in progress". */
  syncMs?: number;
  /** Rows sent inline; the rest in chunks of this size. */
  chunkRows?: number;
  /** Answer this many of the first query requests with HTTP 503 (the SDK retries them). */
  failNext?: number;
}

const config = JSON.parse(process.env['KILN_SNOWFLAKE_EMULATOR'] ?? '{}') as EmulatorConfig;
const SYNC_MS = config.syncMs ?? 300;
const POLL_MS = 2_000;
const CHUNK_ROWS = config.chunkRows ?? 1_000;
let failNext = config.failNext ?? 0;
let failedRequests = 0;
let retriedRequests = 0;
/** Each statement's QUERY_TAG as the request carried it (the SDK sends a statement's parameters with it), for tests. */
const queryTags: { sql: string; tag: string | null }[] = [];
const seenRequestIds = new Set<string>();

interface Session {
  id: number;
  token: string;
  masterToken: string;
  connection: DuckDBConnection;
  database: string | undefined;
  schema: string | undefined;
  warehouse: string | undefined;
  role: string | undefined;
  inTransaction: boolean;
  parameters: Map<string, string>;
  /** Statements of a session run one at a time, as in Snowflake. */
  queue: Promise<unknown>;
}

interface Query {
  id: string;
  requestId: string | undefined;
  session: Session;
  done: boolean;
  body: unknown;
  finished: Promise<void>;
  cancel(): void;
  chunks: (string | null)[][][];
}

class SnowflakeError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

const instance = await DuckDBInstance.create(':memory:');
const admin = await instance.connect();
const sessions = new Map<string, Session>();
const queries = new Map<string, Query>();
let nextSession = 1;
let port = 0;

for (const database of config.databases ?? []) await createDatabase(database);

async function createDatabase(name: string): Promise<void> {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  await admin.run(`ATTACH IF NOT EXISTS ':memory:' AS ${quoted}`);
  await admin.run(`CREATE SCHEMA IF NOT EXISTS ${quoted}."PUBLIC"`);
}

async function databaseExists(name: string): Promise<boolean> {
  const result = await admin.run('SELECT 1 FROM duckdb_databases() WHERE database_name = $1', [name]);
  return (await result.getRows()).length > 0;
}

async function schemaExists(database: string, schema: string): Promise<boolean> {
  const result = await admin.run('SELECT 1 FROM duckdb_schemas() WHERE database_name = $1 AND schema_name = $2', [database, schema]);
  return (await result.getRows()).length > 0;
}

/** Snowflake functions the generated SQL uses, as DuckDB macros (per connection: temporary). */
const MACROS = [
  'IFF(c, a, b) AS CASE WHEN c THEN a ELSE b END',
  'NVL(a, b) AS coalesce(a, b)',
  'ZEROIFNULL(a) AS coalesce(a, 0)',
  'DIV0(a, b) AS CASE WHEN b = 0 THEN 0 ELSE a / b END',
  'VECTOR_COSINE_SIMILARITY(a, b) AS array_cosine_similarity(a, b)',
  'VECTOR_INNER_PRODUCT(a, b) AS array_inner_product(a, b)',
  'VECTOR_L2_DISTANCE(a, b) AS array_distance(a, b)',
  'ARRAY_SIZE(a) AS json_array_length(to_json(a))',
  'PARSE_JSON(a) AS CAST(a AS JSON)',
  'TO_VARIANT(a) AS to_json(a)',
  'CONVERT_TIMEZONE(tz, ts) AS timezone(tz, ts)',
  'TO_TIMESTAMP_NTZ(a) AS CAST(a AS TIMESTAMP)',
  'BOOLOR_AGG(a) AS bool_or(a)',
  'BOOLAND_AGG(a) AS bool_and(a)',
  'ARRAY_CONSTRUCT(a) AS [a]',
  'SPLIT(a, d) AS string_split(a, d)',
  'REGEXP_LIKE(s, p) AS regexp_full_match(s, p)',
  'REGEXP_INSTR(s, p) AS CASE WHEN regexp_matches(s, p) THEN 1 ELSE 0 END',
  'REGEXP_SUBSTR(s, p, pos, occurrence) AS regexp_extract_all(substr(s, pos), p)[occurrence]',
  'ARRAY_CONTAINS(v, a) AS json_contains(a, v)',
  "TO_NUMBER(s, f) AS CASE WHEN upper(f) LIKE 'X%' THEN CAST('0x' || s AS BIGINT) ELSE CAST(s AS BIGINT) END",
  "DATEADD(u, n, x) AS x + (CAST(n AS BIGINT) * CAST(CASE u WHEN 'quarter' THEN '3 month' ELSE '1 ' || u END AS INTERVAL))",
  "TIMESTAMPADD(u, n, x) AS x + (CAST(n AS BIGINT) * CAST(CASE u WHEN 'quarter' THEN '3 month' ELSE '1 ' || u END AS INTERVAL))",
];

async function openSession(database: string | undefined, schema: string | undefined, warehouse: string | undefined, role: string | undefined): Promise<Session> {
  const connection = await instance.connect();
  for (const macro of MACROS) await connection.run(`CREATE OR REPLACE TEMP MACRO ${macro}`);
  const session: Session = {
    id: nextSession++,
    token: `session-${randomUUID()}`,
    masterToken: `master-${randomUUID()}`,
    connection,
    database: undefined,
    schema: undefined,
    warehouse,
    role,
    inTransaction: false,
    parameters: new Map([['TIMEZONE', 'UTC']]),
    queue: Promise.resolve(),
  };
  if (database && (await databaseExists(database))) {
    session.database = database;
    if (schema && (await schemaExists(database, schema))) session.schema = schema;
    await useCurrent(session);
  }
  sessions.set(session.token, session);
  return session;
}

async function useCurrent(session: Session): Promise<void> {
  if (!session.database) return;
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  await session.connection.run(`USE ${q(session.database)}.${q(session.schema ?? 'PUBLIC')}`);
}

// ---------------------------------------------------------------- authentication

function verifyLogin(data: Record<string, unknown>): string | undefined {
  const user = String(data['LOGIN_NAME'] ?? '').toUpperCase();
  const account = String(data['ACCOUNT_NAME'] ?? '').toUpperCase();
  const known = Object.entries(config.users).find(([name]) => name.toUpperCase() === user)?.[1];
  if (!known || account !== config.account.toUpperCase()) return 'Incorrect username or password was specified.';
  if (String(data['AUTHENTICATOR'] ?? '').toUpperCase() === 'SNOWFLAKE_JWT') {
    if (!known.publicKey) return `JWT token is invalid. [user ${user} has no RSA public key]`;
    return verifyJwt(String(data['TOKEN'] ?? ''), known.publicKey, `${account}.${user}`);
  }
  if (known.password === undefined || data['PASSWORD'] !== known.password) return 'Incorrect username or password was specified.';
  return undefined;
}

/** Snowflake's key-pair check: RS256 signature, iss = ACCOUNT.USER.SHA256:<fingerprint of the registered key>, sub, expiry. */
function verifyJwt(token: string, publicKeyPem: string, subject: string): string | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return 'JWT token is invalid.';
  const key = createPublicKey(publicKeyPem);
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(key, Buffer.from(signature, 'base64url'))) return 'JWT token is invalid. [signature does not match the registered public key]';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; sub?: string; exp?: number };
  const fingerprint = `SHA256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64')}`;
  if (claims.iss !== `${subject}.${fingerprint}`) return 'JWT token is invalid. [issuer does not name the registered key]';
  if (claims.sub !== subject) return 'JWT token is invalid. [subject]';
  if (!claims.exp || claims.exp * 1000 < Date.now()) return 'JWT token is invalid. [expired]';
  return undefined;
}

// ---------------------------------------------------------------- statements

const DDL = new Set(['CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'COMMENT', 'GRANT', 'REVOKE', 'UNDROP']);
const STATEMENT_TYPES: Record<string, number> = { SELECT: 0x1000, WITH: 0x1000, INSERT: 0x3100, UPDATE: 0x3200, DELETE: 0x3300, MERGE: 0x3400, BEGIN: 0x5000, COMMIT: 0x5000, ROLLBACK: 0x5000 };
const DML_COLUMNS: Record<string, string> = { INSERT: 'number of rows inserted', UPDATE: 'number of rows updated', DELETE: 'number of rows deleted', MERGE: 'number of rows affected' };

interface StatementOutcome extends EncodedResult {
  statementTypeId: number;
}

const status = (message: string, type = 0x6000): StatementOutcome => ({
  statementTypeId: type,
  rowtype: [{ name: 'status', type: 'text', precision: null, scale: null, length: 16777216, byteLength: 16777216, nullable: true, collation: null, database: '', schema: '', table: '' }],
  rowset: [[message]],
});

function words(sql: string): string[] {
  return tokenize(sql)
    .filter((t) => t.kind !== 'space' && t.kind !== 'comment')
    .map((t) => (t.kind === 'word' ? t.text.toUpperCase() : t.kind === 'quoted' ? t.text.slice(1, -1).replaceAll('""', '"') : t.text));
}

async function runStatement(session: Session, sql: string, bindings: Record<string, { type: string; value: unknown }> | undefined, query: Query): Promise<StatementOutcome> {
  const w = words(sql.replace(/;\s*$/, ''));
  const first = w[0] ?? '';
  const c = session.connection;
  // Transactions: BEGIN/COMMIT/ROLLBACK; a DDL statement commits the open transaction first, as in Snowflake.
  if ((first === 'BEGIN' && (w.length === 1 || w[1] === 'TRANSACTION' || w[1] === 'WORK')) || (first === 'START' && w[1] === 'TRANSACTION')) {
    if (!session.inTransaction) await c.run('BEGIN TRANSACTION');
    session.inTransaction = true;
    return status('Statement executed successfully.', 0x5000);
  }
  if (first === 'COMMIT' || first === 'ROLLBACK') {
    if (session.inTransaction) await c.run(first);
    session.inTransaction = false;
    return status('Statement executed successfully.', 0x5000);
  }
  if (DDL.has(first) && session.inTransaction) {
    await c.run('COMMIT');
    session.inTransaction = false;
  }
  if (first === 'USE') return useStatement(session, w.slice(1));
  if (first === 'ALTER' && w[1] === 'SESSION') {
    if (w[2] === 'SET') for (let i = 3; i + 2 < w.length + 1; i += 3) session.parameters.set(w[i]!, w[i + 2] ?? '');
    return status('Statement executed successfully.');
  }
  if ((first === 'CREATE' && w.includes('DATABASE')) || (first === 'DROP' && w[1] === 'DATABASE')) return databaseStatement(session, w);
  if ((first === 'SELECT' || first === 'CALL') && w[1] === 'SYSTEM$WAIT') return systemWait(w, query);
  if (first === 'CREATE' && (w.includes('TEMPORARY') || w.includes('TEMP')) && w.includes('TABLE') && !session.schema) {
    throw new SnowflakeError('090106', '22000', "Cannot perform CREATE TEMPTABLE. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.");
  }
  if (first === 'SHOW' || first === 'DESCRIBE' || first === 'DESC') throw new SnowflakeError('001003', '42000', `SQL compilation error:\nthe emulator does not implement ${first}; use INFORMATION_SCHEMA`);
  const translated = translate(sql, session.database);
  for (const refusal of translated.refusals) process.stderr.write(`snowflake would refuse: ${refusal} in: ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  const values = Array.from({ length: translated.binds }, (_, i) => bindValue(bindings?.[String(i + 1)]));
  const result = await c.run(translated.sql, values as never[]);
  const encoded = await encodeResult(result);
  const dml = DML_COLUMNS[first];
  if (dml) {
    const count = encoded.rowset[0]?.[0] ?? '0';
    return { statementTypeId: STATEMENT_TYPES[first]!, rowtype: [{ ...encoded.rowtype[0]!, name: dml, type: 'fixed', precision: 38, scale: 0 }], rowset: [[count]] };
  }
  if (first === 'CREATE' && w[1] === 'SCHEMA' || (first === 'CREATE' && w[3] === 'SCHEMA')) await useCreatedSchema(session, w);
  if (first === 'CREATE' || first === 'DROP' || first === 'ALTER' || first === 'TRUNCATE' || first === 'COMMENT') return status(ddlMessage(w));
  return { statementTypeId: STATEMENT_TYPES[first] ?? 0x1000, ...encoded };
}

function ddlMessage(w: string[]): string {
  const kind = w.find((x) => ['TABLE', 'VIEW', 'SCHEMA', 'DATABASE'].includes(x)) ?? 'Statement';
  const name = w[w.indexOf(kind) + 1] === 'IF' ? w[w.indexOf(kind) + 4] : w[w.indexOf(kind) + 1];
  if (w[0] === 'CREATE') return `${kind[0]}${kind.slice(1).toLowerCase()} ${name ?? ''} successfully created.`;
  if (w[0] === 'DROP') return `${name ?? ''} successfully dropped.`;
  return 'Statement executed successfully.';
}

function bindValue(bind: { type: string; value: unknown } | undefined): unknown {
  if (!bind || bind.value === null || bind.value === undefined) return null;
  const value = String(bind.value);
  switch (bind.type) {
    case 'FIXED':
      return /^-?\d+$/.test(value) ? BigInt(value) : Number(value);
    case 'REAL':
      return Number(value);
    case 'BOOLEAN':
      return value === 'true' || value === '1';
    default:
      return value;
  }
}

/** Creating a schema makes it the session's current schema, as in Snowflake. */
async function useCreatedSchema(session: Session, w: string[]): Promise<void> {
  const at = w.indexOf('SCHEMA') + (w[w.indexOf('SCHEMA') + 1] === 'IF' ? 4 : 1);
  const parts = w.slice(at).filter((x) => x !== '.');
  const [database, schema] = w[at + 1] === '.' ? [parts[0]!, parts[1]!] : [session.database, parts[0]!];
  if (!database || !schema) return;
  session.database = database;
  session.schema = schema;
  await useCurrent(session);
}

async function useStatement(session: Session, rest: string[]): Promise<StatementOutcome> {
  const kind = ['DATABASE', 'SCHEMA', 'WAREHOUSE', 'ROLE', 'SECONDARY'].includes(rest[0] ?? '') ? rest.shift()! : 'SCHEMA';
  const parts = rest.filter((x) => x !== '.');
  if (kind === 'WAREHOUSE') session.warehouse = parts[0];
  else if (kind === 'ROLE') session.role = parts[0];
  else if (kind === 'DATABASE' || (kind === 'SCHEMA' && parts.length === 1 && rest[0] !== undefined && !session.database)) {
    if (!(await databaseExists(parts[0]!))) throw new SnowflakeError('002043', '02000', `SQL compilation error:\nObject does not exist, or operation cannot be performed.`);
    session.database = parts[0];
    session.schema = (await schemaExists(parts[0]!, 'PUBLIC')) ? 'PUBLIC' : undefined;
  } else {
    const [database, schema] = parts.length > 1 ? [parts[0]!, parts[1]!] : [session.database!, parts[0]!];
    if (!database || !(await schemaExists(database, schema))) throw new SnowflakeError('002043', '02000', `SQL compilation error:\nObject does not exist, or operation cannot be performed.`);
    session.database = database;
    session.schema = schema;
  }
  await useCurrent(session);
  return status('Statement executed successfully.');
}

async function databaseStatement(session: Session, w: string[]): Promise<StatementOutcome> {
  const name = w[w.indexOf('DATABASE') + (w.includes('EXISTS') ? 4 : 1)]!;
  if (w[0] === 'DROP') {
    if (session.database === name) await session.connection.run(`USE memory.main`), (session.database = undefined);
    await admin.run(`DETACH DATABASE IF EXISTS "${name.replaceAll('"', '""')}"`);
    return status(`${name} successfully dropped.`);
  }
  if (w.includes('REPLACE')) await admin.run(`DETACH DATABASE IF EXISTS "${name.replaceAll('"', '""')}"`);
  await createDatabase(name);
  session.database = name;
  session.schema = 'PUBLIC';
  await useCurrent(session);
  return status(`Database ${name} successfully created.`);
}

/** SYSTEM$WAIT(n [, unit]) waits on the server (cancellable), as Snowflake's does. */
function systemWait(w: string[], query: Query): Promise<StatementOutcome> {
  const amount = Number(w[3]);
  const unit = (w[5] ? decodeString(w[5]) : 'SECONDS').toUpperCase();
  const ms = amount * (unit.startsWith('MILLI') ? 1 : unit.startsWith('MIN') ? 60_000 : unit.startsWith('HOUR') ? 3_600_000 : 1000);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ ...status(`waited ${amount} ${unit.toLowerCase()}`, 0x1000), rowtype: [{ ...status('').rowtype[0]!, name: 'SYSTEM$WAIT' }] }), ms);
    query.cancel = () => {
      clearTimeout(timer);
      reject(new SnowflakeError('000604', '57014', 'SQL execution canceled'));
    };
  });
}

/** DuckDB's error as Snowflake's: its code and SQLSTATE, DuckDB's text kept. */
function asSnowflakeError(error: unknown): SnowflakeError {
  if (error instanceof SnowflakeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/INTERRUPT/i.test(message)) return new SnowflakeError('000604', '57014', 'SQL execution canceled');
  if (/^Parser Error/.test(message)) return new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error: ${message}`);
  if (/Referenced column .* not found|column .* does not exist|not found in FROM clause/i.test(message)) return new SnowflakeError('000904', '42000', `SQL compilation error:\ninvalid identifier: ${message}`);
  if (/^Catalog Error: (Table|View|Schema|Catalog) .*(does not exist|not found)/.test(message) || /with name .* does not exist/.test(message)) return new SnowflakeError('002003', '42S02', `SQL compilation error:\nObject does not exist or not authorized: ${message}`);
  if (/^(Constraint Error|Conversion Error|Invalid Input Error|Out of Range Error)/.test(message)) return new SnowflakeError('100038', '22018', `Numeric value or conversion failed: ${message}`);
  return new SnowflakeError('002003', '42000', `SQL compilation error:\n${message}`);
}

// ---------------------------------------------------------------- HTTP

function startQuery(session: Session, body: Record<string, unknown>, requestId: string | undefined): Query {
  const query: Query = { id: randomUUID(), requestId, session, done: false, body: undefined, finished: Promise.resolve(), cancel: () => session.connection.interrupt(), chunks: [] };
  const sqlText = String(body['sqlText'] ?? '');
  const tag = (body['parameters'] as Record<string, unknown> | undefined)?.['QUERY_TAG'];
  queryTags.push({ sql: sqlText, tag: typeof tag === 'string' ? tag : null });
  const bindings = body['bindings'] as Record<string, { type: string; value: unknown }> | undefined;
  const run = session.queue.then(async () => {
    try {
      const outcome = await runStatement(session, sqlText, bindings, query);
      query.body = successBody(query, outcome);
    } catch (error) {
      const failure = asSnowflakeError(error);
      query.body = { success: false, code: failure.code, message: failure.message, data: { queryId: query.id, sqlState: failure.sqlState, errorCode: failure.code, internalError: false, age: 0 } };
    } finally {
      query.done = true;
    }
  });
  session.queue = run;
  query.finished = run;
  queries.set(query.id, query);
  return query;
}

function successBody(query: Query, outcome: StatementOutcome): unknown {
  const { rowtype, rowset, statementTypeId } = outcome;
  const inline = rowset.slice(0, CHUNK_ROWS);
  const rest = rowset.slice(CHUNK_ROWS);
  for (let start = 0; start < rest.length; start += CHUNK_ROWS) query.chunks.push(rest.slice(start, start + CHUNK_ROWS));
  const s = query.session;
  return {
    success: true,
    code: null,
    message: null,
    data: {
      queryId: query.id,
      rowtype,
      rowset: inline,
      total: rowset.length,
      returned: rowset.length,
      queryResultFormat: 'json',
      statementTypeId,
      version: 1,
      parameters: [...s.parameters].map(([name, value]) => ({ name, value })),
      finalDatabaseName: s.database ?? null,
      finalSchemaName: s.schema ?? null,
      finalWarehouseName: s.warehouse ?? null,
      finalRoleName: s.role ?? null,
      chunkHeaders: {},
      chunks: query.chunks.map((chunk, index) => ({ url: `http://127.0.0.1:${port}/chunks/${query.id}/${index}`, rowCount: chunk.length, uncompressedSize: 0, compressedSize: 0 })),
    },
  };
}

const inProgress = (query: Query) => ({ success: true, code: '333333', message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.', data: { queryId: query.id, getResultUrl: `/queries/${query.id}/result` } });

async function answerWhenDone(query: Query, waitMs: number): Promise<unknown> {
  await Promise.race([query.finished, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  return query.done ? query.body : inProgress(query);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  let raw = Buffer.concat(parts);
  if (!raw.length) return {};
  if (request.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
  return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
}

function sessionOf(request: IncomingMessage): Session | undefined {
  const match = /Snowflake Token="([^"]+)"/.exec(String(request.headers['authorization'] ?? ''));
  return match ? sessions.get(match[1]!) : undefined;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  const send = (body: unknown, statusCode = 200) => {
    response.writeHead(statusCode, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const body = await readBody(request);
  if (url.pathname === '/session/v1/login-request') {
    const data = (body['data'] ?? {}) as Record<string, unknown>;
    const problem = verifyLogin(data);
    if (problem) return send({ success: false, code: '390100', message: problem, data: null });
    const p = url.searchParams;
    const session = await openSession(p.get('databaseName') ?? undefined, p.get('schemaName') ?? undefined, p.get('warehouse') ?? undefined, p.get('roleName') ?? undefined);
    const sessionParameters = (data['SESSION_PARAMETERS'] ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(sessionParameters)) session.parameters.set(name, String(value));
    return send({
      success: true,
      code: null,
      message: null,
      data: {
        token: session.token,
        masterToken: session.masterToken,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: session.id,
        parameters: [...session.parameters].map(([name, value]) => ({ name, value })),
        sessionInfo: { databaseName: session.database ?? null, schemaName: session.schema ?? null, warehouseName: session.warehouse ?? null, roleName: session.role ?? null },
      },
    });
  }
  // For tests: how many query requests arrived again under a requestId already seen (the SDK's retries).
  if (url.pathname === '/__emulator/stats') return send({ retriedRequests, failedRequests, queryTags });
  if (url.pathname.startsWith('/chunks/')) {
    const [, , id, index] = url.pathname.split('/');
    const chunk = queries.get(id!)?.chunks[Number(index)];
    if (!chunk) return send({ message: 'no such chunk' }, 404);
    response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    response.end(chunk.map((row) => JSON.stringify(row)).join(','));
    return;
  }
  const session = sessionOf(request);
  if (!session) return send({ success: false, code: '390112', message: 'Your session has expired. Please login again.', data: null }, 401);
  if (url.pathname === '/queries/v1/query-request') {
    const requestId = url.searchParams.get('requestId') ?? undefined;
    if (requestId && seenRequestIds.has(requestId)) retriedRequests++;
    if (requestId) seenRequestIds.add(requestId);
    if (failNext > 0) {
      failNext--;
      failedRequests++;
      return send({ message: 'Service Unavailable' }, 503);
    }
    // A retried request (same requestId) gets the query already running for it, as in Snowflake.
    const existing = requestId ? [...queries.values()].find((q) => q.requestId === requestId && q.session === session) : undefined;
    const query = existing ?? startQuery(session, body, requestId);
    return send(await answerWhenDone(query, SYNC_MS));
  }
  const result = /^\/queries\/([^/]+)\/result$/.exec(url.pathname);
  if (result) {
    const query = queries.get(result[1]!);
    if (!query) return send({ success: false, code: '000709', message: `Statement ${result[1]} not found`, data: null });
    return send(await answerWhenDone(query, POLL_MS));
  }
  const abort = /^\/queries\/([^/]+)\/abort-request$/.exec(url.pathname);
  if (abort || url.pathname === '/queries/v1/abort-request') {
    const query = abort ? queries.get(abort[1]!) : [...queries.values()].find((q) => q.requestId === body['requestId']);
    if (query && !query.done) query.cancel();
    return send({ success: true, code: null, message: null, data: null });
  }
  if (url.pathname === '/session/heartbeat' || url.pathname === '/telemetry/send') return send({ success: true, code: null, message: null, data: {} });
  if (url.pathname === '/session/token-request') return send({ success: true, code: null, message: null, data: { sessionToken: session.token, validityInSecondsST: 3600, masterToken: session.masterToken, validityInSecondsMT: 14400 } });
  if (url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
    sessions.delete(session.token);
    await session.queue.catch(() => {});
    for (const [id, query] of queries) if (query.session === session) queries.delete(id);
    session.connection.closeSync();
    return send({ success: true, code: null, message: null, data: null });
  }
  send({ success: false, code: '390400', message: `the emulator does not implement ${request.method} ${url.pathname}`, data: null }, 404);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    response.writeHead(500, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ success: false, message: String(error) }));
  });
});
server.listen(0, '127.0.0.1', () => {
  port = (server.address() as { port: number }).port;
  process.stdout.write(`listening ${port}\n`);
});
