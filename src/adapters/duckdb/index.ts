/** The built-in DuckDB adapter, as an `AdapterModule` the registry and the bridge worker load. */
import type { AdapterModule } from '../types.js';
import { DuckDbConnection } from './connection.js';
import { DuckDbDialect } from './dialect.js';

export { DuckDbConnection } from './connection.js';
export { DuckDbDialect, DUCKDB_CAPABILITIES } from './dialect.js';
export { DEFAULT_DUCKDB_TARGET } from './target.js';

export const type = 'duckdb';

export function createDialect(target: Record<string, unknown>): DuckDbDialect {
  return new DuckDbDialect(target);
}

export function createConnection(target: Record<string, unknown>, options: { threads: number; projectRoot: string }): DuckDbConnection {
  return new DuckDbConnection(target, options);
}

const duckDbAdapterModule: AdapterModule = { type, createDialect, createConnection };
export default duckDbAdapterModule;
