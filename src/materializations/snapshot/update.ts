/**
 * The statements that fold the snapshot query's rows into an existing snapshot table,
 * as dbt does: changed rows close the current version and open a new one, new keys
 * open a first version, and rows gone from the source are closed (`invalidate`) or
 * closed and followed by a deletion record (`new_record`). Current rows are matched
 * by key, and closed by their dbt_scd_id, so a unique_key may be an expression.
 */
import type { MaterializationContext } from '../context.js';
import type { SnapshotMeta } from './columns.js';
import type { SnapshotStrategy } from './strategy.js';
import { snapshotNow } from './strategy.js';

export interface SnapshotUpdate {
  statements: string[];
  /** Indexes in `statements` of the writes to the snapshot table (for the row count). */
  writes: number[];
}

/** `kiln_key_1, kiln_key_2, …`: the unique_key expressions, evaluated once per side. */
export function keyColumns(keys: string[]): string[] {
  return keys.map((_k, i) => `kiln_key_${i + 1}`);
}

/** dbt_scd_id: a hash of the key expressions and the version's start (`from`), as dbt hashes key and updated_at. */
export function scdIdSql(ctx: MaterializationContext, keyExprs: string[], from: string): string {
  const text = (expression: string) => `COALESCE(${ctx.dialect.castSql(expression, ctx.dialect.typeName('string'))}, '')`;
  return ctx.dialect.hashSql(ctx.dialect.concatSql([...keyExprs.map(text), `'|'`, text(from)]));
}

/** The columns each side holds, unquoted: the source query's, and the snapshot table's own (meta columns aside), after any schema change. */
export interface SnapshotDataColumns {
  source: string[];
  snapshot: string[];
}

export function snapshotUpdateSql(ctx: MaterializationContext, sourceSql: string, keys: string[], meta: SnapshotMeta, strategy: SnapshotStrategy, data: SnapshotDataColumns): SnapshotUpdate {
  const { dialect } = ctx;
  const q = (s: string) => dialect.quoteIdentifier(s);
  const relation = ctx.render(ctx.target);
  const tempName = (what: string) => `${ctx.target.identifier}__kiln_snapshot_${what}`;
  const [src, cur, changes, deletes] = ['source', 'current', 'changes', 'deletes'].map((what) => q(tempName(what))) as [string, string, string, string];
  const tempTable = (what: string, selectSql: string) => dialect.createTableAsSql({ ...ctx.target, identifier: tempName(what) }, selectSql, { temporary: true });
  const { columns: m, hardDeletes } = meta;
  const keyCols = keyColumns(keys);
  const withKeys = keys.map((k, i) => `${k} AS ${keyCols[i]}`).join(', ');
  const join = keyCols.map((k) => `s.${k} = c.${k}`).join(' AND ');
  const newRecord = hardDeletes === 'new_record';
  const now = snapshotNow(ctx);
  // A row back after a deletion record starts now, whatever its updated_at says.
  const from = newRecord ? `CASE WHEN c.${m.isDeleted} THEN ${now} ELSE ${strategy.updatedAt} END` : strategy.updatedAt;
  const changed = newRecord ? `(${strategy.changed} OR c.${m.isDeleted})` : strategy.changed;
  // Columns listed by name, never `*` minus some: not every warehouse can exclude columns from a star.
  const sourceColumns = data.source.map(q);
  const metaColumns = [m.scdId, m.updatedAt, m.validFrom, m.validTo, ...(newRecord ? [m.isDeleted] : [])];
  const written = [...sourceColumns, ...metaColumns];

  const statements = [
    tempTable('source', `SELECT *, ${withKeys} FROM (\n${sourceSql}\n) AS kiln_source`),
    tempTable('current', `SELECT *, ${withKeys} FROM ${relation} AS c WHERE ${meta.isCurrent('c')}`),
    tempTable('changes', `SELECT ${sourceColumns.map((c) => `s.${c}`).join(', ')}, ${scdIdSql(ctx, keyCols.map((k) => `s.${k}`), from)} AS ${m.scdId}, ${strategy.updatedAt} AS ${m.updatedAt}, ${from} AS ${m.validFrom}, ${meta.validToCurrent} AS ${m.validTo}${newRecord ? `, false AS ${m.isDeleted}` : ''}, c.${m.scdId} AS kiln_prior_scd_id\nFROM ${src} AS s\nLEFT JOIN ${cur} AS c ON ${join}\nWHERE c.${m.scdId} IS NULL OR ${changed}`),
  ];
  const writes: number[] = [];
  if (hardDeletes !== 'ignore') {
    // Current rows whose key left the source; a deletion record already current stays as it is.
    statements.push(tempTable('deletes', `SELECT c.* FROM ${cur} AS c WHERE NOT EXISTS (SELECT 1 FROM ${src} AS s WHERE ${join})${newRecord ? ` AND c.${m.isDeleted} IS NOT TRUE` : ''}`));
  }
  writes.push(statements.length);
  statements.push(`UPDATE ${relation} AS t SET ${m.validTo} = n.${m.validFrom} FROM ${changes} AS n WHERE n.kiln_prior_scd_id IS NOT NULL AND t.${m.scdId} = n.kiln_prior_scd_id`);
  if (hardDeletes !== 'ignore') {
    writes.push(statements.length);
    statements.push(`UPDATE ${relation} AS t SET ${m.validTo} = ${now} WHERE t.${m.scdId} IN (SELECT ${m.scdId} FROM ${deletes})`);
  }
  writes.push(statements.length);
  statements.push(`INSERT INTO ${relation} (${written.join(', ')})\nSELECT ${written.join(', ')} FROM ${changes}`);
  if (newRecord) {
    // The deleted row's last values, opened now and flagged as deleted.
    writes.push(statements.length);
    const kept = data.snapshot.map(q);
    statements.push(
      `INSERT INTO ${relation} (${[...kept, m.scdId, m.updatedAt, m.validFrom, m.validTo, m.isDeleted].join(', ')})\nSELECT ${kept.map((c) => `c.${c}`).join(', ')}${kept.length ? ', ' : ''}${scdIdSql(ctx, keyCols.map((k) => `c.${k}`), now)}, ${now}, ${now}, ${meta.validToCurrent}, true\nFROM ${deletes} AS c`,
    );
  }
  for (const table of hardDeletes === 'ignore' ? [src, cur, changes] : [src, cur, changes, deletes]) statements.push(`DROP TABLE IF EXISTS ${table}`);
  return { statements, writes };
}
