/** A project's own `{% materialization name, adapter='…' %}`: called as a macro with dbt's context names. */
import { KilnError } from '../errors.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { materializationMacroName } from '../jinja/macroRegistry.js';
import { INTERNAL_PACKAGE } from '../jinja/internalMacros.js';

export function findCustomMaterialization(ctx: MaterializationContext, name: string): { packageName: string; macro: string } | undefined {
  // Last, the internal namespace, where an adapter's own materializations (dbt-duckdb's external) are registered.
  const packages = [ctx.node.package_name, ctx.runtime.project.config.name, ...ctx.runtime.project.packages.map((p) => p.name), INTERNAL_PACKAGE];
  for (const adapter of [ctx.dialect.type, 'default']) {
    const macro = materializationMacroName(name, adapter);
    for (const pkg of packages) if (ctx.runtime.findMacro(macro, pkg)?.packageName === pkg) return { packageName: pkg, macro };
  }
  return undefined;
}

export async function materializeCustom(ctx: MaterializationContext, name: string): Promise<MaterializationResult> {
  const found = findCustomMaterialization(ctx, name);
  if (!found) {
    throw new KilnError(`model '${ctx.node.name}' uses materialization '${name}', which does not exist`, {
      file: ctx.node.original_file_path,
      hint: `use view, table, incremental, ephemeral, or define {% materialization ${name}, default %} in a macro file`,
    });
  }
  const sql = ctx.compile();
  const executed: string[] = [];
  const { node, compiler, runtime } = ctx;
  const bindings = compiler.bindings(node, { mode: 'execute' }, []);
  bindings.extra = {
    ...bindings.extra,
    sql,
    compiled_code: sql,
    model: node,
    pre_hooks: node.config.pre_hook,
    post_hooks: node.config.post_hook,
    __onStatement: (_name: string, statementSql: string) => executed.push(statementSql),
  };
  // Templates reach the warehouse synchronously, so the macro runs here on the main thread.
  const returned = runtime.withFrame({ mode: 'execute', file: node.original_file_path, node, bindings }, () => runtime.callMacro(found.packageName, found.macro));
  ctx.relations.invalidate(ctx.target);
  void returned;
  return { message: `ran materialization ${name} for ${relationLabel(ctx.target)}`, sql: executed, compiledCode: sql, relationName: ctx.render(ctx.target) };
}
