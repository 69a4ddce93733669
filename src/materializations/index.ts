/** Pick the strategy for a node and run it. */
import type { MaterializationContext, MaterializationResult } from './context.js';
import { findCustomMaterialization, materializeCustom } from './custom.js';
import { materializeIncremental } from './incremental.js';
import { materializeSeed } from './seed.js';
import { materializeSnapshot } from './snapshot/index.js';
import { materializeTable } from './table.js';
import { materializeTypeScript } from './typescript.js';
import { materializeView } from './view.js';

const BUILT_IN = new Set(['view', 'table', 'incremental']);

export { MaterializationContext, RelationCache, type MaterializationResult, type RunFlags } from './context.js';

export async function materialize(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node } = ctx;
  if (node.resource_type === 'seed') return materializeSeed(ctx);
  if (node.resource_type === 'snapshot') return materializeSnapshot(ctx);
  if (node.language === 'typescript') return materializeTypeScript(ctx);
  const kind = node.config.materialized;
  // A project's or package's own `{% materialization table %}` replaces kiln's, as in dbt.
  if (BUILT_IN.has(kind) && findCustomMaterialization(ctx, kind)) return materializeCustom(ctx, kind);
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
