/**
 * The columns (and types) of a parent a unit test replaces with fixture rows: from
 * the warehouse when the relation exists, else from the parent's compiled query run
 * with `limit 0`, else from `data_type`s in property YAML; failing all of those, the
 * given columns themselves (the caller tells the user).
 */
import type { ColumnDescription, RelationRef } from '../../adapters/types.js';
import type { MaterializationContext } from '../../materializations/context.js';
import type { ManifestNode, SourceDefinition } from '../../project/nodes.js';
import type { TypedColumns } from './types.js';

export type Parent = ManifestNode | SourceDefinition;

function relationRef(ctx: MaterializationContext, parent: Parent): RelationRef {
  const relation = parent.resource_type === 'source' ? ctx.compiler.sourceRelation(parent as SourceDefinition) : ctx.compiler.relationOf(parent as ManifestNode);
  return { database: relation.database, schema: relation.schema, identifier: relation.identifier };
}

export async function warehouseColumns(ctx: MaterializationContext, parent: Parent): Promise<ColumnDescription[] | undefined> {
  const ref = relationRef(ctx, parent);
  try {
    if (!(await ctx.relations.get(ref))) return undefined;
    const columns = await ctx.adapter.connection.getColumns(ref);
    return columns.length ? columns : undefined;
  } catch {
    return undefined;
  }
}

/** Run `selectSql` with limit 0 for its columns; undefined when it cannot run (its parents are not built …). */
export async function queryColumnsOrNothing(ctx: MaterializationContext, selectSql: () => string): Promise<ColumnDescription[] | undefined> {
  try {
    const columns = await ctx.queryColumns(selectSql());
    return columns.length ? columns : undefined;
  } catch {
    return undefined;
  }
}

function yamlColumns(parent: Parent): ColumnDescription[] | undefined {
  const typed = Object.values(parent.columns ?? {}).filter((c) => typeof c.data_type === 'string' && c.data_type.trim() !== '');
  return typed.length ? typed.map((c) => ({ name: c.name, dataType: c.data_type! })) : undefined;
}

/** A parent's columns by the first source that knows them; `undefined` means: use the given columns. */
export async function parentColumns(ctx: MaterializationContext, parent: Parent): Promise<TypedColumns | undefined> {
  const fromWarehouse = await warehouseColumns(ctx, parent);
  if (fromWarehouse) return { columns: fromWarehouse, origin: 'warehouse' };
  if (parent.resource_type === 'model') {
    const node = parent as ManifestNode;
    const fromQuery = await queryColumnsOrNothing(ctx, () => ctx.compiler.compile(node, { mode: 'execute' }).sql);
    if (fromQuery) return { columns: fromQuery, origin: 'compiled query' };
  }
  const fromYaml = yamlColumns(parent);
  if (fromYaml) return { columns: fromYaml, origin: 'property YAML' };
  return undefined;
}
