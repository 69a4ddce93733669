/**
 * One execution command end to end: open the adapter, on-run-start hooks, run the
 * nodes, on-run-end hooks (with `results`), then artifacts: run_results.json,
 * manifest.json, target/run/ SQL, and a row per node in `kiln_run_history`.
 */
import type { Adapter } from '../adapters/types.js';
import { rowsToColumns } from '../adapters/columns.js';
import { RUN_HISTORY_TABLE, runResultsArtifact, writeRunResults, type RunResult } from '../artifacts/runResults.js';
import { nodeSqlPath, writeFileIfChanged, type SeenFolders } from '../artifacts/nodePaths.js';
import { openAdapter, type Session } from '../compile/session.js';

export { openAdapter };
import { KilnError } from '../errors.js';
import type { RunFlags } from '../materializations/context.js';
import type { ManifestNode } from '../project/nodes.js';
import { needsSchema, Runner, type RunnerEvent } from './runner.js';
import { redactValues } from '../secrets.js';

export interface InvocationOptions {
  threads?: number;
  failFast?: boolean;
  flags: RunFlags;
  testsGateChildren?: boolean;
  onEvent?: (event: RunnerEvent) => void;
  onHook?: (message: string) => void;
  /** Called with the runner once it exists (the CLI wires SIGINT to runner.cancel()). */
  onRunner?: (runner: Runner) => void;
  args?: Record<string, unknown>;
  /** Skip on-run-start/end (for `show`, `run-operation`). */
  hooks?: boolean;
  writeManifest?: (session: Session) => void;
  /** Before the first node runs, on the run's connection (write-audit-publish sets up its schemas). */
  beforeRun?: (adapter: Adapter) => Promise<void>;
  /** After the last node, before on-run-end hooks, on the same connection (write-audit-publish publishes). */
  afterRun?: (adapter: Adapter, results: RunResult[], cancelled: boolean) => Promise<void>;
}

export interface InvocationResult {
  results: RunResult[];
  elapsed: number;
  cancelled: boolean;
}


/** A node or unit test by id. */
function nodeOf(session: Session, id: string): ManifestNode | undefined {
  return session.manifest.nodes[id] ?? session.manifest.unit_tests[id];
}

/** Run on-run-start / on-run-end hooks in order, rendered at run time; a failing hook names the project file. */
export async function runHookList(session: Session, adapter: Adapter, hooks: string[], which: string, onHook?: (message: string) => void): Promise<void> {
  const runtime = session.parse.runtime;
  for (const [index, hook] of hooks.entries()) {
    const sql = runtime.render(hook, { mode: 'execute', file: session.project.config.file }).sql.trim();
    if (!sql) continue;
    const t0 = performance.now();
    try {
      await adapter.connection.execute(sql, { fetch: false });
    } catch (error) {
      throw new KilnError(`${which} hook ${index + 1} failed: ${error instanceof Error ? error.message : String(error)}`, { file: session.project.config.file, hint: `the hook's SQL was:\n${sql}` });
    }
    onHook?.(`${which} hook ${index + 1} of ${hooks.length} OK [${((performance.now() - t0) / 1000).toFixed(2)}s]`);
  }
}

async function createSchemas(session: Session, adapter: Adapter, ids: string[]): Promise<void> {
  const schemas = new Map<string, [string, string]>();
  for (const id of ids) {
    const node = nodeOf(session, id);
    if (node && needsSchema(node)) schemas.set(`${node.database}\u0000${node.schema}`.toLowerCase(), [node.database, node.schema]);
  }
  if (schemas.size) await adapter.connection.execute([...schemas.values()].map(([database, schema]) => adapter.dialect.createSchemaSql(database, schema)), { fetch: false });
}

export async function runInvocation(session: Session, ids: string[], options: InvocationOptions): Promise<InvocationResult> {
  const threads = options.threads ?? session.project.profile.target.threads ?? 4;
  const adapter = await openAdapter(session, threads);
  const t0 = performance.now();
  try {
    const runtime = session.parse.runtime;
    runtime.selectedResources = ids;
    if (options.hooks !== false) {
      // As dbt: the selected nodes' schemas exist before on-run-start hooks run (a hook may grant on them).
      await createSchemas(session, adapter, ids);
      await runHookList(session, adapter, session.project.config.onRunStart, 'on-run-start', options.onHook);
    }
    await options.beforeRun?.(adapter);
    const runner = new Runner(session, adapter, { threads, failFast: options.failFast, flags: options.flags, testsGateChildren: options.testsGateChildren, onEvent: options.onEvent });
    options.onRunner?.(runner);
    const executed = await runner.run(ids);
    const results = executed.map((e) => e.result);
    const folders: SeenFolders = new Map();
    for (const [index, item] of executed.entries()) {
      const node = nodeOf(session, ids[index]!);
      if (!node || !item.sql.length) continue;
      writeFileIfChanged(nodeSqlPath(session.targetDir, 'run', node), item.sql.map((s) => s.trim().replace(/;?$/, ';')).join('\n\n') + '\n', folders);
      if (item.result.compiled_code) {
        node.compiled_code = item.result.compiled_code;
        node.compiled = true;
      }
    }
    runtime.results = results.map((r) => ({ ...r, node: nodeOf(session, r.unique_id), status: r.status }));
    let hookError: unknown;
    try {
      await options.afterRun?.(adapter, results, runner.wasCancelled);
    } catch (error) {
      hookError = error;
    }
    if (options.hooks !== false && !runner.wasCancelled && !hookError) {
      try {
        await runHookList(session, adapter, session.project.config.onRunEnd, 'on-run-end', options.onHook);
      } catch (error) {
        hookError = error;
      }
    }
    const elapsed = (performance.now() - t0) / 1000;
    writeRunResults(session.targetDir, runResultsArtifact(results, { invocationId: session.invocationId, generatedAt: new Date(), elapsed, args: options.args ?? {} }));
    options.writeManifest?.(session);
    if (results.length && !runner.wasCancelled) await recordRunHistory(session, adapter, results).catch(() => undefined);
    if (hookError) throw hookError;
    return { results, elapsed, cancelled: runner.wasCancelled };
  } finally {
    await adapter.close();
  }
}

