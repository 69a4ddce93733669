/** The built-in Snowflake adapter (snowflake-sdk), as an `AdapterModule` the registry and the bridge worker load. */
import type { AdapterModule, ConnectionOptions } from '../types.js';
import type { SnowflakeConnection } from './connection.js';
import { SnowflakeDialect } from './dialect.js';
import { readSnowflakeTarget } from './target.js';

export { SnowflakeDialect, SNOWFLAKE_CAPABILITIES } from './dialect.js';

export const type = 'snowflake';

/**
 * dbt-snowflake's target: database and schema are required (there is no default to fall back
 * on). Validated here, on the main thread, so a bad profile fails before the worker starts.
 */
export function normalizeTarget(target: Record<string, unknown>): Record<string, unknown> {
  readSnowflakeTarget(target);
  return { ...target };
}

export function createDialect(_target: Record<string, unknown>): SnowflakeDialect {
  return new SnowflakeDialect();
}

/** Loaded on demand: only the bridge worker needs the driver. */
export async function createConnection(target: Record<string, unknown>, options: ConnectionOptions): Promise<SnowflakeConnection> {
  // snowflake-sdk loads the AWS SDK (for S3 stages, which kiln does not use), which warns on every run that its
  // releases after January 2027 want Node 22: its documented switch turns that off in this worker, unless set.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { SnowflakeConnection } = await import('./connection.js');
  return new SnowflakeConnection(target, options);
}

const snowflakeAdapterModule: AdapterModule = { type, normalizeTarget, createDialect, createConnection };
export default snowflakeAdapterModule;
