/** A project's own `{% materialization name, adapter='…' %}`: called as a macro with dbt's context names. */
import { KilnError } from '../errors.js';
import { resolve } from 'node:path';
import { nodeSqlPath, writeFileIfChanged } from '../artifacts/nodePaths.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { diagnoseCsv } from './csvDiagnosis.js';
import { loadSeedTable } from './seedTable.js';
import type { SeedTable } from '../jinja/agateTypes.js';
import { materializationMacroName } from '../jinja/macroRegistry.js';
import { INTERNAL_PACKAGE } from '../jinja/internalMacros.js';

/** The materializations dbt itself defines: an installed package may not replace these unless the project allows it. */
const BUILT_IN = new Set(['view', 'table', 'incremental', 'seed', 'snapshot', 'materialized_view', 'clone', 'test', 'unit']);

/**
 * Where `{% materialization name %}` comes from, as dbt picks it: the project's own, else a
 * package's. For the built-in names a package's version counts only when the project sets the
 * flag require_explicit_package_overrides_for_builtin_materializations: false (dbt's default
 * since 1.8 ignores it); kiln's native materialization runs otherwise.
 */
export function findCustomMaterialization(ctx: MaterializationContext, name: string): { packageName: string; macro: string } | undefined {
  const { project } = ctx.runtime;
  const packagesMayOverride = !BUILT_IN.has(name) || project.config.flags?.['require_explicit_package_overrides_for_builtin_materializations'] === false;
  // Last, the internal namespace, where an adapter's own materializations (dbt-duckdb's external) are registered.
  const packages = packagesMayOverride ? [ctx.node.package_name, project.config.name, ...project.packages.map((p) => p.name), INTERNAL_PACKAGE] : [project.config.name, INTERNAL_PACKAGE];
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
  const { node, compiler, runtime } = ctx;
  // A seed has no SQL of its own; a snapshot's is the body of its block.
  const sql = node.resource_type === 'seed' ? '' : ctx.compile(node.resource_type === 'snapshot' ? { code: node.block_body ?? node.raw_code } : {});
  const executed: string[] = [];
  let seedTable: SeedTable | undefined;
  let written: string | undefined;
  const bindings = compiler.bindings(node, { mode: 'execute' }, []);
  bindings.extra = {
    ...bindings.extra,
    sql,
    compiled_code: sql,
    model: { ...node, compiled_code: sql },
    pre_hooks: node.config.pre_hook,
    post_hooks: node.config.post_hook,
    __onStatement: (_name: string, statementSql: string) => executed.push(statementSql),
    load_agate_table: () => (seedTable ??= loadAgateTable(ctx)),
    // dbt's write(payload): the node's file under target/run/ holds the payload instead of the statements kiln ran.
    write: (payload: unknown) => {
      written = String(payload ?? '');
      writeFileIfChanged(nodeSqlPath(resolve(runtime.project.root, runtime.project.config.targetPath), 'run', node), written);
      return '';
    },
  };
  // Templates reach the warehouse synchronously, so the macro runs here on the main thread.
  const returned = runtime.withFrame({ mode: 'execute', file: node.original_file_path, node, bindings }, () => runtime.callMacro(found.packageName, found.macro));
  ctx.relations.invalidate(ctx.target);
  void returned;
  return {
    message: `ran materialization ${name} for ${relationLabel(ctx.target)}`,
    rowsAffected: seedTable?.rows.length,
    sql: written === undefined ? executed : [],
    compiledCode: sql,
    relationName: ctx.render(ctx.target),
  };
}

/** dbt's load_agate_table(): the seed's CSV, typed as dbt's seeds type it; only a seed has one. */
function loadAgateTable(ctx: MaterializationContext): SeedTable {
  const { node } = ctx;
  if (node.resource_type !== 'seed') {
    throw new KilnError(`can only load_agate_table for seeds (got a ${node.resource_type})`, {
      file: node.original_file_path,
      hint: 'call load_agate_table() from a seed materialization; other nodes can read a seed with run_query("select * from " ~ ref(\'the_seed\'))',
    });
  }
  const delimiter = String(node.config['delimiter'] ?? ',');
  try {
    return loadSeedTable(node.abs_path, node.original_file_path, {
      delimiter,
      columnTypes: (node.config['column_types'] ?? {}) as Record<string, string>,
      empty: ctx.flags.empty,
      warn: (message) => ctx.reporter.log(message),
    });
  } catch (error) {
    throw diagnoseCsv(node.abs_path, node.original_file_path, delimiter) ?? error;
  }
}
