/** The built-in PostgreSQL adapter (node-postgres), as an `AdapterModule` the registry and the bridge worker load. */
import type { AdapterModule, ConnectionOptions } from '../types.js';
import type { PostgresConnection } from './connection.js';
import { PostgresDialect } from './dialect.js';

export { PostgresDialect, POSTGRES_CAPABILITIES } from './dialect.js';

export const type = 'postgres';

/** dbt-postgres's defaults: the database is `dbname`, the schema `public`. */
export function normalizeTarget(target: Record<string, unknown>): Record<string, unknown> {
  return { ...target, schema: target['schema'] || 'public', database: target['database'] || target['dbname'] || '' };
}

export function createDialect(_target: Record<string, unknown>): PostgresDialect {
  return new PostgresDialect();
}

/** Loaded on demand: only the bridge worker needs the driver. */
export async function createConnection(target: Record<string, unknown>, options: ConnectionOptions): Promise<PostgresConnection> {
  const { PostgresConnection } = await import('./connection.js');
  return new PostgresConnection(target, options);
}

const postgresAdapterModule: AdapterModule = { type, normalizeTarget, createDialect, createConnection };
export default postgresAdapterModule;
