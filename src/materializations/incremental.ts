/**
 * incremental: the first run (or a full refresh) builds a table; later runs put the
 * new rows in a temporary table, reconcile the schema (on_schema_change), and apply
 * a strategy (append, merge, delete+insert, insert_overwrite), all in one transaction.
 */
import type { ColumnDescription, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel, sumRows } from './context.js';
import { checkContract, contractEnforced } from './contracts.js';
import { runWithHooks } from './hooks.js';
import { materializeMicrobatch } from './microbatch.js';
import { besideTarget, buildTable, TEMP_SUFFIX } from './table.js';

const STRATEGIES = ['append', 'merge', 'delete+insert', 'insert_overwrite', 'microbatch'];

export function listConfig(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

export function strategyOf(ctx: MaterializationContext): string {
  const configured = ctx.node.config['incremental_strategy'];
  if (typeof configured === 'string' && configured) {
    const strategy = configured.toLowerCase();
    if (!STRATEGIES.includes(strategy)) {
      throw new KilnError(`unknown incremental_strategy '${configured}' on model '${ctx.node.name}'`, { file: ctx.node.original_file_path, hint: `use one of: ${STRATEGIES.join(', ')}` });
    }
    return strategy;
  }
  return listConfig(ctx.node.config['unique_key']).length ? 'delete+insert' : 'append';
}

/** Is the node's relation an existing table we may add to? */
export async function incrementalTarget(ctx: MaterializationContext): Promise<boolean> {
  const existing = await ctx.relations.get(ctx.target);
  return existing?.type === 'table' && !ctx.fullRefresh;
}

export async function materializeIncremental(ctx: MaterializationContext): Promise<MaterializationResult> {
  const strategy = strategyOf(ctx);
  const incremental = await incrementalTarget(ctx);
  if (strategy === 'microbatch') return materializeMicrobatch(ctx, incremental);
  const sql = ctx.compile({ isIncremental: () => incremental });
  if (!incremental) return buildTable(ctx, sql);
  // An enforced contract holds on every run, not only the first (as in dbt): check before writing.
  if (contractEnforced(ctx)) await checkContract(ctx, sql);
  const target = ctx.target;
  const temp = besideTarget(target, TEMP_SUFFIX);
  const { statements: schemaSql, columns } = await reconcileSchema(ctx, sql);
  const apply = strategySql(ctx, strategy, target, temp, columns);
  const statements = [ctx.dialect.createTableAsSql(temp, sql, { temporary: true }), ...schemaSql, ...apply, `DROP TABLE IF EXISTS ${ctx.dialect.quoteIdentifier(temp.identifier)}`];
  const run = await runWithHooks(ctx, statements);
  const applied = run.results.slice(1 + schemaSql.length, 1 + schemaSql.length + apply.length);
  const rows = sumRows(strategy === 'merge' || strategy === 'append' ? applied : applied.slice(-1));
  return { message: `${strategy} into ${relationLabel(target)}`, rowsAffected: rows, sql: run.sql, compiledCode: sql, relationName: ctx.render(target) };
}

/** on_schema_change: ignore (default), fail, append_new_columns, sync_all_columns. Returns the ALTERs and the columns to write. */
async function reconcileSchema(ctx: MaterializationContext, sql: string): Promise<{ statements: string[]; columns: string[] }> {
  const mode = String(ctx.node.config['on_schema_change'] ?? 'ignore');
  const { dialect, target } = ctx;
  const source = await ctx.queryColumns(sql);
  const targetColumns = await ctx.adapter.connection.getColumns(ctx.target);
  const key = (c: ColumnDescription) => c.name.toLowerCase();
  const targetByName = new Map(targetColumns.map((c) => [key(c), c]));
  const sourceByName = new Map(source.map((c) => [key(c), c]));
  const added = source.filter((c) => !targetByName.has(key(c)));
  const removed = targetColumns.filter((c) => !sourceByName.has(key(c)));
  const changed = source.filter((c) => targetByName.has(key(c)) && dialect.canonicalTypeName(targetByName.get(key(c))!.dataType) !== dialect.canonicalTypeName(c.dataType));
  const common = targetColumns.filter((c) => sourceByName.has(key(c))).map((c) => c.name);
  const differs = added.length + removed.length + changed.length > 0;
  switch (mode) {
    case 'ignore':
      return { statements: [], columns: common };
    case 'fail':
      if (differs) {
        const parts = [
          added.length ? `new columns: ${added.map((c) => c.name).join(', ')}` : '',
          removed.length ? `missing columns: ${removed.map((c) => c.name).join(', ')}` : '',
          changed.length ? `changed types: ${changed.map((c) => `${c.name} ${targetByName.get(key(c))!.dataType} → ${c.dataType}`).join(', ')}` : '',
        ].filter(Boolean);
        throw new KilnError(`the schema of incremental model '${ctx.node.name}' changed (${parts.join('; ')}) and on_schema_change is 'fail'`, {
          file: ctx.node.original_file_path,
          hint: "run with --full-refresh, or set on_schema_change to 'append_new_columns' or 'sync_all_columns'",
        });
      }
      return { statements: [], columns: common };
    case 'append_new_columns':
      return { statements: added.map((c) => dialect.addColumnSql(target, c)), columns: [...common, ...added.map((c) => c.name)] };
    case 'sync_all_columns':
      return {
        statements: [
          ...added.map((c) => dialect.addColumnSql(target, c)),
          ...removed.map((c) => dialect.dropColumnSql(target, c.name)),
          ...changed.map((c) => dialect.alterColumnTypeSql(target, c.name, c.dataType)),
        ],
        columns: source.map((c) => c.name),
      };
    default:
      throw new KilnError(`unknown on_schema_change '${mode}' on model '${ctx.node.name}'`, { file: ctx.node.original_file_path, hint: 'use ignore, fail, append_new_columns or sync_all_columns' });
  }
}

function strategySql(ctx: MaterializationContext, strategy: string, target: RelationRef, temp: RelationRef, columns: string[]): string[] {
  const q = (s: string) => ctx.dialect.quoteIdentifier(s);
  const dest = ctx.render(target);
  const src = q(temp.identifier);
  const names = columns.map(q).join(', ');
  const insert = `INSERT INTO ${dest} (${names})\nSELECT ${names} FROM ${src}`;
  const keys = listConfig(ctx.node.config['unique_key']);
  const predicates = listConfig(ctx.node.config['incremental_predicates']);
  const keyMatch = keys.map((k) => `DBT_INTERNAL_DEST.${q(k)} = DBT_INTERNAL_SOURCE.${q(k)}`);
  switch (strategy) {
    case 'append':
      return [insert];
    case 'merge': {
      if (!keys.length) return [insert];
      if (!ctx.dialect.capabilities.supportsMerge) return strategySql(ctx, 'delete+insert', target, temp, columns);
      const updateOnly = listConfig(ctx.node.config['merge_update_columns']).map((c) => c.toLowerCase());
      const exclude = listConfig(ctx.node.config['merge_exclude_columns']).map((c) => c.toLowerCase());
      const updates = columns.filter((c) => (updateOnly.length ? updateOnly.includes(c.toLowerCase()) : true) && !exclude.includes(c.toLowerCase()));
      const on = [...keyMatch, ...predicates].join(' AND ');
      const update = updates.length ? `WHEN MATCHED THEN UPDATE SET ${updates.map((c) => `${q(c)} = DBT_INTERNAL_SOURCE.${q(c)}`).join(', ')}\n` : '';
      return [
        `MERGE INTO ${dest} AS DBT_INTERNAL_DEST\nUSING ${src} AS DBT_INTERNAL_SOURCE\nON ${on}\n${update}WHEN NOT MATCHED THEN INSERT (${names}) VALUES (${columns.map((c) => `DBT_INTERNAL_SOURCE.${q(c)}`).join(', ')})`,
      ];
    }
    case 'delete+insert': {
      if (!keys.length) return [insert];
      const where = [`(${keyMatch.join(' AND ')})`, ...predicates].join(' AND ');
      return [ctx.dialect.deleteMatchingSql(dest, src, where), insert];
    }
    case 'insert_overwrite': {
      const partitions = partitionExpressions(ctx);
      // EXISTS with IS NOT DISTINCT FROM, so a NULL partition is replaced too.
      const samePartition = partitions.map((p) => `${p('DBT_INTERNAL_SOURCE')} IS NOT DISTINCT FROM ${p('DBT_INTERNAL_DEST')}`).join(' AND ');
      const where = [`EXISTS (SELECT 1 FROM ${src} AS DBT_INTERNAL_SOURCE WHERE ${samePartition})`, ...predicates].join(' AND ');
      return [`DELETE FROM ${dest} AS DBT_INTERNAL_DEST WHERE ${where}`, insert];
    }
    default:
      throw new KilnError(`unknown incremental_strategy '${strategy}'`, { file: ctx.node.original_file_path });
  }
}

/**
 * insert_overwrite's partitions: `partition_by` as a column, a list of columns, or
 * dbt-bigquery's `{field, data_type, granularity}`, where a date or time field is
 * partitioned by its day (or the granularity given), not by its exact value.
 */
function partitionExpressions(ctx: MaterializationContext): ((alias: string) => string)[] {
  const q = (s: string) => ctx.dialect.quoteIdentifier(s);
  const partitionBy = ctx.node.config['partition_by'];
  if (typeof partitionBy === 'object' && partitionBy && !Array.isArray(partitionBy)) {
    const { field, data_type: dataType, granularity } = partitionBy as { field?: unknown; data_type?: unknown; granularity?: unknown };
    const type = String(dataType ?? '').toLowerCase();
    const grain = String(granularity ?? 'day').toLowerCase();
    return listConfig(field).map((f) => (['timestamp', 'datetime', 'date'].includes(type) ? (a: string) => ctx.dialect.dateTruncSql(grain, `${a}.${q(f)}`) : (a: string) => `${a}.${q(f)}`));
  }
  const fields = listConfig(partitionBy);
  if (!fields.length) {
    throw new KilnError(`incremental_strategy 'insert_overwrite' on model '${ctx.node.name}' needs partition_by`, { file: ctx.node.original_file_path, hint: 'set partition_by to the column whose partitions each run replaces' });
  }
  return fields.map((f) => (a: string) => `${a}.${q(f)}`);
}
