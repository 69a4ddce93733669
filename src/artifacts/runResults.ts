/** target/run_results.json in dbt's shape (schema v6), so dbt-ecosystem tools can read it. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../secrets.js';

/** The table in the target schema where every build appends one row per node (see src/runner/invocation.ts). */
export const RUN_HISTORY_TABLE = 'kiln_run_history';

export type RunStatus = 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail' | 'runtime error';

export interface TimingInfo {
  name: 'compile' | 'execute';
  started_at: string;
  completed_at: string;
}

export interface RunResult {
  unique_id: string;
  status: RunStatus;
  timing: TimingInfo[];
  thread_id: string;
  execution_time: number;
  adapter_response: {
    _message?: string;
    rows_affected?: number;
    /** The warehouse's cost, where it reports it: BigQuery's bytes and slot milliseconds, the last statement's query id. */
    bytes_processed?: number;
    bytes_billed?: number;
    slot_ms?: number;
    query_id?: string;
    code?: string;
    embedding?: EmbeddingResponse;
  };
  message: string | null;
  failures: number | null;
  compiled_code: string | null;
  relation_name: string | null;
  batch_results?: unknown;
}

/** The embedding post-hook's work for a node (see `kiln_run_history`'s embedding columns). */
export interface EmbeddingResponse {
  rows_embedded: number;
  rows_skipped: number;
  rows_deleted: number;
  requests: number;
  retries: number;
  seconds: number;
  sink?: { name: string; upserted: number; deleted: number; unchanged: number };
}

export interface RunResultsArtifact {
  metadata: { dbt_schema_version: string; dbt_version: string; generated_at: string; invocation_id: string; env: Record<string, string> };
  results: RunResult[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export function runResultsArtifact(results: RunResult[], info: { invocationId: string; generatedAt: Date; elapsed: number; args: Record<string, unknown> }): RunResultsArtifact {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      dbt_version: '1.9.0',
      generated_at: info.generatedAt.toISOString(),
      invocation_id: info.invocationId,
      env: {},
    },
    results,
    elapsed_time: info.elapsed,
    args: info.args,
  };
}

/** The results of the run that wrote `<folder>/run_results.json`, or undefined when there is none. */
export function readRunResults(folder: string): RunResult[] | undefined {
  const path = join(folder, 'run_results.json');
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { results?: RunResult[] }).results ?? [];
}

export function writeRunResults(targetDir: string, artifact: RunResultsArtifact): string {
  mkdirSync(targetDir, { recursive: true });
  const path = join(targetDir, 'run_results.json');
  writeFileSync(path, redact(JSON.stringify(artifact, null, 2)));
  return path;
}
