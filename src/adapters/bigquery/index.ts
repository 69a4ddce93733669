/** The built-in BigQuery adapter (@google-cloud/bigquery), as an `AdapterModule` the registry and the bridge worker load. */
import type { AdapterModule, ConnectionOptions } from '../types.js';
import type { BigQueryConnection } from './connection.js';
import { BigQueryDialect } from './dialect.js';

export { BigQueryDialect, BIGQUERY_CAPABILITIES } from './dialect.js';

export const type = 'bigquery';

/** dbt-bigquery's names: the database is the `project`, the schema the `dataset`. */
export function normalizeTarget(target: Record<string, unknown>): Record<string, unknown> {
  return { ...target, database: target['project'] || target['database'] || '', schema: target['dataset'] || target['schema'] || '' };
}

export function createDialect(target: Record<string, unknown>): BigQueryDialect {
  return new BigQueryDialect({ location: target['location'] ? String(target['location']) : undefined });
}

/** Loaded on demand: only the bridge worker needs the SDK. */
export async function createConnection(target: Record<string, unknown>, options: ConnectionOptions): Promise<BigQueryConnection> {
  const { BigQueryConnection } = await import('./connection.js');
  return new BigQueryConnection(target, options);
}

const bigqueryAdapterModule: AdapterModule = { type, normalizeTarget, createDialect, createConnection };
export default bigqueryAdapterModule;
