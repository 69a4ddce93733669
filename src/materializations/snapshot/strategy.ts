/**
 * Snapshot strategies: `timestamp` (a row changed when its updated_at is newer) and
 * `check` (a row changed when one of check_cols differs; its time is the run's time,
 * or its updated_at column when one is configured, as dbt does since 1.1).
 */
import { KilnError } from '../../errors.js';
import type { MaterializationContext } from '../context.js';
import { listConfig } from '../incremental.js';
import type { SnapshotColumns } from './columns.js';

export interface SnapshotStrategy {
  /** The source row's time (alias `s`), a TIMESTAMP expression. */
  updatedAt: string;
  /** Has source row `s` changed from current snapshot row `c`? */
  changed: string;
}

/** The time of this run: one value for every statement of the run's transaction. */
export function snapshotNow(ctx: MaterializationContext): string {
  return ctx.dialect.castSql(ctx.dialect.currentTimestampSql(), ctx.dialect.typeName('timestamp'));
}

export async function snapshotStrategy(ctx: MaterializationContext, sourceSql: string, keys: string[], columns: SnapshotColumns): Promise<SnapshotStrategy> {
  const { node, dialect } = ctx;
  const file = node.original_file_path;
  const config = node.config;
  const strategy = String(config['strategy'] ?? 'timestamp');
  const q = (s: string) => dialect.quoteIdentifier(s);
  const updatedAtColumn = typeof config['updated_at'] === 'string' && config['updated_at'] ? config['updated_at'] : undefined;
  const updatedAt = updatedAtColumn ? dialect.castSql(`s.${q(updatedAtColumn)}`, dialect.typeName('timestamp')) : snapshotNow(ctx);
  if (strategy === 'timestamp') {
    if (!updatedAtColumn) throw new KilnError(`snapshot '${node.name}' uses the timestamp strategy but has no updated_at`, { file, hint: 'set updated_at to the column that changes when a row changes' });
    return { updatedAt, changed: `${updatedAt} > c.${columns.updatedAt}` };
  }
  if (strategy !== 'check') throw new KilnError(`snapshot '${node.name}' has unknown strategy '${strategy}'`, { file, hint: "use 'timestamp' or 'check'" });
  const configured = config['check_cols'];
  if (configured === undefined || configured === null || (Array.isArray(configured) && configured.length === 0)) {
    throw new KilnError(`snapshot '${node.name}' uses the check strategy but has no check_cols`, { file, hint: "set check_cols to a list of columns, or to 'all'" });
  }
  let checkCols: string[];
  if (configured === 'all') {
    const lowerKeys = keys.map((k) => k.toLowerCase());
    checkCols = (await ctx.queryColumns(sourceSql)).map((c) => c.name).filter((c) => !lowerKeys.includes(c.toLowerCase()));
  } else checkCols = listConfig(configured);
  const changed = checkCols.length ? `(${checkCols.map((c) => `s.${q(c)} IS DISTINCT FROM c.${q(c)}`).join(' OR ')})` : 'false';
  return { updatedAt, changed };
}
