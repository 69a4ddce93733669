/**
 * Execute selected nodes in dependency order with N workers over a ready queue.
 * A failure skips its descendants (the run continues elsewhere); --fail-fast stops
 * everything; cancel() interrupts running statements (their transactions roll back,
 * so every table is left old or new).
 */
import type { Adapter } from '../adapters/types.js';
import type { RunResult, RunStatus } from '../artifacts/runResults.js';
import type { Session } from '../compile/session.js';
import { KilnError } from '../errors.js';
import { MaterializationContext, RelationCache, type MaterializationResult, type RunFlags, type StatementCost } from '../materializations/context.js';
import { materialize } from '../materializations/index.js';
import type { ManifestNode } from '../project/nodes.js';
import { runTestNode } from '../testing/runTest.js';
import { embedModelRows } from './embedNode.js';
import { runUnitTest } from '../testing/unitTests/runUnitTest.js';

export type RunnerEvent =
  | { type: 'start'; index: number; total: number; node: ManifestNode }
  | { type: 'done'; index: number; total: number; node: ManifestNode; result: RunResult; error?: unknown }
  | { type: 'log'; node: ManifestNode; message: string }
  | { type: 'progress'; node: ManifestNode; message: string };

export interface RunnerOptions {
  threads: number;
  failFast?: boolean;
  flags: RunFlags;
  /** `build`: a model waits for the tests of its parents, and a failing test skips its descendants. */
  testsGateChildren?: boolean;
  onEvent?: (event: RunnerEvent) => void;
}

export interface ExecutedNode {
  result: RunResult;
  /** Statements run for the node, for target/run/. */
  sql: string[];
  /** What failed, for output that can show its file and line. */
  error?: unknown;
}

export class Runner {
  private cancelled = false;
  private readonly relations: RelationCache;
  private readonly schemas = new Map<string, Promise<void>>();

  constructor(
    private readonly session: Session,
    private readonly adapter: Adapter,
    private readonly options: RunnerOptions,
  ) {
    this.relations = new RelationCache(adapter);
    session.parse.runtime.adapter = adapter;
  }

  /** Stop: interrupt running statements and skip whatever has not started. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.adapter.connection.cancel();
  }

  get wasCancelled(): boolean {
    return this.cancelled;
  }

  /** A node or unit test by id. */
  private nodeOf(id: string): ManifestNode | undefined {
    return this.session.manifest.nodes[id] ?? this.session.manifest.unit_tests[id];
  }

  /**
   * Each node's dependencies among `ids`. A unit test runs before its model (which
   * waits for it, so a failing unit test skips the model), once the model's own
   * parents are done; it never waits for the model.
   */
  private dependencies(ids: string[]): Map<string, Set<string>> {
    const { manifest } = this.session;
    const selected = new Set(ids);
    const deps = new Map<string, Set<string>>();
    const unitTestsByModel = new Map<string, string[]>();
    for (const id of ids) {
      for (const model of manifest.unit_tests[id]?.depends_on.nodes ?? []) (unitTestsByModel.get(model) ?? unitTestsByModel.set(model, []).get(model)!).push(id);
    }
    const testsByParent = new Map<string, string[]>();
    if (this.options.testsGateChildren) {
      for (const id of ids) {
        if (manifest.nodes[id]?.resource_type !== 'test') continue;
        for (const parent of manifest.parent_map[id] ?? []) {
          if (!testsByParent.has(parent)) testsByParent.set(parent, []);
          testsByParent.get(parent)!.push(id);
        }
      }
    }
    for (const id of ids) {
      const unitTest = manifest.unit_tests[id];
      const parents = unitTest ? unitTest.depends_on.nodes.flatMap((model) => manifest.parent_map[model] ?? []) : (manifest.parent_map[id] ?? []);
      const set = new Set(parents.filter((p) => selected.has(p)));
      for (const test of unitTestsByModel.get(id) ?? []) set.add(test);
      if (this.options.testsGateChildren && !unitTest && manifest.nodes[id]?.resource_type !== 'test') {
        const directParents = new Set(manifest.parent_map[id] ?? []);
        for (const parent of directParents) {
          for (const test of testsByParent.get(parent) ?? []) {
            // Only tests wholly about this node's parents, so a test never waits on its own descendant.
            if ((manifest.parent_map[test] ?? []).every((p) => directParents.has(p))) set.add(test);
          }
        }
      }
      deps.set(id, set);
    }
    return deps;
  }

