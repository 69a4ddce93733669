/** view: CREATE OR REPLACE VIEW (dropping a table of the same name first, in one transaction). */
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { runWithHooks } from './hooks.js';

export async function materializeView(ctx: MaterializationContext): Promise<MaterializationResult> {
  const target = ctx.target;
  const sql = ctx.compile();
  const existing = await ctx.relations.get(target);
  const statements: string[] = [];
  if (existing && existing.type !== 'view') statements.push(ctx.dialect.dropRelationSql(existing));
  statements.push(ctx.dialect.createViewAsSql(target, sql, { config: ctx.node.config }));
  const run = await runWithHooks(ctx, statements);
  await ctx.relations.set({ ...target, type: 'view' });
  return { message: `created view ${relationLabel(target)}`, sql: run.sql, compiledCode: sql, relationName: ctx.render(target) };
}