/** Run history's columns in its first version. */
const FIRST_COLUMNS: readonly (readonly [name: string, portableType: string])[] = [
  ['invocation_id', 'string'], ['unique_id', 'string'], ['name', 'string'], ['resource_type', 'string'], ['status', 'string'],
  ['started_at', 'timestamp'], ['completed_at', 'timestamp'], ['rows_affected', 'bigint'], ['bytes_processed', 'bigint'], ['message', 'string'],
];

/**
 * Columns added to run history after its first version, appended at the table's end (an older
 * table gets them by ALTER): a test's failing rows, the embedding post-hook's counts, and the warehouse's cost.
 */
const ADDED_COLUMNS: readonly (readonly [name: string, portableType: string, value: (r: RunResult) => unknown])[] = [
  ['failures', 'bigint', (r) => r.failures],
  ['rows_embedded', 'bigint', (r) => r.adapter_response.embedding?.rows_embedded],
  ['rows_embedding_skipped', 'bigint', (r) => r.adapter_response.embedding?.rows_skipped],
  ['rows_embedding_deleted', 'bigint', (r) => r.adapter_response.embedding?.rows_deleted],
  ['embedding_requests', 'bigint', (r) => r.adapter_response.embedding?.requests],
  ['embedding_retries', 'bigint', (r) => r.adapter_response.embedding?.retries],
  ['embedding_seconds', 'float', (r) => r.adapter_response.embedding?.seconds],
  ['bytes_billed', 'bigint', (r) => r.adapter_response.bytes_billed],
  ['slot_ms', 'bigint', (r) => r.adapter_response.slot_ms],
  ['query_id', 'string', (r) => r.adapter_response.query_id],
];

/** One row per node in `<target schema>.kiln_run_history`, created when missing. */
export async function recordRunHistory(session: Session, adapter: Adapter, results: RunResult[]): Promise<void> {
  const dialect = adapter.dialect;
  const target = session.project.profile.target;
  const relation = { database: target.database, schema: target.schema, identifier: RUN_HISTORY_TABLE };
  const table = dialect.renderRelation(relation);
  await adapter.connection.execute(
    [
      dialect.createSchemaSql(target.database, target.schema),
      `CREATE TABLE IF NOT EXISTS ${table} (${FIRST_COLUMNS.map(([name, type]) => `${name} ${dialect.typeName(type)}`).join(', ')})`,
    ],
    { fetch: false, transaction: true },
  );
  const present = (await adapter.connection.getColumns(relation)).map((c) => c.name.toLowerCase());
  const missing = ADDED_COLUMNS.filter(([name]) => !present.includes(name));
  if (missing.length) {
    await adapter.connection.execute(missing.map(([name, type]) => dialect.addColumnSql(relation, { name: dialect.normalizeIdentifier(name), dataType: dialect.typeName(type) })), { fetch: false, transaction: true });
  }
  // Values in the table's own column order, which depends on the kiln versions that added them.
  const order = [...present, ...missing.map(([name]) => name)];
  const rows = results.map((r) => {
    const node = nodeOf(session, r.unique_id);
    const timing = r.timing[r.timing.length - 1];
    const values: Record<string, unknown> = {
      invocation_id: session.invocationId, unique_id: r.unique_id, name: node?.name, resource_type: node?.resource_type, status: r.status,
      started_at: timing?.started_at, completed_at: timing?.completed_at, rows_affected: r.adapter_response.rows_affected,
      bytes_processed: r.adapter_response.bytes_processed, message: r.message,
    };
    for (const [name, , value] of ADDED_COLUMNS) values[name] = value(r);
    const redacted = redactValues(values);
    return order.map((name) => redacted[name] ?? null);
  });
  if (dialect.capabilities.supportsBulkAppend && adapter.connection.appendColumns) {
    await adapter.connection.appendColumns(relation, rowsToColumns(rows, order.length));
    return;
  }
  const timestampColumns = new Set([order.indexOf('started_at'), order.indexOf('completed_at')]);
  const literal = (v: unknown, i: number): string => {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'NULL';
    if (typeof v === 'number') return String(v);
    if (timestampColumns.has(i)) return dialect.timestampLiteralSql(String(v).replace('T', ' ').replace('Z', ''));
    return dialect.quoteString(String(v));
  };
  await adapter.connection.execute(`INSERT INTO ${table} VALUES\n${rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n')}`, { fetch: false });
}
