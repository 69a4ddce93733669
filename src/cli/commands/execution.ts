/**
 * The commands that touch the warehouse: run, seed, snapshot, build, test, show,
 * run-operation, retry. Each opens a session, selects nodes, and hands them to the
 * runner (src/runner/), printing one line per node and a summary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import type { RunResult } from '../../artifacts/runResults.js';
import type { Session } from '../../compile/session.js';
import { KilnError, KilnErrors } from '../../errors.js';
import type { RunFlags } from '../../materializations/context.js';
import type { ManifestNode } from '../../project/nodes.js';
import { parseCliMapping } from '../../project/loadProject.js';
import { readProjectFile } from '../../project/projectFile.js';
import { openAdapter, runInvocation } from '../../runner/invocation.js';
import { planAudit, prepareAudit, publishAudit, restoreAudit } from '../../runner/audit.js';
import type { Runner, RunnerEvent } from '../../runner/runner.js';
import { addGlobalOptions, outputFor, selectedIds, sessionFor, type GlobalOptions } from '../common.js';
import { ExitCode } from '../main.js';
import type { Output } from '../output.js';
import { nodeSqlPath } from '../../artifacts/nodePaths.js';
import { textTable } from '../../textTable.js';
import { inlineNode } from './compile.js';
import { writeSessionManifest } from './parse.js';
import { withLazyModules } from '../../lazyModules.js';

interface ExecutionOptions extends GlobalOptions {
  failFast?: boolean;
  eventTimeStart?: string;
  eventTimeEnd?: string;
  audit?: boolean;
}

const RESOURCE_TYPES: Record<string, string[]> = {
  run: ['model'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  test: ['test', 'unit_test'],
  build: ['seed', 'model', 'snapshot', 'test', 'unit_test'],
};

function addExecutionOptions(command: Command, which: string): Command {
  addGlobalOptions(command, { selection: true });
  command.option('--fail-fast', 'stop at the first failure');
  if (which !== 'test') command.option('--full-refresh', 'rebuild incremental models and seeds from scratch (snapshots keep their history)');
  if (which === 'run' || which === 'build') {
    command
      .option('--audit', 'write-audit-publish: build into <schema>_audit, test there, publish only if every error-severity test passed')
      .option('--empty', 'build every relation with zero rows (refs and sources read with limit 0)')
      .option('--event-time-start <time>', 'microbatch: the first time to build (inclusive)')
      .option('--event-time-end <time>', 'microbatch: the last time to build (exclusive)');
  }
  return command;
}

function nodeKind(node: ManifestNode): string {
  if (node.resource_type === 'seed') return 'seed file';
  if (node.resource_type === 'snapshot') return 'snapshot';
  if (node.resource_type === 'test') return 'test';
  if (node.resource_type === 'unit_test') return 'unit test';
  return `${node.config.materialized} model`;
}

function relationText(node: ManifestNode): string {
  if (node.resource_type === 'unit_test') return `${node.unit_test?.model ?? ''}::${node.name}`;
  return node.resource_type === 'test' ? node.name : `${node.schema}.${node.alias}`;
}

const STATUS_WORD: Record<string, string> = { success: 'OK', pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP', 'runtime error': 'ERROR' };

/** `[########----------] 340/1200 · running: orders, customers` for the live status line. */
export function progressBar(finished: number, total: number, running: string[]): string {
  const cells = 20;
  const filled = total ? Math.round((finished / total) * cells) : cells;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}] ${finished}/${total}`;
  return running.length ? `${bar} · running: ${running.join(', ')}` : bar;
}

/** `1,234` (one formatter for the run: toLocaleString builds a new one per call). */
const ROW_COUNT = new Intl.NumberFormat('en-US');

/** How often a progress line is printed where the output is not a live terminal. */
const PROGRESS_EVERY_MS = 5_000;

export function progressPrinter(output: Output, session?: Session): (event: RunnerEvent) => void {
  let width = 1;
  let total = 0;
  let finished = 0;
  const running = new Map<string, string>();
  const showStatus = (total: number) => {
    if (output.live) output.status(progressBar(finished, total, [...running.values()]));
  };
  const progressShownAt = new Map<string, number>();
  return (event) => {
    if (event.type === 'log') {
      output.info(`    ${event.node.name}: ${event.message}`, { event: 'node_log', unique_id: event.node.unique_id, message: event.message });
      return;
    }
    if (event.type === 'progress') {
      running.set(event.node.unique_id, `${event.node.name} (${event.message})`);
      if (output.live) return showStatus(total);
      // Logs and pipes get a progress line every few seconds, not every batch.
      const now = performance.now();
      if (now - (progressShownAt.get(event.node.unique_id) ?? 0) < PROGRESS_EVERY_MS) return;
      progressShownAt.set(event.node.unique_id, now);
      output.info(`    ${event.node.name}: ${event.message}`, { event: 'node_progress', unique_id: event.node.unique_id, message: event.message });
      return;
    }
    width = String(event.total).length;
    total = event.total;
    if (event.type === 'start') {
      running.set(event.node.unique_id, event.node.name);
      showStatus(event.total);
      if (output.debug) output.debugLog(`${String(event.index).padStart(width)} of ${event.total} START ${nodeKind(event.node)} ${relationText(event.node)}`, { event: 'node_start', unique_id: event.node.unique_id });
      return;
    }
    running.delete(event.node.unique_id);
    finished++;
    showStatus(event.total);
    const { result, node } = event;
    const word = STATUS_WORD[result.status] ?? result.status.toUpperCase();
    const rows = result.adapter_response.rows_affected;
    const details = [`${result.execution_time.toFixed(2)}s`];
    if (rows !== undefined) details.push(`${ROW_COUNT.format(rows)} row${rows === 1 ? '' : 's'}`);
    let text: string;
    if (result.status === 'success') text = result.message ?? '';
    else if (result.status === 'skipped') text = `${nodeKind(node)} ${relationText(node)}`;
    else if (result.status === 'error') text = `${nodeKind(node)} ${relationText(node)}`;
    else if (node.resource_type === 'unit_test') text = `${nodeKind(node)} ${relationText(node)}${result.failures ? ` (${result.failures} differing row${result.failures === 1 ? '' : 's'})` : ''}`;
    else text = `${node.name}${result.failures && result.status !== 'pass' ? ` (${result.failures} failing)` : ''}`;
    const position = event.index ? `${String(event.index).padStart(width)} of ${event.total}` : `${' '.repeat(width)}   ${' '.repeat(String(event.total).length)}`;
    const line = `${position} ${word} ${text} ... [${details.join(', ')}]`;
    const data = { event: 'node_finished', unique_id: node.unique_id, status: result.status, execution_time: result.execution_time, rows_affected: rows, message: result.message };
    if (result.status === 'error' || result.status === 'fail') {
      output.info(line, data);
      if (result.status === 'error' && output.format === 'text') output.problem(problemText(node, result.message ?? '', event.error));
    } else output.info(line, data);
    // A test's failing rows or a unit test's row diff and notes: the lines of its message after the first.
    const isTest = node.resource_type === 'unit_test' || node.resource_type === 'test';
    if (isTest && output.format === 'text' && result.status !== 'error' && result.status !== 'skipped') {
      const details = (result.message ?? '').split('\n').slice(1).join('\n').replace(/^\n+/, '');
      const where = node.resource_type === 'test' && result.status !== 'pass' && session ? `compiled SQL: ${relative(process.cwd(), nodeSqlPath(session.targetDir, 'run', node))}` : '';
      const text = [details, where].filter(Boolean).join('\n');
      if (text) output.info(`${text.replace(/^(?=.)/gm, '    ')}\n`);
    }
  };
}

/** A failed node's error: with its own file and line where it has them, else under the node's file. */
function problemText(node: ManifestNode, message: string, error: unknown): string {
  if (error instanceof KilnError && error.file && error.line !== undefined && !(error instanceof KilnErrors)) return error.format();
  return `${node.original_file_path}: ${message}`;
}

/** The statuses of a node or test that failed (a warning is not one). */
const FAILED: readonly string[] = ['error', 'fail', 'runtime error'];

export function summarize(output: Output, results: RunResult[], elapsed: number): boolean {
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const pass = count('success', 'pass');
  const warn = count('warn');
  const error = count(...FAILED);
  const skip = count('skipped');
  output.info(`\nFinished running ${results.length} node${results.length === 1 ? '' : 's'} in ${elapsed.toFixed(2)}s.`);
  const cost = runCost(results);
  output.info(cost.text, { event: 'cost', ...cost.figures });
  output.info(`Done. PASS=${pass} WARN=${warn} ERROR=${error} SKIP=${skip} TOTAL=${results.length}`, { event: 'summary', pass, warn, error, skip, total: results.length, elapsed });
  return error > 0 || skip > 0;
}

const BYTES = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function byteText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) (value /= 1000), unit++;
  return `${BYTES.format(value)} ${units[unit]}`;
}

/**
 * What the run cost in the warehouse: the seconds its nodes ran (on every adapter), and the
 * warehouse's own figures where it reports them (BigQuery's bytes and slot time; query ids).
 */
export function runCost(results: RunResult[]): { text: string; figures: Record<string, number> } {
  const ran = results.filter((r) => r.status !== 'skipped');
  const sum = (pick: (r: RunResult) => number | undefined): number | undefined =>
    ran.reduce<number | undefined>((total, r) => (pick(r) === undefined ? total : (total ?? 0) + pick(r)!), undefined);
  const seconds = sum((r) => r.execution_time) ?? 0;
  const figures: Record<string, number> = { node_seconds: seconds };
  const parts = [`${seconds.toFixed(2)}s of node time`];
  const processed = sum((r) => r.adapter_response.bytes_processed);
  const billed = sum((r) => r.adapter_response.bytes_billed);
  const slotMs = sum((r) => r.adapter_response.slot_ms);
  const queries = ran.filter((r) => r.adapter_response.query_id !== undefined).length;
  if (processed !== undefined) (figures.bytes_processed = processed), parts.push(`${byteText(processed)} processed`);
  if (billed !== undefined) (figures.bytes_billed = billed), parts.push(`${byteText(billed)} billed`);
  if (slotMs !== undefined) (figures.slot_ms = slotMs), parts.push(`${BYTES.format(slotMs / 1000)} slot-seconds`);
  if (queries) parts.push(`query ids in target/run_results.json`);
  return { text: `Cost: ${parts.join(', ')}.`, figures };
}

function flagsFrom(options: ExecutionOptions): RunFlags {
  return { fullRefresh: Boolean(options.fullRefresh), empty: Boolean(options.empty), eventTimeStart: options.eventTimeStart, eventTimeEnd: options.eventTimeEnd };
}

/** Selected ids in graph order, each model's unit tests just before it, ephemeral models left out (they are inlined where used). */
function executableIds(session: Session, ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  const unitTestsOf = new Map<string, string[]>();
  for (const [id, unitTest] of Object.entries(session.manifest.unit_tests)) {
    if (!wanted.has(id)) continue;
    const model = unitTest.depends_on.nodes[0] ?? '';
    (unitTestsOf.get(model) ?? unitTestsOf.set(model, []).get(model)!).push(id);
  }
  const ordered: string[] = [];
  for (const [id, node] of Object.entries(session.manifest.nodes)) {
    ordered.push(...(unitTestsOf.get(id) ?? []));
    unitTestsOf.delete(id);
    if (wanted.has(id) && !(node.resource_type === 'model' && node.config.materialized === 'ephemeral')) ordered.push(id);
  }
  for (const rest of unitTestsOf.values()) ordered.push(...rest);
  return ordered;
}

async function execute(which: string, options: ExecutionOptions, presetIds?: (session: Session) => string[]): Promise<void> {
  const output = outputFor(options);
  const session = await sessionFor(options, output, { WHICH: which }, true);
  const ids = executableIds(session, presetIds ? presetIds(session) : selectedIds(session, options, output, RESOURCE_TYPES[which]));
  if (!ids.length) {
    output.warn(`nothing to ${which}: no nodes match the selection`);
    writeSessionManifest(session);
    return;
  }
  output.info(`Running ${ids.length} node${ids.length === 1 ? '' : 's'} with ${options.threads ?? session.project.profile.target.threads} thread(s)\n`);
  let runner: Runner | undefined;
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    output.warn('interrupted: cancelling running queries (press Ctrl-C again to quit at once)');
    void runner?.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const threads = options.threads === undefined ? undefined : Number(options.threads);
    const audit = (which === 'run' || which === 'build') && (options.audit || session.project.config.audit) ? planAudit(session, ids) : undefined;
    let auditOutcome: string | undefined;
    const outcome = await runInvocation(session, ids, {
      ...(audit && {
        beforeRun: (adapter) => prepareAudit(adapter, audit),
        afterRun: async (adapter, results, cancelled) => {
          const failed = results.filter((r) => FAILED.includes(r.status));
          const skipped = results.filter((r) => r.status === 'skipped').length;
          if (failed.length || skipped || cancelled) {
            restoreAudit(session, audit);
            const where = [...new Set(audit.nodes.map((n) => n.audit.schema))].join(', ');
            const names = failed.slice(0, 5).map((r) => r.unique_id.split('.').slice(2).join('.')).join(', ') + (failed.length > 5 ? ', …' : '');
            auditOutcome = `audit failed, nothing was published: ${failed.length} failed (${names})${skipped ? `, ${skipped} skipped` : ''}${cancelled ? ', cancelled' : ''}; the audited relations stay in ${where} for inspection`;
            return;
          }
          await publishAudit(session, adapter, audit);
          auditOutcome = `audit passed: published ${audit.nodes.length} relation${audit.nodes.length === 1 ? '' : 's'}`;
        },
      }),
      threads,
      failFast: options.failFast,
      flags: flagsFrom(options),
      testsGateChildren: which === 'build',
      onEvent: progressPrinter(output, session),
      onHook: (m) => output.info(m),
      onRunner: (r) => (runner = r),
      args: { which, select: options.select ?? [], exclude: options.exclude ?? [], full_refresh: Boolean(options.fullRefresh), threads, vars: options.vars ?? null },
      writeManifest: (s) => writeSessionManifest(s),
    });
    output.clearStatus();
    const failed = summarize(output, outcome.results, outcome.elapsed);
    if (auditOutcome) (failed ? output.warn(auditOutcome) : output.info(auditOutcome));
    if (failed || outcome.cancelled) ExitCode.value = 1;
  } finally {
    output.clearStatus();
    process.off('SIGINT', onSigint);
  }
}

export function registerExecutionCommands(program: Command): void {
  for (const which of ['run', 'seed', 'snapshot', 'test', 'build']) {
    addExecutionOptions(program.command(which).description(describe(which)), which).action((options: ExecutionOptions) => execute(which, options));
  }
  registerShow(program);
  registerRunOperation(program);
  registerRetry(program);
}

function registerShow(program: Command): void {
  const command = program
    .command('show')
    .description(describe('show'))
    .option('--inline <sql>', 'the SQL (with Jinja) to run')
    .option('--limit <n>', 'how many rows to print', '5');
  addGlobalOptions(command, { selection: true }).action(async (options: GlobalOptions & { inline?: string; limit: string }) => {
    const output = outputFor(options);
    const session = await sessionFor(options, output, { WHICH: 'show' }, true);
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new KilnError(`--limit must be a whole number, got '${options.limit}'`);
    let node: ManifestNode;
    if (options.inline !== undefined) node = inlineNode(session, options.inline);
    else {
      // Tests attached to the model join a selection indirectly; show previews the node itself, as dbt does.
      const ids = [...selectedIds(session, options, output, ['model', 'seed', 'snapshot', 'analysis'])];
      if (ids.length !== 1) throw new KilnError(ids.length ? `show needs exactly one node, but the selection matched ${ids.length}` : 'show needs --select <model> or --inline "<sql>"', { hint: 'e.g. kiln show --select orders' });
      node = session.manifest.nodes[ids[0]!]!;
    }
    const adapter = await openAdapter(session, 1);
    try {
      let sql: string;
      if (node.resource_type === 'seed') sql = `select * from ${session.compiler.relationOf(node).render()}`;
      else sql = session.compiler.compile(node, { mode: 'execute' }).sql;
      const [result] = await adapter.connection.execute(`select * from (\n${sql.trim().replace(/;\s*$/, '')}\n) as kiln_show limit ${limit}`, { fetch: true });
      const columns = result?.columns.map((c) => c.name) ?? [];
      const rows = result?.rows ?? [];
      if (output.format === 'json') output.result(JSON.stringify({ node: node.name, columns, rows }), { columns, rows });
      else output.result(`Previewing ${options.inline !== undefined ? 'inline node' : `node '${node.name}'`}:\n${textTable(columns, rows).join('\n')}`);
    } finally {
      await adapter.close();
    }
  });
}

function registerRunOperation(program: Command): void {
  const command = program
    .command('run-operation <macro>')
    .description(describe('run-operation'))
    .option('--args <yaml>', "the macro's keyword arguments as YAML or JSON", '{}');
  addGlobalOptions(command).action(async (macro: string, options: GlobalOptions & { args: string }) => {
    const output = outputFor(options);
    const session = await sessionFor(options, output, { WHICH: 'run-operation' }, true);
    const kwargs = parseCliMapping(options.args, '--args', '{days: 7}');
    const [pkg, name] = macro.includes('.') ? (macro.split('.', 2) as [string, string]) : [session.project.config.name, macro];
    const runtime = session.parse.runtime;
    const found = runtime.findMacro(name, pkg);
    if (!found) throw new KilnError(`no macro named '${macro}'`, { hint: 'define it in a file under macro-paths' });
    const adapter = await openAdapter(session, 1);
    try {
      const t0 = performance.now();
      const value = runtime.withFrame({ mode: 'execute', file: `run-operation ${macro}` }, () => {
        try {
          return runtime.callMacro(found.packageName, name, [], kwargs);
        } catch (error) {
          if (error instanceof KilnError) throw error;
          // A template error raised inside the macro: say which macro, where it is defined.
          const definition = runtime.registry.get(found.packageName, name)?.definition;
          throw new KilnError(`macro '${macro}' failed: ${error instanceof Error ? error.message : String(error)}`, {
            file: definition?.original_file_path,
            line: definition?.line,
            hint: 'the error is in this macro or a macro it calls; --debug shows the stack',
            cause: error,
          });
        }
      });
      const text = value === undefined || value === null ? '' : String(value).trim();
      if (text) output.result(text);
      output.info(`Ran operation ${macro} in ${((performance.now() - t0) / 1000).toFixed(2)}s`);
    } finally {
      await adapter.close();
    }
  });
}

function registerRetry(program: Command): void {
  const command = program.command('retry').description(describe('retry')).option('--fail-fast', 'stop at the first failure');
  addGlobalOptions(command).action(async (options: ExecutionOptions) => {
    const output = outputFor(options);
    const project = await withLazyModules(() => readProjectFile(resolve(options.projectDir ?? process.cwd())));
    const path = resolve(options.projectDir ?? process.cwd(), project.targetPath, 'run_results.json');
    if (!existsSync(path)) throw new KilnError(`no previous run to retry: ${path} not found`, { hint: 'run kiln run, build, seed, snapshot or test first' });
    const previous = JSON.parse(readFileSync(path, 'utf8')) as { results: RunResult[]; args?: Record<string, unknown> };
    const which = String(previous.args?.['which'] ?? 'build');
    if (!RESOURCE_TYPES[which]) throw new KilnError(`the last run was '${which}', which retry cannot repeat`);
    const ids = previous.results.filter((r) => ['error', 'skipped', 'fail', 'runtime error'].includes(r.status)).map((r) => r.unique_id);
    if (!ids.length) {
      output.info('Nothing to retry: the last run had no errors or skipped nodes.');
      return;
    }
    // Nodes removed from the project since the last run are left out.
    await execute(which, { ...options, fullRefresh: Boolean(previous.args?.['full_refresh']) }, (session) => ids.filter((id) => session.manifest.nodes[id] ?? session.manifest.unit_tests[id]));
  });
}
