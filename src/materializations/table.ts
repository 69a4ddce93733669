/**
 * table: built under a temporary name, then swapped in inside one transaction
 * (old → backup, new → name, drop backup), so a failed build leaves the old table.
 */
import type { ColumnDescription, Relation as AdapterRelation, RelationRef } from '../adapters/types.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { checkContract, contractEnforced, contractTableSql } from './contracts.js';
import { runWithHooks } from './hooks.js';

export const TEMP_SUFFIX = '__kiln_tmp';
export const BACKUP_SUFFIX = '__kiln_backup';

/** `target` under a working name beside it: `orders__kiln_tmp`, `orders__kiln_backup`. */
export function besideTarget(target: RelationRef, suffix: string): AdapterRelation {
  return { ...target, identifier: `${target.identifier}${suffix}`, type: 'table' };
}

/**
 * The statements that put the table built beside the target (TEMP_SUFFIX) in place of
 * `existing`: old → backup, new → name, drop backup. Run them in one transaction.
 */
export function swapInSql(ctx: MaterializationContext, existing: AdapterRelation | undefined): string[] {
  const { target, dialect } = ctx;
  const backup = besideTarget(target, BACKUP_SUFFIX);
  const statements = [dialect.dropRelationSql(backup)];
  if (existing?.type === 'table') statements.push(dialect.renameRelationSql(existing, backup.identifier));
  else if (existing) statements.push(dialect.dropRelationSql(existing));
  statements.push(dialect.renameRelationSql(besideTarget(target, TEMP_SUFFIX), target.identifier));
  if (existing?.type === 'table') statements.push(dialect.dropRelationSql(backup));
  return statements;
}

/**
 * The statements that build `selectSql` into the node's relation. Where the warehouse
 * replaces a table atomically (`CREATE OR REPLACE TABLE` is one transactional statement),
 * that is all it takes: a failure leaves the old table. Elsewhere the table is built under
 * a temporary name and swapped in (old → backup, new → name, drop backup).
 */
export function swapInTableSql(ctx: MaterializationContext, selectSql: string, existing: AdapterRelation | undefined, contract?: ColumnDescription[]): { statements: string[]; buildIndex: number } {
  const target = ctx.target;
  const dialect = ctx.dialect;
  const build = (relation: AdapterRelation): string[] => (contract ? contractTableSql(ctx, relation, selectSql, contract) : [dialect.createTableAsSql(relation, selectSql, { config: ctx.node.config })]);
  // With a contract, the first statement creates the empty table and the second fills it.
  const buildOffset = contract ? 1 : 0;
  if (dialect.capabilities.atomicCreateOrReplace && !contract) {
    const statements = existing && existing.type !== 'table' ? [dialect.dropRelationSql(existing)] : [];
    return { statements: [...statements, ...build({ ...target, type: 'table' })], buildIndex: statements.length };
  }
  return { statements: [...build(besideTarget(target, TEMP_SUFFIX)), ...swapInSql(ctx, existing)], buildIndex: buildOffset };
}

export async function buildTable(ctx: MaterializationContext, selectSql: string, verb = 'created'): Promise<MaterializationResult> {
  const target = ctx.target;
  const contract = contractEnforced(ctx) ? await checkContract(ctx, selectSql) : undefined;
  const existing = await ctx.relations.get(target);
  const { statements, buildIndex } = swapInTableSql(ctx, selectSql, existing, contract);
  const run = await runWithHooks(ctx, statements);
  await ctx.relations.set({ ...target, type: 'table' });
  const rows = run.results[buildIndex]?.rowsAffected;
  return { message: `${verb} table ${relationLabel(target)}`, rowsAffected: rows, sql: run.sql, compiledCode: selectSql, relationName: ctx.render(target) };
}

export async function materializeTable(ctx: MaterializationContext): Promise<MaterializationResult> {
  return buildTable(ctx, ctx.compile());
}
