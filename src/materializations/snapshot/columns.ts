/**
 * The snapshot's meta columns: their names (`snapshot_meta_column_names`), the value
 * that marks a current row (`dbt_valid_to_current`, else NULL) and the hard-delete mode.
 */
import { KilnError } from '../../errors.js';
import type { MaterializationContext } from '../context.js';

export interface SnapshotColumns {
  scdId: string;
  updatedAt: string;
  validFrom: string;
  validTo: string;
  isDeleted: string;
}

export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

export interface SnapshotMeta {
  /** Quoted column names. */
  columns: SnapshotColumns;
  /** Unquoted names, to compare with the warehouse's column list. */
  names: SnapshotColumns;
  hardDeletes: HardDeletes;
  /** The value `dbt_valid_to` takes on current rows (a TIMESTAMP expression). */
  validToCurrent: string;
  /** Is snapshot row `alias` current? Rows written before `dbt_valid_to_current` was set still hold NULL. */
  isCurrent(alias: string): string;
}

export function snapshotMeta(ctx: MaterializationContext): SnapshotMeta {
  const { node, dialect } = ctx;
  const config = node.config;
  const custom = (config['snapshot_meta_column_names'] ?? {}) as Record<string, string | undefined>;
  // Stored as an unquoted name is (DBT_VALID_TO on Snowflake), so queries can name them without quotes, as in dbt.
  const name = (meta: string) => dialect.normalizeIdentifier(custom[meta] ?? meta);
  const names: SnapshotColumns = {
    scdId: name('dbt_scd_id'),
    updatedAt: name('dbt_updated_at'),
    validFrom: name('dbt_valid_from'),
    validTo: name('dbt_valid_to'),
    isDeleted: name('dbt_is_deleted'),
  };
  const q = (s: string) => dialect.quoteIdentifier(s);
  const columns: SnapshotColumns = { scdId: q(names.scdId), updatedAt: q(names.updatedAt), validFrom: q(names.validFrom), validTo: q(names.validTo), isDeleted: q(names.isDeleted) };
  const configured = config['hard_deletes'];
  const hardDeletes = (configured ?? (config['invalidate_hard_deletes'] === true ? 'invalidate' : 'ignore')) as HardDeletes;
  if (!['ignore', 'invalidate', 'new_record'].includes(hardDeletes)) {
    throw new KilnError(`snapshot '${node.name}' has unknown hard_deletes '${String(configured)}'`, { file: node.original_file_path, hint: 'use ignore, invalidate or new_record' });
  }
  const current = config['dbt_valid_to_current'];
  const validToCurrent = dialect.castSql(typeof current === 'string' && current.trim() ? current : 'NULL', dialect.typeName('timestamp'));
  const isCurrent = (alias: string): string =>
    typeof current === 'string' && current.trim() ? `(${alias}.${columns.validTo} IS NULL OR ${alias}.${columns.validTo} = ${validToCurrent})` : `${alias}.${columns.validTo} IS NULL`;
  return { columns, names, hardDeletes, validToCurrent, isCurrent };
}
