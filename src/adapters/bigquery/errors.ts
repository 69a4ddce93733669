/**
 * A BigQuery failure as a KilnError carrying BigQuery's own message and reason, the line of
 * the statement it points at (`at [3:7]`), and a hint where the reason has an obvious fix.
 */
import { KilnError } from '../../errors.js';

export interface BigQueryErrorProto {
  reason?: string;
  message?: string;
  location?: string;
}

interface ApiErrorLike extends Error {
  code?: number | string;
  errors?: BigQueryErrorProto[];
}

/** Job failures worth another attempt (dbt-bigquery retries the same ones). */
const TRANSIENT_REASONS = new Set(['backendError', 'internalError', 'rateLimitExceeded', 'jobBackendError', 'jobInternalError', 'jobRateLimitExceeded', 'quotaExceeded']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** A job-level failure: what `status.errorResult` holds. */
export class BigQueryJobError extends Error {
  constructor(
    readonly errorResult: BigQueryErrorProto,
    readonly jobId: string,
  ) {
    super(errorResult.message ?? errorResult.reason ?? 'the job failed');
  }
}

function reasonsOf(error: unknown): string[] {
  if (error instanceof BigQueryJobError) return [error.errorResult.reason ?? ''];
  return ((error as ApiErrorLike)?.errors ?? []).map((e) => e.reason ?? '');
}

export function isTransient(error: unknown): boolean {
  const code = (error as ApiErrorLike | undefined)?.code;
  if (typeof code === 'number' && (code >= 500 || code === 429)) return true;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  return reasonsOf(error).some((reason) => TRANSIENT_REASONS.has(reason));
}

export function isNotFound(error: unknown): boolean {
  return (error as ApiErrorLike | undefined)?.code === 404 || reasonsOf(error).includes('notFound');
}

function hintFor(reason: string | undefined, code: unknown): string | undefined {
  if (reason === 'bytesBilledLimitExceeded') return "raise maximum_bytes_billed in profiles.yml, or make the query read less (filter on the partition column, select fewer columns)";
  if (reason === 'accessDenied' || code === 403) return 'grant the credentials BigQuery Job User on the execution project and BigQuery Data Editor on the dataset';
  if (reason === 'authError' || code === 401) return 'check the credentials: method, keyfile or keyfile_json, or `gcloud auth application-default login` for method oauth';
  if (reason === 'stopped') return undefined;
  if (reason === 'notFound') return 'check the project, dataset and table names (BigQuery table names are case-sensitive) and the location';
  return undefined;
}

export function asKilnError(error: unknown, sql?: string, context?: string): KilnError {
  if (error instanceof KilnError) return error;
  const api = error as ApiErrorLike;
  const detail: BigQueryErrorProto = error instanceof BigQueryJobError ? error.errorResult : (api?.errors?.[0] ?? {});
  const message = detail.message ?? (error instanceof Error ? error.message : String(error));
  const reason = detail.reason;
  const parts = [`${context ? `${context}: ` : ''}${message}${reason ? ` (reason: ${reason})` : ''}`];
  const position = /at \[(\d+):(\d+)\]/.exec(message);
  if (sql && position) {
    const text = sql.split('\n')[Number(position[1]) - 1];
    if (text !== undefined) parts.push(`LINE ${position[1]}: ${text.trim()}`);
  }
  if (error instanceof BigQueryJobError) parts.push(`job: ${error.jobId}`);
  return new KilnError(parts.join('\n'), { hint: hintFor(reason, api?.code), cause: error });
}
