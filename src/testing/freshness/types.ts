/** Types of the source freshness check (`kiln source freshness`). */
import type { SourceDefinition } from '../../project/nodes.js';

export type FreshnessPeriod = 'minute' | 'hour' | 'day';
export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

/** A threshold as sources.json writes it: both null when the threshold is off. */
export interface FreshnessThreshold {
  count: number | null;
  period: FreshnessPeriod | null;
}

export interface FreshnessCriteria {
  warn_after: FreshnessThreshold;
  error_after: FreshnessThreshold;
  filter: string | null;
}

export interface FreshnessTiming {
  name: 'compile' | 'execute';
  started_at: string;
  completed_at: string;
}

/** The outcome of checking one source table. */
export interface SourceFreshnessResult {
  unique_id: string;
  status: FreshnessStatus;
  /** UTC ISO-8601 (`…+00:00`), microseconds kept; absent on a runtime error. */
  max_loaded_at?: string;
  snapshotted_at?: string;
  max_loaded_at_time_ago_in_s?: number;
  criteria: FreshnessCriteria;
  adapter_response: { _message?: string; code?: string; rows_affected?: number };
  timing: FreshnessTiming[];
  thread_id: string;
  execution_time: number;
  /** The error text of a runtime error. */
  error?: string;
  /** The SQL that ran (or would have). */
  sql: string;
}

export type FreshnessEvent =
  | { type: 'start'; index: number; total: number; source: SourceDefinition }
  | { type: 'done'; index: number; total: number; source: SourceDefinition; result: SourceFreshnessResult };
