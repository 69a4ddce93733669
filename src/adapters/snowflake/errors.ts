/** A Snowflake failure as a KilnError carrying Snowflake's own message, error code, SQLSTATE and query id. */
import { KilnError } from '../../errors.js';

interface SnowflakeSdkError extends Error {
  code?: string | number;
  sqlState?: string;
  data?: { queryId?: string; errorCode?: string } | null;
}

/** The SDK's error types for a request that never got an answer (it already retried 5xx and 429 itself). */
const TRANSIENT_NAMES = new Set(['NetworkError', 'RequestFailedError', 'LargeResultSetError']);
/** Snowflake's codes for a session that ended under us (expired or dropped): worth one retry on a fresh one. */
const SESSION_GONE_CODES = new Set(['390111', '390112', '390114', '390195', '407002']);

export function isTransient(error: unknown): boolean {
  const sdkError = (error instanceof KilnError ? error.cause : error) as SnowflakeSdkError | undefined;
  if (!sdkError) return false;
  return TRANSIENT_NAMES.has(sdkError.name) || SESSION_GONE_CODES.has(String(sdkError.code ?? ''));
}

/** Snowflake's code for a statement cancelled by request. */
export const CANCELLED_CODE = '000604';

export function asKilnError(error: unknown, context?: string): KilnError {
  if (error instanceof KilnError) return error;
  const sdkError = error as SnowflakeSdkError;
  const message = sdkError instanceof Error ? sdkError.message : String(error);
  const facts: string[] = [];
  if (sdkError?.code !== undefined) facts.push(`Snowflake error ${String(sdkError.code).padStart(6, '0')}`);
  if (sdkError?.sqlState) facts.push(`SQLSTATE ${sdkError.sqlState}`);
  if (sdkError?.data?.queryId) facts.push(`query id ${sdkError.data.queryId}`);
  const text = `${context ? `${context}: ` : ''}${message}${facts.length ? ` (${facts.join(', ')})` : ''}`;
  return new KilnError(text, { hint: hintFor(sdkError), cause: error });
}

function hintFor(error: SnowflakeSdkError | undefined): string | undefined {
  switch (String(error?.code ?? '')) {
    case '390100':
    case '390144':
      return 'check user, password or private key in profiles.yml (key-pair: the public key must be registered with ALTER USER … SET RSA_PUBLIC_KEY)';
    case '002003':
      return 'the object does not exist or the role cannot see it: check database, schema and role, and that upstream models were built';
    case '000606':
      return 'the session has no running warehouse: set warehouse: in profiles.yml';
    default:
      return undefined;
  }
}
