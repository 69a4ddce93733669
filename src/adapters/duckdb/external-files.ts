/**
 * dbt-duckdb's external-file rules: the `COPY … TO` options a model's config turns into,
 * and where the written data is read back from (one file, or a glob over a partitioned or
 * per-thread folder). Pure string work, shared by the `adapter.*` members and tests.
 */
import path from 'node:path';

/** Option names whose values DuckDB wants as string literals. */
const QUOTED_OPTIONS = new Set(['delimiter', 'quote', 'escape', 'null']);

/**
 * The options clause of `COPY … TO location (…)`. Fills in, as dbt-duckdb does, the options
 * the caller reads afterwards: `format` from the file extension (csv when only a delimiter is
 * given, else parquet), `header` for csv, and parentheses around a multi-column `partition_by`.
 * `options` is updated in place: the materialization passes the same dict on to
 * `externalReadLocation`, which needs the format chosen here.
 */
export function externalWriteOptions(location: string, options: Record<string, unknown>): string {
  if (!('format' in options)) {
    const extension = path.extname(location).toLowerCase();
    options['format'] = extension ? extension.slice(1) : 'delimiter' in options ? 'csv' : 'parquet';
  }
  if (options['format'] === 'csv' && !('header' in options)) options['header'] = 1;
  const partitionBy = options['partition_by'];
  if (typeof partitionBy === 'string' && partitionBy.includes(',') && !partitionBy.startsWith('(')) options['partition_by'] = `(${partitionBy})`;
  return Object.entries(options)
    .map(([key, value]) => {
      const text = optionText(value);
      return QUOTED_OPTIONS.has(key.toLowerCase()) && !text.startsWith("'") ? `${key} '${text}'` : `${key} ${text}`;
    })
    .join(', ');
}

/**
 * Where DuckDB reads the written data back: the location itself for one file; for a
 * partitioned or per-thread write, a glob with one `*` per folder level, ending in the format
 * (`out/orders/*\/*.parquet` for one partition column).
 */
export function externalReadLocation(location: string, options: Record<string, unknown>): string {
  const partitionBy = options['partition_by'];
  if (!partitionBy && !options['per_thread_output']) return location;
  const levels = [location, '*'];
  if (partitionBy) levels.push(...String(partitionBy).split(',').map(() => '*'));
  return `${levels.join('/')}.${String(options['format'] ?? 'parquet')}`;
}

/** Python's str() of an option value, as the COPY clause spells it (True, not true). */
function optionText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
