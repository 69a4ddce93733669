/**
 * Checking the freshness of source tables: one query per table,
 *   select max(<loaded_at_field>) as max_loaded_at, <current timestamp> as snapshotted_at
 *   from <relation> [where <filter>]
 * then the age (snapshotted_at − max_loaded_at, computed here so time zones are
 * handled in one place) against the rule. A failing query is a `runtime error`.
 * Tables run on a small pool of `threads` workers, as the runner does for nodes.
 */
import type { Adapter, AdapterDialect } from '../../adapters/types.js';
import type { SourceDefinition } from '../../project/nodes.js';
import { criteriaOf, freshnessStatus, hasFreshness } from './criteria.js';
import { EMPTY_TABLE_INSTANT, isoUtc, parseWarehouseTimestamp, secondsBetween } from './timestamps.js';
import type { FreshnessEvent, FreshnessTiming, SourceFreshnessResult } from './types.js';

/** Why a source table is not checked, or undefined when it is. */
export function freshnessSkipReason(source: SourceDefinition): string | undefined {
  if (!hasFreshness(source.freshness)) return 'no freshness rule (warn_after or error_after)';
  return undefined;
}

export function freshnessSql(dialect: AdapterDialect, source: SourceDefinition): string {
  const filter = source.freshness?.filter;
  const lines = [
    'select',
    `  max(${source.loaded_at_field}) as max_loaded_at,`,
    `  ${dialect.currentTimestampSql()} as snapshotted_at`,
    `from ${source.relation_name}`,
  ];
  if (filter && filter.trim()) lines.push(`where ${filter.trim()}`);
  return lines.join('\n');
}

class FreshnessQueryError extends Error {}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

export async function checkSourceFreshness(adapter: Adapter, source: SourceDefinition, threadId: string): Promise<SourceFreshnessResult> {
  const criteria = criteriaOf(source.freshness);
  const compileStart = new Date();
  const sql = source.loaded_at_field ? freshnessSql(adapter.dialect, source) : '';
  const compileEnd = new Date();
  const timing: FreshnessTiming[] = [{ name: 'compile', started_at: compileStart.toISOString(), completed_at: compileEnd.toISOString() }];
  const t0 = performance.now();
  const base = { unique_id: source.unique_id, criteria, timing, thread_id: threadId, sql };
  const finish = (started: Date) => {
    timing.push({ name: 'execute', started_at: started.toISOString(), completed_at: new Date().toISOString() });
    return (performance.now() - t0) / 1000;
  };
  const executeStart = new Date();
  try {
    if (!source.loaded_at_field) {
      throw new FreshnessQueryError(
        `no loaded_at_field for source ${source.source_name}.${source.name}, and the ${adapter.dialect.type} adapter cannot read freshness from warehouse metadata; set loaded_at_field on the table or its source`,
      );
    }
    const [result] = await adapter.connection.execute(sql, { fetch: true, tag: source.unique_id });
    const row = result?.rows[0];
    if (!result || result.rows.length !== 1 || !row || row.length < 2) {
      throw new FreshnessQueryError(`the freshness query returned ${result?.rows.length ?? 0} rows, expected 1 row of (max_loaded_at, snapshotted_at)`);
    }
    const [rawMax, rawSnapshot] = row;
    const snapshottedAt = parseWarehouseTimestamp(rawSnapshot);
    if (!snapshottedAt) throw new FreshnessQueryError(`the current timestamp came back as ${describeValue(rawSnapshot)}, which is not a timestamp`);
    const maxLoadedAt = rawMax === null || rawMax === undefined ? EMPTY_TABLE_INSTANT : parseWarehouseTimestamp(rawMax);
    if (!maxLoadedAt) {
      throw new FreshnessQueryError(`max(${source.loaded_at_field}) is ${describeValue(rawMax)}, which is not a date or timestamp; cast the loaded_at_field to a timestamp`);
    }
    const age = secondsBetween(maxLoadedAt, snapshottedAt);
    const executionTime = finish(executeStart);
    const adapterResponse: SourceFreshnessResult['adapter_response'] = { _message: result.message ?? 'OK' };
    if (result.rowsAffected !== undefined) adapterResponse.rows_affected = result.rowsAffected;
    return {
      ...base,
      status: freshnessStatus(criteria, age),
      max_loaded_at: isoUtc(maxLoadedAt),
      snapshotted_at: isoUtc(snapshottedAt),
      max_loaded_at_time_ago_in_s: age,
      adapter_response: adapterResponse,
      execution_time: executionTime,
    };
  } catch (error) {
    const executionTime = finish(executeStart);
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, status: 'runtime error', adapter_response: {}, execution_time: executionTime, error: message };
  }
}

export interface FreshnessRunOptions {
  threads: number;
  onEvent?: (event: FreshnessEvent) => void;
  /** Checked before each table starts; true stops starting new ones. */
  stopped?: () => boolean;
}

/** Check `sources` with `threads` at a time; results in the order of `sources` (tables never started are left out). */
export async function checkSourcesFreshness(adapter: Adapter, sources: SourceDefinition[], options: FreshnessRunOptions): Promise<SourceFreshnessResult[]> {
  const results: (SourceFreshnessResult | undefined)[] = new Array(sources.length);
  const total = sources.length;
  let next = 0;
  const worker = async (threadIndex: number) => {
    while (next < total && !options.stopped?.()) {
      const position = next++;
      const source = sources[position]!;
      options.onEvent?.({ type: 'start', index: position + 1, total, source });
      const result = await checkSourceFreshness(adapter, source, `Thread-${threadIndex + 1}`);
      results[position] = result;
      options.onEvent?.({ type: 'done', index: position + 1, total, source, result });
    }
  };
  const threads = Math.max(1, Math.min(options.threads, total));
  await Promise.all(Array.from({ length: threads }, (_, i) => worker(i)));
  return results.filter((r): r is SourceFreshnessResult => r !== undefined);
}
