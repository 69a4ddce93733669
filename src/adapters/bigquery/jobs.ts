/**
 * One query job through the SDK, as kiln runs it: `jobs.insert` (createQueryJob) with the
 * target's settings (location, priority, maximum bytes billed, timeout, labels, the target
 * dataset as default dataset), then `getQueryResults` until the job is complete, page by page
 * with `pageToken`, then `jobs.get` for the job's statistics (bytes processed and billed,
 * slot milliseconds). A job that fails for a transient reason is tried again, up to
 * `job_retries` times; the SDK itself retries each HTTP request on 429 and 5xx.
 */
import type { BigQuery, Job, JobMetadata, QueryResultsOptions } from '@google-cloud/bigquery';
import { KilnError } from '../../errors.js';
import type { QueryResult } from '../types.js';
import { asKilnError, BigQueryJobError, isTransient } from './errors.js';
import type { BigQueryTarget } from './target.js';
import { describeFields, plainRows, type ParamType, type SchemaField } from './values.js';

export interface JobRequest {
  sql: string;
  params?: Record<string, unknown>;
  types?: Record<string, ParamType>;
  /** Rows wanted: all (undefined), none (0) or at most n. */
  maxRows?: number;
}

/** A job under way, so `cancel` can reach it by tag. */
export interface RunningJob {
  tag: string | undefined;
  job: Job | undefined;
  cancelled: boolean;
}

export interface StartedQuery {
  job: Job;
  fields: SchemaField[];
  rows: Record<string, unknown>[];
  pageToken: string | undefined;
  response: QueryResponse;
}

interface QueryResponse {
  jobComplete?: boolean;
  schema?: { fields?: SchemaField[] };
  pageToken?: string;
  numDmlAffectedRows?: string;
  totalRows?: string;
}

export class JobRunner {
  constructor(
    private readonly bigquery: BigQuery,
    private readonly target: BigQueryTarget,
  ) {}

  /** Run `request` to the end: its rows (as many as asked) and statistics. */
  async run(request: JobRequest, running: RunningJob): Promise<QueryResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        const started = await this.start(request, running, request.maxRows === undefined ? this.target.pageSize : Math.min(request.maxRows, this.target.pageSize));
        let rows = started.rows;
        let pageToken = started.pageToken;
        while (pageToken && (request.maxRows === undefined || rows.length < request.maxRows)) {
          const page = await this.page(started.job, pageToken, request.maxRows === undefined ? this.target.pageSize : Math.min(this.target.pageSize, request.maxRows - rows.length));
          rows = rows.concat(page.rows);
          pageToken = page.pageToken;
        }
        if (request.maxRows !== undefined) rows = rows.slice(0, request.maxRows);
        return await this.result(started, rows);
      } catch (error) {
        if (running.cancelled) throw new KilnError(`BigQuery job ${running.job?.id ?? ''} was cancelled`.replace('  ', ' '), { cause: error });
        if (attempt < this.target.jobRetries && isTransient(error)) {
          await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
          continue;
        }
        throw asKilnError(error, request.sql);
      }
    }
  }

  /** Insert the job and wait for it; its first page of rows comes with the answer. */
  async start(request: JobRequest, running: RunningJob, firstPage: number): Promise<StartedQuery> {
    const t = this.target;
    const [job] = await this.bigquery.createQueryJob({
      query: request.sql,
      params: request.params && Object.keys(request.params).length ? request.params : undefined,
      types: request.params && Object.keys(request.params).length ? (request.types as never) : undefined,
      useLegacySql: false,
      location: t.location,
      priority: t.priority === 'batch' ? 'BATCH' : 'INTERACTIVE',
      maximumBytesBilled: t.maximumBytesBilled === undefined ? undefined : String(t.maximumBytesBilled),
      jobTimeoutMs: t.jobExecutionTimeoutSeconds === undefined ? undefined : t.jobExecutionTimeoutSeconds * 1000,
      labels: Object.keys(t.labels).length ? t.labels : undefined,
      defaultDataset: { projectId: t.project, datasetId: t.dataset },
      jobPrefix: 'kiln_',
    });
    running.job = job;
    if (running.cancelled) await job.cancel().catch(() => {});
    for (;;) {
      const [rows, , response] = (await job.getQueryResults({ autoPaginate: false, maxResults: firstPage, wrapIntegers: true } as QueryResultsOptions)) as unknown as [Record<string, unknown>[], unknown, QueryResponse];
      if (response.jobComplete === false) continue;
      return { job, fields: response.schema?.fields ?? [], rows, pageToken: response.pageToken, response };
    }
  }

  async page(job: Job, pageToken: string, maxResults: number): Promise<{ rows: Record<string, unknown>[]; pageToken: string | undefined }> {
    const [rows, , response] = (await job.getQueryResults({ autoPaginate: false, maxResults, pageToken, wrapIntegers: true } as QueryResultsOptions)) as unknown as [Record<string, unknown>[], unknown, QueryResponse];
    return { rows, pageToken: response.pageToken };
  }

  /** The rows as plain values, with what the job's statistics say it cost. */
  async result(started: StartedQuery, rows: Record<string, unknown>[]): Promise<QueryResult> {
    const [metadata] = (await started.job.getMetadata()) as unknown as [JobMetadata];
    if (metadata.status?.errorResult) throw new BigQueryJobError(metadata.status.errorResult, started.job.id ?? '');
    const stats = metadata.statistics ?? {};
    const query = stats.query ?? {};
    const number = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : Number(value));
    let rowsAffected = number(started.response.numDmlAffectedRows ?? query.numDmlAffectedRows);
    const statement = query.statementType ?? 'SELECT';
    if (rowsAffected === undefined && statement === 'CREATE_TABLE_AS_SELECT' && query.ddlTargetTable) rowsAffected = await this.tableRows(query.ddlTargetTable);
    return {
      columns: describeFields(started.fields),
      rows: plainRows(started.fields, rows),
      rowsAffected,
      bytesProcessed: number(query.totalBytesProcessed),
      bytesBilled: number(query.totalBytesBilled),
      slotMs: number(query.totalSlotMs ?? stats.totalSlotMs),
      queryId: started.job.id ?? undefined,
      message: `${statement}${rowsAffected !== undefined ? ` ${rowsAffected}` : ''}`,
    };
  }

  /** Rows in a table a CREATE TABLE … AS made (BigQuery reports no DML count for it). */
  private async tableRows(table: { projectId?: string | null; datasetId?: string | null; tableId?: string | null }): Promise<number | undefined> {
    try {
      const [metadata] = await this.bigquery.dataset(table.datasetId ?? '', { projectId: table.projectId ?? undefined }).table(table.tableId ?? '').getMetadata();
      return metadata.numRows === undefined ? undefined : Number(metadata.numRows);
    } catch {
      return undefined;
    }
  }
}
