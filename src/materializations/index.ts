/** Pick the strategy for a node and run it. */
import type { MaterializationContext, MaterializationResult } from './context.js';
import { findCustomMaterialization, materializeCustom } from './custom.js';
import { materializeIncremental } from './incremental.js';
import { applyRelationConfigs } from './relationConfigs.js';
import { materializeSeed } from './seed.js';
import { materializeSnapshot } from './snapshot/index.js';
import { materializeTable } from './table.js';
import { materializeTypeScript } from './typescript.js';
import { materializeView } from './view.js';

const BUILT_IN = new Set(['view', 'table', 'incremental']);

export { MaterializationContext, RelationCache, type MaterializationResult, type RunFlags } from './context.js';

export async function materialize(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node } = ctx;
  const kind = node.config.materialized;
  // A project's or package's own `{% materialization table %}` replaces kiln's, as in dbt: it applies the configs itself.
  if (node.resource_type === 'model' && node.language !== 'typescript' && BUILT_IN.has(kind) && findCustomMaterialization(ctx, kind)) return materializeCustom(ctx, kind);
  // Likewise `{% materialization seed %}` and `snapshot`; without one, kiln's native loader and snapshot run.
  if ((node.resource_type === 'seed' || node.resource_type === 'snapshot') && findCustomMaterialization(ctx, node.resource_type)) return materializeCustom(ctx, node.resource_type);
  const result = await materializeBuiltIn(ctx);
  const kilnsOwn = node.resource_type !== 'model' || node.language === 'typescript' || BUILT_IN.has(kind);
  if (!kilnsOwn || result.status === 'error') return result;
  // As dbt's own materializations end: comments, indexes and grants from the config.
  return { ...result, sql: [...result.sql, ...(await applyRelationConfigs(ctx))] };
}

async function materializeBuiltIn(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node } = ctx;
  if (node.resource_type === 'seed') return materializeSeed(ctx);
  if (node.resource_type === 'snapshot') return materializeSnapshot(ctx);
  if (node.language === 'typescript') return materializeTypeScript(ctx);
  const kind = node.config.materialized;
  switch (kind) {
    case 'view':
      return materializeView(ctx);
    case 'table':
      return materializeTable(ctx);
    case 'incremental':
      return materializeIncremental(ctx);
    case 'ephemeral':
      return { message: `ephemeral ${node.name} (inlined where used)`, sql: [], compiledCode: ctx.compile() };
    default:
      return materializeCustom(ctx, kind);
  }
}
