/** The built-in DuckDB adapter, as an `AdapterModule` the registry and the bridge worker load. */
import type { AdapterModule, ConnectionOptions } from '../types.js';
import type { DuckDbConnection } from './connection.js';
import { DuckDbDialect } from './dialect.js';

export { DuckDbDialect, DUCKDB_CAPABILITIES } from './dialect.js';
export { DEFAULT_DUCKDB_TARGET } from './target.js';

export const type = 'duckdb';

export function createDialect(target: Record<string, unknown>): DuckDbDialect {
  return new DuckDbDialect(target);
}

/** Loaded on demand: only the bridge worker needs the DuckDB driver (about 80 ms to load). */
export async function createConnection(target: Record<string, unknown>, options: ConnectionOptions): Promise<DuckDbConnection> {
  const { DuckDbConnection } = await import('./connection.js');
  return new DuckDbConnection(target, options);
}

const duckDbAdapterModule: AdapterModule = { type, createDialect, createConnection };
export default duckDbAdapterModule;
