/**
 * microbatch: the model runs once per time batch (hour/day/month/year) of its
 * `event_time`; refs to models or sources that declare an `event_time` are filtered
 * to the batch. Each batch replaces its slice in its own transaction and is retried
 * alone once if it fails. A full build over an existing table builds aside and swaps
 * in at the end, so a failure leaves the old table.
 */
import { KilnError } from '../errors.js';
import type { ManifestNode, SourceDefinition } from '../project/nodes.js';
import type { Relation } from '../jinja/relation.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel, withOptions } from './context.js';
import { checkContract, contractEnforced } from './contracts.js';
import { runWithHooks } from './hooks.js';
import { besideTarget, swapInSql, TEMP_SUFFIX } from './table.js';

type BatchSize = 'hour' | 'day' | 'month' | 'year';

export function truncate(date: Date, size: BatchSize): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), size === 'year' ? 0 : date.getUTCMonth(), size === 'month' || size === 'year' ? 1 : date.getUTCDate(), size === 'hour' ? date.getUTCHours() : 0));
  return d;
}

export function addBatches(date: Date, size: BatchSize, count: number): Date {
  const d = new Date(date);
  if (size === 'hour') d.setUTCHours(d.getUTCHours() + count);
  else if (size === 'day') d.setUTCDate(d.getUTCDate() + count);
  else if (size === 'month') d.setUTCMonth(d.getUTCMonth() + count);
  else d.setUTCFullYear(d.getUTCFullYear() + count);
  return d;
}

export function formatTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

function parseTime(value: unknown, what: string, file: string): Date {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) throw new KilnError(`${what} '${text}' is not a date or timestamp`, { file, hint: "write it as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'" });
  return date;
}

export function batchWindows(start: Date, end: Date, size: BatchSize): [Date, Date][] {
  const windows: [Date, Date][] = [];
  for (let t = truncate(start, size); t < end; t = addBatches(t, size, 1)) windows.push([t, addBatches(t, size, 1)]);
  return windows;
}

export async function materializeMicrobatch(ctx: MaterializationContext, incremental: boolean): Promise<MaterializationResult> {
  const { node } = ctx;
  const file = node.original_file_path;
  const eventTime = node.config['event_time'];
  const size = String(node.config['batch_size'] ?? '').toLowerCase() as BatchSize;
  if (typeof eventTime !== 'string' || !eventTime) throw new KilnError(`microbatch model '${node.name}' needs an event_time`, { file, hint: 'set config(event_time=...) to the column holding each row\'s time' });
  if (!['hour', 'day', 'month', 'year'].includes(size)) throw new KilnError(`microbatch model '${node.name}' needs batch_size hour, day, month or year`, { file });
  const lookback = Number(node.config['lookback'] ?? 1);
  const now = new Date();
  let start: Date;
  if (ctx.flags.eventTimeStart) start = parseTime(ctx.flags.eventTimeStart, '--event-time-start', file);
  else if (incremental) start = addBatches(truncate(now, size), size, -lookback);
  else {
    if (node.config['begin'] === undefined) throw new KilnError(`microbatch model '${node.name}' needs a begin`, { file, hint: "set config(begin='2024-01-01') to the first time to build from" });
    start = parseTime(node.config['begin'], 'begin', file);
  }
  const end = ctx.flags.eventTimeEnd ? parseTime(ctx.flags.eventTimeEnd, '--event-time-end', file) : addBatches(truncate(now, size), size, 1);
  const windows = batchWindows(start, end, size);
  const target = ctx.target;
  const column = ctx.dialect.quoteIdentifier(eventTime);

  const compileBatch = (from: Date, to: Date): string => {
    const filter = { field_name: '', start: formatTimestamp(from), end: formatTimestamp(to) };
    return ctx.compile({
      isIncremental: () => incremental,
      extra: { model: { ...node, batch: { event_time_start: filter.start, event_time_end: filter.end, id: filter.start.replace(/\D/g, '') } } },
      relationFor: (parent: ManifestNode | SourceDefinition, rel: Relation) => {
        const field = (parent.config as Record<string, unknown>)['event_time'];
        return typeof field === 'string' && field ? withOptions(ctx.dialect, rel, { eventTimeFilter: { ...filter, field_name: field } }) : rel;
      },
    });
  };

  const sql: string[] = [];
  const first = windows[0] ?? [start, end];
  const firstSql = compileBatch(first[0], first[1]);
  // An enforced contract is checked once, on the first batch's query, before anything is written.
  if (contractEnforced(ctx)) await checkContract(ctx, firstSql);
  const existing = incremental ? undefined : await ctx.relations.get(target);
  // A full build over an existing relation fills a table aside and swaps it in only once every
  // batch has succeeded, so a failed batch leaves the old table as it was.
  const building = existing ? besideTarget(target, TEMP_SUFFIX) : target;
  const into = ctx.render(building);
  const columns = (await ctx.queryColumns(firstSql)).map((c) => ctx.dialect.quoteIdentifier(c.name));
  if (!incremental) {
    const create = ctx.dialect.createTableAsSql(building, ctx.dialect.limitZeroSql(firstSql), { config: ctx.node.config });
    await ctx.execute(create);
    sql.push(create);
  }
  let rows = 0;
  const failed: string[] = [];
  let skipped = 0;
  for (const [index, [from, to]] of windows.entries()) {
    const batchSql = compileBatch(from, to);
    const statements = [
      `DELETE FROM ${into} WHERE ${column} >= ${ctx.dialect.timestampLiteralSql(formatTimestamp(from))} AND ${column} < ${ctx.dialect.timestampLiteralSql(formatTimestamp(to))}`,
      ctx.dialect.insertByNameSql(into, `SELECT * FROM (\n${batchSql}\n) AS kiln_batch`, columns),
    ];
    const hooks = { pre: index === 0, post: index === windows.length - 1 };
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const run = await runWithHooks(ctx, statements, hooks);
        rows += run.results[1]?.rowsAffected ?? 0;
        sql.push(...run.sql);
        lastError = undefined;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (lastError) failed.push(`${formatTimestamp(from)}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    // As in dbt: when the first batch fails, the others are not tried.
    if (lastError && index === 0) {
      skipped = windows.length - 1;
      break;
    }
  }
  if (failed.length) {
    if (existing) await ctx.execute(ctx.dialect.dropRelationSql(building));
    const skippedNote = skipped ? `\n  (the first batch failed, so the ${skipped} after it were skipped)` : '';
    const keptNote = existing ? `\n  ${relationLabel(target)} was left as it was before this run` : '';
    throw new KilnError(`${failed.length} of ${windows.length} batches of microbatch model '${node.name}' failed:\n  ${failed.join('\n  ')}${skippedNote}${keptNote}`, { file, hint: 'rerun with --event-time-start/--event-time-end to redo those batches' });
  }
  if (existing) {
    const swap = swapInSql(ctx, existing);
    await ctx.execute(swap, { transaction: true });
    sql.push(...swap);
  }
  if (!incremental) await ctx.relations.set({ ...target, type: 'table' });
  return { message: `built ${windows.length} batch${windows.length === 1 ? '' : 'es'} into ${relationLabel(target)}`, rowsAffected: rows, sql, compiledCode: firstSql, relationName: ctx.render(target) };
}
