/** The built-in DuckDB adapter, as an `AdapterModule` the registry and the bridge worker load. */
import path from 'node:path';
import type { AdapterModule, ConnectionOptions } from '../types.js';
import type { DuckDbConnection } from './connection.js';
import { DuckDbDialect } from './dialect.js';
import { catalogNameForPath, IN_MEMORY_PATH } from './target.js';

export { DuckDbDialect, DUCKDB_CAPABILITIES } from './dialect.js';
export { DEFAULT_DUCKDB_TARGET } from './target.js';

export const type = 'duckdb';

/**
 * Paths relative to the project root, as users expect from dbt-duckdb; the database is the
 * file's catalog unless named. `external_root` (default `.`) is resolved too, so the views over
 * external models name their files absolutely and work whatever folder kiln or a reader runs in.
 */
export function normalizeTarget(target: Record<string, unknown>, projectRoot: string): Record<string, unknown> {
  const raw = String(target['path'] ?? IN_MEMORY_PATH);
  const resolved = raw === IN_MEMORY_PATH || raw.startsWith('md:') || path.isAbsolute(raw) ? raw : path.resolve(projectRoot, raw);
  const externalRoot = String(target['external_root'] ?? '.');
  // s3://, gcs://, md: … are the filesystem's own; only a local relative folder is resolved.
  const remote = /^[a-z][a-z0-9+.-]*:/i.test(externalRoot) && !/^[a-z]:[\\/]/i.test(externalRoot);
  return {
    ...target,
    path: resolved,
    schema: target['schema'] || 'main',
    database: target['database'] || catalogNameForPath(resolved),
    external_root: remote || path.isAbsolute(externalRoot) ? externalRoot : path.resolve(projectRoot, externalRoot),
  };
}

export function createDialect(target: Record<string, unknown>): DuckDbDialect {
  return new DuckDbDialect(target);
}

/** Loaded on demand: only the bridge worker needs the DuckDB driver (about 80 ms to load). */
export async function createConnection(target: Record<string, unknown>, options: ConnectionOptions): Promise<DuckDbConnection> {
  const { DuckDbConnection } = await import('./connection.js');
  return new DuckDbConnection(target, options);
}

const duckDbAdapterModule: AdapterModule = { type, normalizeTarget, createDialect, createConnection };
export default duckDbAdapterModule;
