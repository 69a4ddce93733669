/**
 * snapshot: type-2 slowly changing dimension over the `{% snapshot %}` body.
 * Strategies `timestamp` (updated_at) and `check` (check_cols); columns
 * dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to; hard deletes
 * invalidated with `hard_deletes: invalidate` (or `invalidate_hard_deletes: true`).
 */
import { KilnError } from '../errors.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { runWithHooks } from './hooks.js';
import { listConfig } from './incremental.js';

export async function materializeSnapshot(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node, dialect } = ctx;
  const file = node.original_file_path;
  const config = node.config;
  const strategy = String(config['strategy'] ?? 'timestamp');
  const keys = listConfig(config['unique_key']);
  if (!keys.length) throw new KilnError(`snapshot '${node.name}' needs a unique_key`, { file });
  const q = (s: string) => dialect.quoteIdentifier(s);
  const body = node.block_body ?? node.raw_code;
  const sourceSql = ctx.compile({ code: body });
  const now = `CAST(${dialect.currentTimestampSql()} AS TIMESTAMP)`;
  let updatedExpr: string;
  if (strategy === 'timestamp') {
    const updatedAt = config['updated_at'];
    if (typeof updatedAt !== 'string') throw new KilnError(`snapshot '${node.name}' uses the timestamp strategy but has no updated_at`, { file, hint: 'set updated_at to the column that changes when a row changes' });
    updatedExpr = `CAST(s.${updatedAt} AS TIMESTAMP)`;
  } else if (strategy === 'check') updatedExpr = now;
  else throw new KilnError(`snapshot '${node.name}' has unknown strategy '${strategy}'`, { file, hint: "use 'timestamp' or 'check'" });

  const target = ctx.target;
  const relation = ctx.render(target);
  const keyExpr = dialect.concatSql(keys.map((k) => `CAST(s.${k} AS VARCHAR)`).concat([`'|'`, `CAST(${updatedExpr} AS VARCHAR)`]));
  const meta = `${dialect.hashSql(keyExpr)} AS dbt_scd_id, ${updatedExpr} AS dbt_updated_at, ${updatedExpr} AS dbt_valid_from, CAST(NULL AS TIMESTAMP) AS dbt_valid_to`;
  const existing = await ctx.relations.get(target);
  if (!existing || ctx.fullRefresh) {
    const statements = [];
    if (existing) statements.push(dialect.dropRelationSql(existing));
    statements.push(`CREATE TABLE ${relation} AS\nSELECT s.*, ${meta}\nFROM (\n${sourceSql}\n) AS s`);
    const run = await runWithHooks(ctx, statements);
    await ctx.relations.set({ ...target, type: 'table' });
    return { message: `created snapshot ${relationLabel(target)}`, rowsAffected: run.results.at(-1)?.rowsAffected, sql: run.sql, compiledCode: sourceSql, relationName: relation };
  }

  const src = q(`${target.identifier}__kiln_snapshot_source`);
  const changes = q(`${target.identifier}__kiln_snapshot_changes`);
  const match = (a: string, b: string) => keys.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
  let changed: string;
  if (strategy === 'timestamp') changed = `${updatedExpr} > c.dbt_updated_at`;
  else {
    let checkCols = config['check_cols'];
    if (checkCols === 'all' || checkCols === undefined) {
      const columns = await ctx.queryColumns(sourceSql);
      checkCols = columns.map((c) => c.name).filter((c) => !keys.map((k) => k.toLowerCase()).includes(c.toLowerCase()));
    }
    const cols = listConfig(checkCols);
    changed = cols.length ? `(${cols.map((c) => `s.${q(c)} IS DISTINCT FROM c.${q(c)}`).join(' OR ')})` : 'false';
  }
  const firstKey = keys[0]!;
  const hardDeletes = String(config['hard_deletes'] ?? (config['invalidate_hard_deletes'] ? 'invalidate' : 'ignore'));
  const statements = [
    `CREATE OR REPLACE TEMPORARY TABLE ${src} AS SELECT * FROM (\n${sourceSql}\n) AS kiln_source`,
    `CREATE OR REPLACE TEMPORARY TABLE ${changes} AS\nSELECT s.*, ${meta}, c.${firstKey} IS NOT NULL AS kiln_is_update\nFROM ${src} AS s\nLEFT JOIN (SELECT * FROM ${relation} WHERE dbt_valid_to IS NULL) AS c ON ${match('s', 'c')}\nWHERE c.${firstKey} IS NULL OR ${changed}`,
    `UPDATE ${relation} AS t SET dbt_valid_to = n.dbt_valid_from FROM ${changes} AS n WHERE n.kiln_is_update AND t.dbt_valid_to IS NULL AND ${match('t', 'n')}`,
    `INSERT INTO ${relation} BY NAME SELECT * EXCLUDE (kiln_is_update) FROM ${changes}`,
  ];
  if (hardDeletes === 'invalidate' || hardDeletes === 'new_record') {
    statements.push(`UPDATE ${relation} AS t SET dbt_valid_to = ${now} WHERE t.dbt_valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM ${src} AS s WHERE ${match('s', 't')})`);
  }
  statements.push(`DROP TABLE IF EXISTS ${src}`, `DROP TABLE IF EXISTS ${changes}`);
  const run = await runWithHooks(ctx, statements);
  const rows = (run.results[2]?.rowsAffected ?? 0) + (run.results[3]?.rowsAffected ?? 0);
  return { message: `snapshotted ${relationLabel(target)}`, rowsAffected: rows, sql: run.sql, compiledCode: sourceSql, relationName: relation };
}
