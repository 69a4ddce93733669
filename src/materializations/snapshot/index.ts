/**
 * snapshot: a type-2 slowly changing dimension over the `{% snapshot %}` body (or a
 * YAML snapshot's `relation:`). The first run creates the table; later runs fold the
 * changes in, in one transaction. Snapshots ignore --full-refresh and `full_refresh`,
 * as in dbt: their history cannot be rebuilt from the source.
 */
import type { ColumnDescription } from '../../adapters/types.js';
import { KilnError } from '../../errors.js';
import type { MaterializationContext, MaterializationResult } from '../context.js';
import { relationLabel, sumRows } from '../context.js';
import { runWithHooks } from '../hooks.js';
import { listConfig } from '../incremental.js';
import { snapshotMeta, type SnapshotMeta } from './columns.js';
import { snapshotStrategy } from './strategy.js';
import { scdIdSql, snapshotUpdateSql, type SnapshotDataColumns } from './update.js';

export async function materializeSnapshot(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node, dialect } = ctx;
  const keys = listConfig(node.config['unique_key']);
  if (!keys.length) throw new KilnError(`snapshot '${node.name}' needs a unique_key`, { file: node.original_file_path, hint: 'set unique_key to the column (or list of columns) that identifies a row' });
  const meta = snapshotMeta(ctx);
  const sourceSql = ctx.compile({ code: node.block_body ?? node.raw_code });
  const strategy = await snapshotStrategy(ctx, sourceSql, keys, meta.columns);
  const target = ctx.target;
  const relation = ctx.render(target);
  const existing = await ctx.relations.get(target);

  if (!existing) {
    const m = meta.columns;
    const deleted = meta.hardDeletes === 'new_record' ? `, false AS ${m.isDeleted}` : '';
    const keyExprs = keys.map((k) => `s.${k}`);
    const select = `SELECT s.*, ${scdIdSql(ctx, keyExprs, strategy.updatedAt)} AS ${m.scdId}, ${strategy.updatedAt} AS ${m.updatedAt}, ${strategy.updatedAt} AS ${m.validFrom}, ${meta.validToCurrent} AS ${m.validTo}${deleted}\nFROM (\n${sourceSql}\n) AS s`;
    const run = await runWithHooks(ctx, [dialect.createTableAsSql(target, select, { config: ctx.node.config })]);
    await ctx.relations.set({ ...target, type: 'table' });
    return { message: `created snapshot ${relationLabel(target)}`, rowsAffected: run.results.at(-1)?.rowsAffected, sql: run.sql, compiledCode: sourceSql, relationName: relation };
  }

  const { statements: schemaSql, data } = await evolveSchema(ctx, sourceSql, meta);
  const update = snapshotUpdateSql(ctx, sourceSql, keys, meta, strategy, data);
  const run = await runWithHooks(ctx, [...schemaSql, ...update.statements]);
  const rows = sumRows(update.writes.map((i) => run.results[schemaSql.length + i]!).filter(Boolean));
  return { message: `snapshotted ${relationLabel(target)}`, rowsAffected: rows, sql: run.sql, compiledCode: sourceSql, relationName: relation };
}

/**
 * Check the table is a snapshot table, and add what the source or the config now has
 * that the table lacks: new source columns (NULL in older rows, as dbt does), and the
 * dbt_is_deleted column when hard_deletes becomes new_record.
 */
async function evolveSchema(ctx: MaterializationContext, sourceSql: string, meta: SnapshotMeta): Promise<{ statements: string[]; data: SnapshotDataColumns }> {
  const { node, dialect } = ctx;
  const existing = await ctx.adapter.connection.getColumns(ctx.target);
  const have = new Set(existing.map((c) => c.name.toLowerCase()));
  const missingMeta = [meta.names.scdId, meta.names.validFrom, meta.names.validTo, meta.names.updatedAt].filter((n) => !have.has(n.toLowerCase()));
  if (missingMeta.length) {
    throw new KilnError(`${relationLabel(ctx.target)} is not a snapshot table: it has no ${missingMeta.join(', ')}`, {
      file: node.original_file_path,
      hint: 'drop the table (or point the snapshot at another name); if you renamed meta columns with snapshot_meta_column_names, rename the existing columns too',
    });
  }
  const source = await ctx.queryColumns(sourceSql);
  const added: ColumnDescription[] = source.filter((c) => !have.has(c.name.toLowerCase()));
  const statements = added.map((c) => dialect.addColumnSql(ctx.target, c));
  if (meta.hardDeletes === 'new_record' && !have.has(meta.names.isDeleted.toLowerCase())) {
    statements.push(dialect.addColumnSql(ctx.target, { name: meta.names.isDeleted, dataType: dialect.typeName('boolean') }, 'false'));
  }
  const metaNames = new Set(Object.values(meta.names).map((n) => n.toLowerCase()));
  const snapshot = [...existing, ...added].map((c) => c.name).filter((n) => !metaNames.has(n.toLowerCase()));
  return { statements, data: { source: source.map((c) => c.name), snapshot } };
}