  async run(ids: string[]): Promise<ExecutedNode[]> {
    const { manifest } = this.session;
    const deps = this.dependencies(ids);
    const children = new Map<string, string[]>();
    for (const [id, parents] of deps) for (const parent of parents) (children.get(parent) ?? children.set(parent, []).get(parent)!).push(id);
    const priority = criticalPathPriority(ids, deps, children);
    const remaining = new Map([...deps].map(([id, parents]) => [id, parents.size]));
    const ready: string[] = ids.filter((id) => remaining.get(id) === 0).sort(priority);
    const done = new Map<string, ExecutedNode>();
    const total = ids.length;
    let started = 0;
    let stop = false;
    let wake: (() => void) | undefined;
    const signal = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };

    const finish = (id: string, executed: ExecutedNode) => {
      done.set(id, executed);
      const failed = ['error', 'fail', 'skipped', 'runtime error'].includes(executed.result.status);
      if (failed && this.options.failFast && executed.result.status !== 'skipped') stop = true;
      for (const child of children.get(id) ?? []) {
        if (failed) this.skipTree(child, children, done, executed.result.status === 'skipped' ? (executed.result.message ?? '') : `skipped: ${this.nodeOf(id)?.name ?? id} failed`, total);
        else {
          const left = remaining.get(child)! - 1;
          remaining.set(child, left);
          if (left === 0 && !done.has(child)) ready.push(child);
        }
      }
      ready.sort(priority);
      signal();
    };

    const worker = async (threadIndex: number) => {
      for (;;) {
        if (stop || this.cancelled) return;
        const id = ready.shift();
        if (id === undefined) {
          if (done.size + this.inFlight >= total) return;
          await new Promise<void>((resolve) => {
            const previous = wake;
            wake = () => {
              previous?.();
              resolve();
            };
          });
          continue;
        }
        if (done.has(id)) continue;
        const node = this.nodeOf(id)!;
        const index = ++started;
        this.options.onEvent?.({ type: 'start', index, total, node });
        this.inFlight++;
        const executed = await this.executeNode(node, `Thread-${threadIndex + 1}`);
        this.inFlight--;
        // Report the node before finish() reports the descendants it skips.
        this.options.onEvent?.({ type: 'done', index, total, node, result: executed.result, error: executed.error });
        finish(id, executed);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.threads) }, (_, i) => worker(i)));
    // Whatever never ran (fail-fast, cancel): skipped.
    for (const id of ids) {
      if (done.has(id)) continue;
      const node = this.nodeOf(id)!;
      const result = skippedResult(id, this.cancelled ? 'skipped: the run was cancelled' : 'skipped: --fail-fast stopped the run');
      done.set(id, { result, sql: [] });
      this.options.onEvent?.({ type: 'done', index: ++started, total, node, result });
    }
    return ids.map((id) => done.get(id)!);
  }

  private inFlight = 0;

  private skipTree(id: string, children: Map<string, string[]>, done: Map<string, ExecutedNode>, reason: string, total: number): void {
    if (done.has(id)) return;
    const result = skippedResult(id, reason);
    done.set(id, { result, sql: [] });
    const node = this.nodeOf(id)!;
    this.options.onEvent?.({ type: 'done', index: 0, total, node, result });
    for (const child of children.get(id) ?? []) this.skipTree(child, children, done, reason, total);
  }

  private ensureSchema(database: string, schema: string): Promise<void> {
    const key = `${database}.${schema}`.toLowerCase();
    let pending = this.schemas.get(key);
    if (!pending) {
      pending = this.adapter.connection.execute(this.adapter.dialect.createSchemaSql(database, schema), { fetch: false }).then(() => undefined);
      this.schemas.set(key, pending);
    }
    return pending;
  }

  async executeNode(node: ManifestNode, threadId: string): Promise<ExecutedNode> {
    const startedAt = new Date();
    const t0 = performance.now();
    const ctx = new MaterializationContext(node, this.adapter, this.session.compiler, this.session.parse.runtime, this.options.flags, this.relations, node.unique_id);
    const onEvent = this.options.onEvent;
    if (onEvent) ctx.reporter = { log: (message) => onEvent({ type: 'log', node, message }), progress: (message) => onEvent({ type: 'progress', node, message }) };
    let outcome: MaterializationResult | undefined;
    let error: unknown;
    try {
      if (this.cancelled) throw new KilnError('cancelled');
      if (needsSchema(node)) await this.ensureSchema(node.database, node.schema);
      outcome = node.resource_type === 'test' ? await runTestNode(ctx) : node.resource_type === 'unit_test' ? await runUnitTest(ctx) : await materialize(ctx);
      // --empty builds tables with no rows: embedding them would delete every vector.
      if (node.resource_type === 'model' && node.config['embed'] !== undefined && !this.options.flags.empty) outcome = await embedModelRows(ctx, outcome);
    } catch (caught) {
      error = caught;
    }
    const completedAt = new Date();
    const seconds = (performance.now() - t0) / 1000;
    const timing = [{ name: 'execute' as const, started_at: startedAt.toISOString(), completed_at: completedAt.toISOString() }];
    if (error !== undefined || !outcome) {
      const message = this.cancelled ? 'cancelled: the run was interrupted' : errorMessage(error);
      return {
        result: {
          unique_id: node.unique_id,
          status: 'error',
          timing,
          thread_id: threadId,
          execution_time: seconds,
          adapter_response: {},
          message,
          failures: null,
          compiled_code: null,
          relation_name: null,
        },
        sql: [],
        error,
      };
    }
    const status: RunStatus = outcome.status ?? 'success';
    return {
      result: {
        unique_id: node.unique_id,
        status,
        timing,
        thread_id: threadId,
        execution_time: seconds,
        adapter_response: {
          _message: outcome.message,
          ...(outcome.rowsAffected !== undefined ? { rows_affected: outcome.rowsAffected } : {}),
          ...costResponse(ctx.cost),
          ...(outcome.embedding ? { embedding: outcome.embedding } : {}),
        },
        message: outcome.message,
        failures: outcome.failures ?? (node.resource_type === 'test' || node.resource_type === 'unit_test' ? 0 : null),
        compiled_code: outcome.compiledCode ?? null,
        relation_name: outcome.relationName ?? null,
      },
      sql: outcome.sql,
    };
  }
}

