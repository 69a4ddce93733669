/**
 * Embedding many rows: cut them into batches, keep at most `concurrency` provider
 * calls in flight, and hand each finished batch to `onBatch` straight away, so what
 * was written survives a later failure and a rerun only has the rest to do.
 */
import { KilnError } from '../../errors.js';
import type { EmbeddingProvider } from './types.js';

export interface EmbedItem<Id = unknown> {
  id: Id;
  text: string;
}

export interface EmbedInBatchesOptions<Id = unknown> {
  batchSize: number;
  concurrency: number;
  /**
   * Receives each batch with its vectors, in the order batches finish. Calls never
   * overlap (a sink need not be re-entrant), and a batch's slot stays taken until its
   * onBatch is done, so a slow sink slows the requests instead of piling up vectors.
   */
  onBatch(items: EmbedItem<Id>[], vectors: Float32Array[]): Promise<void> | void;
  /** After each onBatch; `total` is undefined when the items come from an async source. */
  onProgress?(done: number, total: number | undefined, seconds: number): void;
  signal?: AbortSignal;
}

export interface EmbedInBatchesResult {
  embedded: number;
  /** Provider requests and retries during this call (from the provider's counters). */
  requests: number;
  retries: number;
  seconds: number;
}

export async function embedInBatches<Id>(
  provider: EmbeddingProvider,
  items: Iterable<EmbedItem<Id>> | AsyncIterable<EmbedItem<Id>>,
  options: EmbedInBatchesOptions<Id>,
): Promise<EmbedInBatchesResult> {
  const { batchSize, concurrency, signal } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const before = { ...provider.counters };
  const total = Array.isArray(items) ? items.length : undefined;
  let done = 0;
  let failure: { error: unknown } | undefined;
  let writes: Promise<void> = Promise.resolve();

  const runBatch = async (batch: EmbedItem<Id>[]): Promise<void> => {
    const vectors = await provider.embed(
      batch.map((item) => item.text),
      signal,
    );
    if (vectors.length !== batch.length) {
      throw new KilnError(`embedding provider '${provider.name}' returned ${vectors.length} vectors for ${batch.length} texts`);
    }
    const write = writes.then(() => options.onBatch(batch, vectors));
    writes = write.catch(() => undefined);
    await write;
    done += batch.length;
    options.onProgress?.(done, total, seconds());
  };

  const inFlight = new Set<Promise<void>>();
  const iterator = batchesOf(items, batchSize);
  try {
    while (!failure) {
      if (signal?.aborted) {
        failure = { error: signal.reason };
        break;
      }
      while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
      if (failure) break;
      // Reading the source overlaps with the requests in flight.
      const next = await iterator.next();
      if (next.done) break;
      const task: Promise<void> = runBatch(next.value)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
  } catch (error) {
    failure ??= { error };
  } finally {
    // On failure nothing new starts, but batches already sent finish and are written.
    await Promise.all(inFlight);
    await iterator.return?.();
  }
  if (failure) throw failure.error;
  return {
    embedded: done,
    requests: provider.counters.requests - before.requests,
    retries: provider.counters.retries - before.retries,
    seconds: seconds(),
  };
}

async function* batchesOf<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[], void, undefined> {
  if (Array.isArray(items)) {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
    return;
  }
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
