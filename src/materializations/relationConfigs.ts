/**
 * What dbt's materializations do to a relation once it is built, driven by the node's config:
 * `persist_docs` (descriptions as warehouse comments), `indexes` (tables) and `grants`. Each
 * runs dbt's own dispatched macro (`persist_docs`, `create_indexes`, `apply_grants`), so an
 * adapter's or a project's override applies; nothing runs when the config is absent.
 */
import type { MaterializationContext } from './context.js';
import { renderHookSql } from './hooks.js';

/** Render and run the macros the node's config asks for; returns what they left to run (they mostly run_query themselves). */
export async function applyRelationConfigs(ctx: MaterializationContext): Promise<string[]> {
  const config = ctx.node.config;
  const isTable = ctx.target.type === 'table';
  const calls: string[] = [];
  const persist = config['persist_docs'] as { relation?: boolean; columns?: boolean } | undefined;
  if (persist?.relation || persist?.columns) calls.push('{{ persist_docs(this, model) }}');
  const indexes = config['indexes'];
  if (isTable && Array.isArray(indexes) && indexes.length) calls.push('{{ create_indexes(this) }}');
  const grants = config['grants'];
  if (grants && typeof grants === 'object' && Object.keys(grants).length) calls.push("{{ apply_grants(this, config.get('grants'), should_revoke(this, full_refresh_mode=True)) }}");
  const sql: string[] = [];
  for (const call of calls) {
    const rendered = renderHookSql(ctx, call).trim();
    if (!rendered) continue;
    await ctx.execute(rendered);
    sql.push(rendered);
  }
  return sql;
}