/** Does building the node write into its schema (so the schema must exist first)? */
export function needsSchema(node: ManifestNode): boolean {
  return node.config.materialized !== 'ephemeral' && node.resource_type !== 'unit_test' && (node.resource_type !== 'test' || node.config['store_failures'] === true);
}

/** A node's warehouse cost in dbt's adapter_response names (dbt-bigquery's bytes and slots, dbt-snowflake's query_id). */
function costResponse(cost: StatementCost): Pick<RunResult['adapter_response'], 'bytes_processed' | 'bytes_billed' | 'slot_ms' | 'query_id'> {
  const response: Pick<RunResult['adapter_response'], 'bytes_processed' | 'bytes_billed' | 'slot_ms' | 'query_id'> = {};
  if (cost.bytesProcessed !== undefined) response.bytes_processed = cost.bytesProcessed;
  if (cost.bytesBilled !== undefined) response.bytes_billed = cost.bytesBilled;
  if (cost.slotMs !== undefined) response.slot_ms = cost.slotMs;
  if (cost.queryId !== undefined) response.query_id = cost.queryId;
  return response;
}

/**
 * Ready nodes run longest-chain-first: a node with a long line of descendants waiting
 * on it (the critical path) goes before leaves, so the last layers are not left to run
 * one at a time at the end. Ties keep the selection's order.
 */
export function criticalPathPriority(ids: string[], deps: Map<string, Set<string>>, children: Map<string, string[]>): (a: string, b: string) => number {
  const order = new Map(ids.map((id, index) => [id, index]));
  // Kahn's order, then heights from the leaves up (every child is measured before its parent).
  const waiting = new Map([...deps].map(([id, parents]) => [id, parents.size]));
  const topological = ids.filter((id) => waiting.get(id) === 0);
  for (let index = 0; index < topological.length; index++) {
    for (const child of children.get(topological[index]!) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) topological.push(child);
    }
  }
  const height = new Map<string, number>();
  for (let index = topological.length - 1; index >= 0; index--) {
    const id = topological[index]!;
    let tallest = 0;
    for (const child of children.get(id) ?? []) tallest = Math.max(tallest, height.get(child) ?? 0);
    height.set(id, tallest + 1);
  }
  return (a, b) => (height.get(b) ?? 0) - (height.get(a) ?? 0) || order.get(a)! - order.get(b)!;
}

export function skippedResult(id: string, message: string): RunResult {
  return {
    unique_id: id,
    status: 'skipped',
    timing: [],
    thread_id: 'main',
    execution_time: 0,
    adapter_response: {},
    message,
    failures: null,
    compiled_code: null,
    relation_name: null,
  };
}

function errorMessage(error: unknown): string {
  if (error instanceof KilnError) return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
