/**
 * Mirroring the warehouse embeddings table into a vector sink: only rows whose
 * (id, content hash) differ are written, ids gone from the source are deleted,
 * and nothing is re-embedded (vectors come from the source).
 */
import type { SinkSyncStats, VectorRow, VectorSink, VectorSource } from './types.js';

export const SINK_SYNC_DEFAULT_BATCH_SIZE = 1000;

export interface SyncVectorSinkOptions {
  /** How many ids are fetched from the source and upserted at a time (default 1,000). */
  batchSize?: number;
}

/** What a sync has to do, from the two id -> hash maps. */
export interface SinkPlan {
  /** In the source but not the sink, or with a different hash. Source order. */
  upsert: string[];
  /** In the sink but not the source. */
  delete: string[];
  unchanged: number;
}

export function planSinkSync(source: Map<string, string>, sink: Map<string, string>): SinkPlan {
  const upsert: string[] = [];
  let unchanged = 0;
  for (const [id, hash] of source) {
    if (sink.get(id) === hash) unchanged++;
    else upsert.push(id);
  }
  const remove: string[] = [];
  for (const id of sink.keys()) if (!source.has(id)) remove.push(id);
  return { upsert, delete: remove, unchanged };
}

export async function syncVectorSink(
  sink: VectorSink,
  source: VectorSource,
  opts: SyncVectorSinkOptions = {},
): Promise<SinkSyncStats> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? SINK_SYNC_DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`syncVectorSink: batchSize must be a positive integer, got ${batchSize}`);
  }
  const [sourceHashes, sinkHashes] = await Promise.all([source.hashes(), sink.existing()]);
  const plan = planSinkSync(sourceHashes, sinkHashes);

  let upserted = 0;
  for (let start = 0; start < plan.upsert.length; start += batchSize) {
    const ids = plan.upsert.slice(start, start + batchSize);
    for await (const rows of batchesOf(source.vectors(ids))) {
      if (rows.length === 0) continue;
      await sink.upsert(rows);
      upserted += rows.length;
    }
  }
  if (plan.delete.length > 0) await sink.delete(plan.delete);

  return {
    upserted,
    deleted: plan.delete.length,
    unchanged: plan.unchanged,
    seconds: (performance.now() - started) / 1000,
  };
}

async function* batchesOf(rows: AsyncIterable<VectorRow[]> | Promise<VectorRow[]>): AsyncIterable<VectorRow[]> {
  if (Symbol.asyncIterator in rows) yield* rows;
  else yield await rows;
}
