/** A PostgreSQL failure as a KilnError carrying the server's own message, detail, hint and line. */
import { KilnError } from '../../errors.js';

interface PgError extends Error {
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
}

/** Errors worth one retry on a fresh connection: resets, refused connections, admin shutdowns. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '40001', '40P01']);

export function isTransient(error: unknown): boolean {
  const code = (error as PgError | undefined)?.code;
  return !!code && TRANSIENT_CODES.has(code);
}

export function asKilnError(error: unknown, sql?: string, context?: string): KilnError {
  if (error instanceof KilnError) return error;
  const pgError = error as PgError;
  const message = pgError instanceof Error ? pgError.message : String(error);
  const parts = [context ? `${context}: ${message}` : message];
  if (pgError.code && /^[0-9A-Z]{5}$/.test(pgError.code)) parts[0] = `${parts[0]} (SQLSTATE ${pgError.code})`;
  if (pgError.detail) parts.push(`DETAIL: ${pgError.detail}`);
  const position = Number(pgError.position);
  if (sql && Number.isInteger(position) && position > 0) {
    const before = sql.slice(0, position - 1);
    const line = before.split('\n').length;
    const text = sql.split('\n')[line - 1] ?? '';
    parts.push(`LINE ${line}: ${text.trim()}`);
  }
  return new KilnError(parts.join('\n'), { hint: pgError.hint, cause: error });
}
