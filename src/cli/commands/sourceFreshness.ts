/**
 * `kiln source freshness` (alias `kiln source snapshot-freshness`, dbt's old name):
 * for each selected source table with a freshness rule, query max(loaded_at_field)
 * and compare its age with warn_after / error_after. One line per table, a summary,
 * target/sources.json; exit code 1 when a table is stale past error_after or its
 * query failed (warnings do not fail). on-run-start/end hooks run as in dbt.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { sourcesArtifact, writeSourcesJson } from '../../artifacts/sourcesJson.js';
import type { SourceDefinition } from '../../project/nodes.js';
import { openAdapter, runHookList } from '../../runner/invocation.js';
import { checkSourcesFreshness, freshnessSkipReason } from '../../testing/freshness/check.js';
import type { FreshnessEvent, SourceFreshnessResult } from '../../testing/freshness/types.js';
import { addGlobalOptions, outputFor, selectedIds, sessionFor, type GlobalOptions } from '../common.js';
import { ExitCode } from '../main.js';
import type { Output } from '../output.js';
import { writeSessionManifest } from './parse.js';

interface SourceFreshnessOptions extends GlobalOptions {
  output?: string;
}

const STATUS_WORD: Record<SourceFreshnessResult['status'], string> = { pass: 'PASS', warn: 'WARN', error: 'ERROR STALE', 'runtime error': 'ERROR' };

function tableName(source: SourceDefinition): string {
  return `${source.source_name}.${source.name}`;
}

function freshnessPrinter(output: Output): (event: FreshnessEvent) => void {
  return (event) => {
    const width = String(event.total).length;
    const position = `${String(event.index).padStart(width)} of ${event.total}`;
    if (event.type === 'start') {
      output.debugLog(`${position} START freshness of ${tableName(event.source)}`, { event: 'freshness_start', unique_id: event.source.unique_id });
      return;
    }
    const { result, source } = event;
    const word = STATUS_WORD[result.status];
    output.info(`${position} ${word} freshness of ${tableName(source)} ... [${word} in ${result.execution_time.toFixed(2)}s]`, {
      event: 'freshness_finished',
      unique_id: result.unique_id,
      status: result.status,
      max_loaded_at: result.max_loaded_at ?? null,
      snapshotted_at: result.snapshotted_at ?? null,
      max_loaded_at_time_ago_in_s: result.max_loaded_at_time_ago_in_s ?? null,
      execution_time: result.execution_time,
      error: result.error ?? null,
    });
    if (result.status === 'runtime error' && output.format === 'text') {
      output.problem(`${source.original_file_path}${source.line ? `:${source.line}` : ''}: freshness of ${tableName(source)}: ${result.error}`);
      if (result.sql) output.debugLog(`the freshness query was:\n${result.sql}`);
    }
  };
}

function summarizeFreshness(output: Output, results: SourceFreshnessResult[], elapsed: number): boolean {
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const pass = count('pass');
  const warn = count('warn');
  const error = count('error', 'runtime error');
  const total = results.length;
  output.info(`\nFinished checking freshness of ${total} source table${total === 1 ? '' : 's'} in ${elapsed.toFixed(2)}s.`);
  output.info(`Done. PASS=${pass} WARN=${warn} ERROR=${error} TOTAL=${total}`, { event: 'summary', pass, warn, error, total, elapsed });
  return error > 0;
}

async function sourceFreshness(options: SourceFreshnessOptions): Promise<void> {
  const output = outputFor(options);
  const session = await sessionFor(options, output, { WHICH: 'source' }, true);
  const ids = selectedIds(session, options, output, ['source']);
  const selected = Object.values(session.manifest.sources).filter((source) => ids.has(source.unique_id));
  const sources: SourceDefinition[] = [];
  for (const source of selected) {
    const reason = freshnessSkipReason(source);
    if (reason) output.debugLog(`skipping freshness of ${tableName(source)}: ${reason}`, { event: 'freshness_skipped', unique_id: source.unique_id, reason });
    else sources.push(source);
  }
  writeSessionManifest(session);
  if (!sources.length) {
    output.warn(selected.length ? 'nothing to check: none of the selected source tables has a freshness rule' : 'nothing to check: no source tables match the selection');
    return;
  }
  const threads = options.threads === undefined ? (session.project.profile.target.threads ?? 4) : Number(options.threads);
  output.info(`Checking freshness of ${sources.length} source table${sources.length === 1 ? '' : 's'} with ${threads} thread(s)\n`);
  const t0 = performance.now();
  const adapter = await openAdapter(session, threads);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    output.warn('interrupted: cancelling running queries (press Ctrl-C again to quit at once)');
    void adapter.connection.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const runtime = session.parse.runtime;
    runtime.selectedResources = sources.map((s) => s.unique_id);
    await runHookList(session, adapter, session.project.config.onRunStart, 'on-run-start', (m) => output.info(m));
    const results = await checkSourcesFreshness(adapter, sources, { threads, onEvent: freshnessPrinter(output), stopped: () => interrupts > 0 });
    runtime.results = results.map((r) => ({ ...r, node: session.manifest.sources[r.unique_id], message: r.error ?? null }));
    let hookError: unknown;
    if (!interrupts) {
      try {
        await runHookList(session, adapter, session.project.config.onRunEnd, 'on-run-end', (m) => output.info(m));
      } catch (error) {
        hookError = error;
      }
    }
    const elapsed = (performance.now() - t0) / 1000;
    const path = options.output ? resolve(options.output) : join(session.targetDir, 'sources.json');
    writeSourcesJson(path, sourcesArtifact(results, { invocationId: session.invocationId, generatedAt: new Date(), elapsed }));
    output.debugLog(`wrote ${path}`);
    if (summarizeFreshness(output, results, elapsed) || interrupts) ExitCode.value = 1;
    if (hookError) throw hookError;
  } finally {
    process.off('SIGINT', onSigint);
    await adapter.close();
  }
}

export function registerSourceFreshness(program: Command): void {
  const source = program.command('source').description(describe('source'));
  const freshness = source
    .command('freshness')
    .alias('snapshot-freshness')
    .description('check how recently each selected source table was loaded, against its freshness rule')
    .option('-o, --output <path>', 'where to write the results (default: <target-path>/sources.json)');
  addGlobalOptions(freshness, { selection: true }).action((options: SourceFreshnessOptions) => sourceFreshness(options));
  source.exitOverride();
  freshness.exitOverride();
}
