/**
 * table: built under a temporary name, then swapped in inside one transaction
 * (old → backup, new → name, drop backup), so a failed build leaves the old table.
 */
import type { ColumnDescription, Relation as AdapterRelation } from '../adapters/types.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { checkContract, contractEnforced, contractTableSql } from './contracts.js';
import { runWithHooks } from './hooks.js';

export const TEMP_SUFFIX = '__kiln_tmp';
export const BACKUP_SUFFIX = '__kiln_backup';

/** The statements that build `selectSql` into the node's relation and swap it in. */
export function swapInTableSql(ctx: MaterializationContext, selectSql: string, existing: AdapterRelation | undefined, contract?: ColumnDescription[]): { statements: string[]; buildIndex: number } {
  const target = ctx.target;
  const dialect = ctx.dialect;
  const temp: AdapterRelation = { ...target, identifier: `${target.identifier}${TEMP_SUFFIX}`, type: 'table' };
  const backup: AdapterRelation = { ...target, identifier: `${target.identifier}${BACKUP_SUFFIX}`, type: 'table' };
  const statements: string[] = [dialect.dropRelationSql(backup)];
  const buildIndex = statements.length;
  if (contract) statements.push(...contractTableSql(ctx, temp, selectSql, contract));
  else statements.push(dialect.createTableAsSql(temp, selectSql));
  if (existing?.type === 'table') statements.push(dialect.renameRelationSql(existing, backup.identifier));
  else if (existing) statements.push(dialect.dropRelationSql(existing));
  statements.push(dialect.renameRelationSql(temp, target.identifier));
  if (existing?.type === 'table') statements.push(dialect.dropRelationSql(backup));
  return { statements, buildIndex: contract ? buildIndex + 1 : buildIndex };
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
