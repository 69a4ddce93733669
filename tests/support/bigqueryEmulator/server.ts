/**
 * The emulator's HTTP side: the part of BigQuery's REST API (v2) that @google-cloud/bigquery
 * uses for kiln — jobs.insert/get/cancel/list, jobs.getQueryResults (paginated with pageToken,
 * holding the request until the job completes or timeoutMs passes), jobs.query, datasets.list/
 * get and tables.list/get — with BigQuery's JSON error format. `/emulator/*` (no auth) lets a
 * test inject failures and read request counts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JwtVerifier } from './auth.js';
import { encodeRows } from './encode.js';
import { billedBytes, type Engine, type JobRecord } from './engine.js';
import { quoteName, stringLiteral } from './translate.js';

export interface ServerOptions {
  engine: Engine;
  verifier: JwtVerifier;
  /** The most rows one results page holds, whatever maxResults asks. */
  pageSize: number;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly status = 'INVALID_ARGUMENT',
  ) {
    super(message);
  }
}

const STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

export function startServer(options: ServerOptions): Promise<{ server: Server; port: number }> {
  const { engine } = options;
  const faults = { http: 0, status: 503 };
  const counts: Record<string, number> = {};

  const jobResource = (job: JobRecord) => ({
    kind: 'bigquery#job',
    id: `${job.projectId}:${job.location}.${job.jobId}`,
    jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
    configuration: { ...job.configuration, jobType: 'QUERY' },
    status: job.state === 'DONE' && job.errorResult ? { state: 'DONE', errorResult: job.errorResult, errors: [job.errorResult] } : { state: job.state },
    statistics: {
      creationTime: String(job.creationTime),
      startTime: job.startTime ? String(job.startTime) : undefined,
      endTime: job.endTime ? String(job.endTime) : undefined,
      parentJobId: job.parentJobId,
      totalSlotMs: job.endTime && job.startTime ? String(job.endTime - job.startTime) : undefined,
      query: {
        statementType: job.statementType,
        totalBytesProcessed: String(job.bytesProcessed),
        totalBytesBilled: String(billedBytes(job.bytesProcessed)),
        totalSlotMs: job.endTime && job.startTime ? String(job.endTime - job.startTime) : undefined,
        numDmlAffectedRows: job.numDmlAffectedRows === undefined ? undefined : String(job.numDmlAffectedRows),
        ddlTargetTable: job.ddlTargetTable?.tableId ? job.ddlTargetTable : undefined,
        cacheHit: false,
      },
    },
  });

  const findJob = (project: string, jobId: string): JobRecord => {
    const job = engine.jobs.get(engine.key(project, jobId));
    if (!job) throw new HttpError(404, 'notFound', `Not found: Job ${project}:${jobId}`, 'NOT_FOUND');
    return job;
  };

  /** The getQueryResults answer: jobComplete false until done, then a page of rows. */
  const queryResults = async (job: JobRecord, query: URLSearchParams) => {
    const wait = Math.min(Number(query.get('timeoutMs') ?? 10_000), 10_000);
    if (job.state !== 'DONE') await Promise.race([job.done, new Promise((resolve) => setTimeout(resolve, wait))]);
    const reference = { projectId: job.projectId, jobId: job.jobId, location: job.location };
    if (job.state !== 'DONE') return { kind: 'bigquery#getQueryResultsResponse', jobReference: reference, jobComplete: false };
    if (job.errorResult) throw new HttpError(job.errorResult.reason === 'notFound' ? 404 : 400, job.errorResult.reason, job.errorResult.message);
    const fields = job.fields ?? [];
    const rows = job.rows ?? [];
    const start = Number(query.get('pageToken') ?? query.get('startIndex') ?? 0);
    const wanted = query.has('maxResults') ? Number(query.get('maxResults')) : options.pageSize;
    const end = Math.min(rows.length, start + Math.min(wanted, options.pageSize));
    const int64 = query.get('formatOptions.useInt64Timestamp') === 'true';
    return {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: reference,
      jobComplete: true,
      schema: { fields },
      totalRows: String(rows.length),
      rows: encodeRows(fields, rows.slice(start, end), int64),
      pageToken: end < rows.length ? String(end) : undefined,
      totalBytesProcessed: String(job.bytesProcessed),
      numDmlAffectedRows: job.numDmlAffectedRows === undefined ? undefined : String(job.numDmlAffectedRows),
      cacheHit: false,
    };
  };

  const startJob = (project: string, body: Record<string, any>): JobRecord => {
    const reference = body.jobReference ?? {};
    const jobId = String(reference.jobId ?? `job_${randomUUID()}`);
    if (!/^[\w-]{1,1024}$/.test(jobId)) throw new HttpError(400, 'invalid', `Invalid job ID "${jobId}"`);
    if (engine.jobs.has(engine.key(project, jobId))) throw new HttpError(409, 'duplicate', `Already Exists: Job ${project}:${reference.location ?? 'US'}.${jobId}`, 'ALREADY_EXISTS');
    const configuration = body.configuration ?? {};
    if (!configuration.query?.query) throw new HttpError(400, 'invalid', 'Only query jobs are emulated: configuration.query.query is required');
    if (configuration.query.useLegacySql === true) throw new HttpError(400, 'invalidQuery', 'Legacy SQL is not emulated: set useLegacySql to false');
    return engine.insertJob(project, jobId, String(reference.location ?? 'US'), configuration);
  };

  const tableResource = async (project: string, dataset: string, table: string) => {
    await engine.ensureProject(project);
    const where = `database_name = ${stringLiteral(project)} AND schema_name = ${stringLiteral(dataset)}`;
    const kinds = await engine.catalog(`SELECT table_name, 'TABLE', estimated_size, column_count FROM duckdb_tables() WHERE ${where} AND NOT temporary AND table_name = ${stringLiteral(table)}
      UNION ALL SELECT view_name, 'VIEW', 0, 0 FROM duckdb_views() WHERE ${where} AND NOT internal AND view_name = ${stringLiteral(table)}`);
    if (kinds.length === 0) throw new HttpError(404, 'notFound', `Not found: Table ${project}:${dataset}.${table}`, 'NOT_FOUND');
    const [, type, rows, columns] = kinds[0] as [string, string, string, number];
    const nullable = new Map((await engine.catalog(`SELECT column_name, is_nullable FROM duckdb_columns() WHERE ${where} AND table_name = ${stringLiteral(table)}`)).map((r) => [String(r[0]), r[1] !== false]));
    const schemaFields = await engine.fieldsOf(`${quoteName(project)}.${quoteName(dataset)}.${quoteName(table)}`, nullable);
    return {
      kind: 'bigquery#table',
      id: `${project}:${dataset}.${table}`,
      tableReference: { projectId: project, datasetId: dataset, tableId: table },
      type,
      schema: { fields: schemaFields },
      numRows: type === 'TABLE' ? String(rows) : undefined,
      numBytes: type === 'TABLE' ? String(Number(rows) * columns * 8) : undefined,
      location: 'US',
    };
  };

  const route = async (method: string, parts: string[], query: URLSearchParams, body: Record<string, any>): Promise<unknown> => {
    // parts: projects/{p}/…
    if (parts[0] !== 'projects' || !parts[1]) throw new HttpError(404, 'notFound', `Not found: ${parts.join('/')}`, 'NOT_FOUND');
    const project = decodeURIComponent(parts[1]);
    const [resource, id, sub, subId, leaf] = parts.slice(2).map(decodeURIComponent);
    if (resource === 'jobs') {
      if (method === 'POST' && !id) return jobResource(startJob(project, body));
      if (method === 'GET' && !id) {
        const parent = query.get('parentJobId');
        const jobs = [...engine.jobs.values()].filter((j) => j.projectId === project && (parent ? j.parentJobId === parent : !j.parentJobId));
        return { kind: 'bigquery#jobList', jobs: jobs.map(jobResource) };
      }
      const job = findJob(project, id!);
      if (method === 'GET' && !sub) return jobResource(job);
      if (method === 'POST' && sub === 'cancel') {
        engine.cancel(job);
        await Promise.race([job.done, new Promise((resolve) => setTimeout(resolve, 2_000))]);
        return { kind: 'bigquery#jobCancelResponse', job: jobResource(job) };
      }
    }
    if (resource === 'queries') {
      if (method === 'GET' && id) return queryResults(findJob(project, id), query);
      if (method === 'POST' && !id) {
        const job = startJob(project, { jobReference: { jobId: body.requestId ? `job_${body.requestId}` : undefined, location: body.location }, configuration: { query: { ...body, query: body.query }, labels: body.labels } });
        const answer = (await queryResults(job, new URLSearchParams({ timeoutMs: String(body.timeoutMs ?? 10_000), ...(body.maxResults ? { maxResults: String(body.maxResults) } : {}), 'formatOptions.useInt64Timestamp': String(body.formatOptions?.useInt64Timestamp ?? false) }))) as Record<string, unknown>;
        return { ...answer, kind: 'bigquery#queryResponse' };
      }
    }
    if (resource === 'datasets') {
      await engine.ensureProject(project);
      const schemas = await engine.catalog(`SELECT schema_name FROM duckdb_schemas() WHERE database_name = ${stringLiteral(project)} AND schema_name NOT IN ('main', 'information_schema', 'pg_catalog') ORDER BY schema_name`);
      const names = schemas.map((r) => String(r[0]));
      if (method === 'GET' && !id) return { kind: 'bigquery#datasetList', datasets: names.map((d) => ({ kind: 'bigquery#dataset', id: `${project}:${d}`, datasetReference: { projectId: project, datasetId: d }, location: 'US' })) };
      if (!names.includes(id!)) throw new HttpError(404, 'notFound', `Not found: Dataset ${project}:${id}`, 'NOT_FOUND');
      if (method === 'GET' && !sub) return { kind: 'bigquery#dataset', id: `${project}:${id}`, datasetReference: { projectId: project, datasetId: id }, location: 'US' };
      if (sub === 'tables' && method === 'GET' && !subId) {
        const where = `database_name = ${stringLiteral(project)} AND schema_name = ${stringLiteral(id!)}`;
        const all = await engine.catalog(`SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE ${where} AND NOT temporary UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE ${where} AND NOT internal ORDER BY 1`);
        const start = Number(query.get('pageToken') ?? 0);
        const size = Math.min(Number(query.get('maxResults') ?? 50), 50);
        const page = all.slice(start, start + size);
        return {
          kind: 'bigquery#tableList',
          tables: page.map(([name, type]) => ({ kind: 'bigquery#table', id: `${project}:${id}.${name}`, tableReference: { projectId: project, datasetId: id, tableId: name }, type })),
          nextPageToken: start + size < all.length ? String(start + size) : undefined,
          totalItems: all.length,
        };
      }
      if (sub === 'tables' && method === 'GET' && subId && !leaf) return tableResource(project, id!, subId);
    }
    throw new HttpError(400, 'invalid', `${method} /${parts.join('/')} is not emulated`);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (code: number, payload: unknown) => {
        response.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' });
        response.end(JSON.stringify(payload));
      };
      const fail = (error: HttpError) =>
        send(error.code, { error: { code: error.code, message: error.message, errors: [{ message: error.message, domain: 'global', reason: error.reason }], status: STATUS[error.code] ?? error.status } });
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://emulator');
        const method = request.method ?? 'GET';
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, any>) : {};
        if (url.pathname === '/emulator/faults' && method === 'POST') {
          Object.assign(faults, { http: Number(body.http ?? 0), status: Number(body.status ?? 503) });
          engine.jobFaults = { count: Number(body.jobs ?? 0), reason: String(body.reason ?? 'backendError') };
          return send(200, { ok: true });
        }
        if (url.pathname === '/emulator/counts') return send(200, counts);
        if (url.pathname === '/emulator/lenient') return send(200, Object.fromEntries(engine.lenient));
        if (!url.pathname.startsWith('/bigquery/v2/')) throw new HttpError(404, 'notFound', `Not found: ${url.pathname}`, 'NOT_FOUND');
        const problem = options.verifier.problem(request.headers.authorization);
        if (problem) throw new HttpError(401, 'authError', problem, 'UNAUTHENTICATED');
        const parts = url.pathname.slice('/bigquery/v2/'.length).split('/').filter(Boolean);
        const name = `${method} ${parts.map((p, i) => (i % 2 === 1 ? '*' : p)).join('/')}`;
        counts[name] = (counts[name] ?? 0) + 1;
        if (faults.http > 0) {
          faults.http--;
          throw new HttpError(faults.status, 'backendError', 'Backend error (injected by the emulator)', STATUS[faults.status] ?? 'UNAVAILABLE');
        }
        send(200, await route(method, parts, url.searchParams, body));
      })().catch((error: unknown) => {
        if (error instanceof HttpError) fail(error);
        else fail(new HttpError(500, 'internalError', `emulator failure: ${(error as Error).stack ?? String(error)}`, 'INTERNAL'));
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

