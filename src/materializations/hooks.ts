/** pre_hook / post_hook: rendered at run time with the node's context, run inside or outside its transaction. */
import type { HookConfig } from '../project/nodes.js';
import { needsWarehouse } from '../jinja/warehouseNeeded.js';
import type { MaterializationContext } from './context.js';

export interface RenderedHooks {
  preOutside: string[];
  preInside: string[];
  postInside: string[];
  postOutside: string[];
}

function renderHooks(ctx: MaterializationContext, hooks: HookConfig[] | undefined, inside: boolean): string[] {
  const out: string[] = [];
  for (const hook of hooks ?? []) {
    if ((hook.transaction !== false) !== inside) continue;
    const sql = renderHookSql(ctx, hook.sql).trim();
    if (sql) out.push(sql);
  }
  return out;
}

export function renderHookSql(ctx: MaterializationContext, sql: string): string {
  const { node, compiler, runtime } = ctx;
  return runtime.render(sql, { mode: 'execute', file: node.original_file_path, node, bindings: compiler.bindings(node, { mode: 'execute' }, []) }).sql;
}

export function renderNodeHooks(ctx: MaterializationContext): RenderedHooks {
  const { pre_hook: pre, post_hook: post } = ctx.node.config;
  return {
    preOutside: renderHooks(ctx, pre, false),
    preInside: renderHooks(ctx, pre, true),
    postInside: renderHooks(ctx, post, true),
    postOutside: renderHooks(ctx, post, false),
  };
}

/**
 * Post hooks rendered ahead, when their templates do not query the warehouse; undefined when
 * they do (`{% call statement %}` inserting into `this`): those must render after the
 * relation is built, so they run after the build's transaction, in their own.
 */
function postHooksAhead(ctx: MaterializationContext): Pick<RenderedHooks, 'postInside' | 'postOutside'> | undefined {
  const { post_hook: post } = ctx.node.config;
  ctx.runtime.warehouseDeferred = true;
  try {
    return { postInside: renderHooks(ctx, post, true), postOutside: renderHooks(ctx, post, false) };
  } catch (error) {
    if (needsWarehouse(error)) return undefined;
    throw error;
  } finally {
    ctx.runtime.warehouseDeferred = false;
  }
}

/**
 * Run `statements` wrapped by the node's hooks: outside-transaction pre hooks, then
 * one transaction holding inside pre hooks, the statements and inside post hooks,
 * then outside post hooks. Returns the main statements' results and everything run.
 */
export async function runWithHooks(
  ctx: MaterializationContext,
  statements: string[],
  options: { transaction?: boolean; pre?: boolean; post?: boolean } = {},
): Promise<{ results: Awaited<ReturnType<MaterializationContext['execute']>>; sql: string[] }> {
  const { pre_hook: pre, post_hook: post } = ctx.node.config;
  // A microbatch model runs its pre hooks with its first batch only and its post hooks with its last.
  const withPre = options.pre !== false;
  const ahead = options.post === false ? { postInside: [], postOutside: [] } : postHooksAhead(ctx);
  const hooks: RenderedHooks = {
    preOutside: withPre ? renderHooks(ctx, pre, false) : [],
    preInside: withPre ? renderHooks(ctx, pre, true) : [],
    postInside: ahead?.postInside ?? [],
    postOutside: ahead?.postOutside ?? [],
  };
  const sql: string[] = [];
  for (const hook of hooks.preOutside) {
    await ctx.execute(hook);
    sql.push(hook);
  }
  // dbt's sql_header (config, or set_sql_header) goes right before the node's own statements, on the same connection.
  const header = typeof ctx.node.config['sql_header'] === 'string' && ctx.node.config['sql_header'].trim() ? [ctx.node.config['sql_header'].trim()] : [];
  const preInside = [...hooks.preInside, ...(statements.length ? header : [])];
  const all = [...preInside, ...statements, ...hooks.postInside];
  // One statement is atomic on its own; a transaction around it only costs two round trips.
  const transaction = (options.transaction ?? true) && ctx.dialect.capabilities.supportsTransactions && all.length > 1;
  const results = all.length ? await ctx.execute(all, { transaction }) : [];
  sql.push(...all);
  if (!ahead) {
    // Rendered now that the relation exists; their own statements ran while rendering.
    const inside = renderHooks(ctx, post, true);
    if (inside.length) await ctx.execute(inside, { transaction: inside.length > 1 && ctx.dialect.capabilities.supportsTransactions });
    sql.push(...inside);
    hooks.postOutside = renderHooks(ctx, post, false);
  }
  for (const hook of hooks.postOutside) {
    await ctx.execute(hook);
    sql.push(hook);
  }
  return { results: results.slice(preInside.length, preInside.length + statements.length), sql };
}
