/**
 * target/sources.json in dbt's shape (schema v3), written by `kiln source freshness`,
 * so dbt-ecosystem tools (and `source_status:` selection) can read it. A table whose
 * query failed is written as dbt writes a runtime error: `{unique_id, error, status}`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FreshnessCriteria, FreshnessTiming, SourceFreshnessResult } from '../testing/freshness/types.js';
import { redact } from '../secrets.js';

export interface SourceFreshnessOutput {
  unique_id: string;
  max_loaded_at: string;
  snapshotted_at: string;
  max_loaded_at_time_ago_in_s: number;
  status: 'pass' | 'warn' | 'error';
  criteria: FreshnessCriteria;
  adapter_response: Record<string, unknown>;
  timing: FreshnessTiming[];
  thread_id: string;
  execution_time: number;
}

export interface SourceFreshnessRuntimeError {
  unique_id: string;
  error: string | null;
  status: 'runtime error';
}

export interface SourcesArtifact {
  metadata: { dbt_schema_version: string; dbt_version: string; generated_at: string; invocation_id: string; env: Record<string, string> };
  results: (SourceFreshnessOutput | SourceFreshnessRuntimeError)[];
  elapsed_time: number;
}

export function sourceFreshnessEntry(result: SourceFreshnessResult): SourceFreshnessOutput | SourceFreshnessRuntimeError {
  if (result.status === 'runtime error' || result.max_loaded_at === undefined || result.snapshotted_at === undefined || result.max_loaded_at_time_ago_in_s === undefined) {
    return { unique_id: result.unique_id, error: result.error ?? null, status: 'runtime error' };
  }
  return {
    unique_id: result.unique_id,
    max_loaded_at: result.max_loaded_at,
    snapshotted_at: result.snapshotted_at,
    max_loaded_at_time_ago_in_s: result.max_loaded_at_time_ago_in_s,
    status: result.status,
    criteria: result.criteria,
    adapter_response: result.adapter_response,
    timing: result.timing,
    thread_id: result.thread_id,
    execution_time: result.execution_time,
  };
}

export function sourcesArtifact(results: SourceFreshnessResult[], info: { invocationId: string; generatedAt: Date; elapsed: number }): SourcesArtifact {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
      dbt_version: '1.9.0',
      generated_at: info.generatedAt.toISOString(),
      invocation_id: info.invocationId,
      env: {},
    },
    results: results.map(sourceFreshnessEntry),
    elapsed_time: info.elapsed,
  };
}

/** Write the artifact to `path` (normally `<target>/sources.json`); returns the path. */
export function writeSourcesJson(path: string, artifact: SourcesArtifact): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, redact(JSON.stringify(artifact, null, 2)));
  return path;
}
