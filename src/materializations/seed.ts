/** seed: the CSV loaded through the adapter's native loader, built aside and swapped in atomically. */
import { KilnError } from '../errors.js';
import { diagnoseCsv } from './csvDiagnosis.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { renderNodeHooks } from './hooks.js';

export async function materializeSeed(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node } = ctx;
  const target = ctx.target;
  const load = ctx.adapter.connection.loadCsv?.bind(ctx.adapter.connection);
  if (!load || !ctx.dialect.capabilities.supportsLocalCsvLoad) {
    throw new KilnError(`the ${ctx.dialect.type} adapter cannot load seed files`, { file: node.original_file_path, hint: 'load the file into the warehouse another way and declare it as a source' });
  }
  const columnTypes = (node.config['column_types'] ?? {}) as Record<string, string>;
  const hooks = renderNodeHooks(ctx);
  const sql: string[] = [];
  for (const hook of [...hooks.preOutside, ...hooks.preInside]) {
    await ctx.execute(hook);
    sql.push(hook);
  }
  const delimiter = String(node.config['delimiter'] ?? ',');
  const result = await load(target, node.abs_path, {
    delimiter,
    columnTypes: Object.fromEntries(Object.entries(columnTypes).map(([k, v]) => [k, ctx.dialect.typeName(String(v))])),
    quoteColumns: Boolean(node.config['quote_columns'] ?? true),
    // Always rebuilt aside and swapped in: a changed header becomes the new table's columns.
    replace: true,
  }).catch((error: unknown) => {
    throw diagnoseCsv(node.abs_path, node.original_file_path, delimiter) ?? error;
  });
  if (ctx.flags.empty) await ctx.execute(`DELETE FROM ${ctx.render(target)} WHERE true`); // BigQuery refuses a DELETE without WHERE
  await ctx.relations.set({ ...target, type: 'table' });
  for (const hook of [...hooks.postInside, ...hooks.postOutside]) {
    await ctx.execute(hook);
    sql.push(hook);
  }
  sql.unshift(`-- loaded ${node.original_file_path} into ${ctx.render(target)}`);
  return { message: `loaded seed file ${relationLabel(target)}`, rowsAffected: ctx.flags.empty ? 0 : result.rowsAffected, sql, relationName: ctx.render(target) };
}
