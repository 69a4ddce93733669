import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { embedInBatches, type EmbedItem } from '../../../../src/ai/embeddings/batches.js';
import { LocalHashEmbedder } from '../../../../src/ai/embeddings/local.js';
import { OpenAiCompatibleEmbedder } from '../../../../src/ai/embeddings/openai.js';
import { startLoopbackServer, vectorFor, type LoopbackServer } from './loopbackServer.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer({ dimensions: 4 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const remote = (maxRetries = 3): OpenAiCompatibleEmbedder =>
  new OpenAiCompatibleEmbedder({ model: 'm', dimensions: 4, maxRetries, timeoutS: 5, baseUrl: server.baseUrl }, { env: {}, backoffBaseMs: 1, backoffCapMs: 20 });

const itemsOf = (n: number): EmbedItem<number>[] => Array.from({ length: n }, (_, i) => ({ id: i, text: `text ${i}` }));

describe('embedInBatches', () => {
  it('keeps at most `concurrency` requests in flight and writes every batch', async () => {
    server.defaultReply = { kind: 'ok', delayMs: 40 };
    const written: number[] = [];
    const result = await embedInBatches(remote(), itemsOf(24), {
      batchSize: 2,
      concurrency: 3,
      onBatch: async (items, vectors) => {
        items.forEach((item, i) => expect(Array.from(vectors[i]!)).toEqual(Array.from(new Float32Array(vectorFor(item.text, 4)))));
        written.push(...items.map((item) => item.id));
      },
    });
    expect(server.maxInFlight).toBe(3);
    expect(written.sort((a, b) => a - b)).toEqual(itemsOf(24).map((item) => item.id));
    expect(result).toMatchObject({ embedded: 24, requests: 12, retries: 0 });
  });

  it('never runs two onBatch calls at once', async () => {
    let active = 0;
    let peak = 0;
    await embedInBatches(new LocalHashEmbedder({ dimensions: 8 }), itemsOf(40), {
      batchSize: 4,
      concurrency: 4,
      onBatch: async () => {
        peak = Math.max(peak, ++active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
      },
    });
    expect(peak).toBe(1);
  });

  it('keeps the batches written before an outage, and a rerun finishes the rest', async () => {
    server.script({ kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' });
    server.outage = { kind: 'status', status: 503, body: { error: { message: 'down for maintenance' } } };
    const items = itemsOf(10);
    const written = new Map<number, Float32Array>();
    const onBatch = async (batch: EmbedItem<number>[], vectors: Float32Array[]): Promise<void> => {
      batch.forEach((item, i) => written.set(item.id, vectors[i]!));
    };
    const failed = await embedInBatches(remote(1), items, { batchSize: 2, concurrency: 1, onBatch }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(KilnError);
    expect((failed as KilnError).message).toContain('last status 503 (down for maintenance)');
    expect([...written.keys()]).toEqual([0, 1, 2, 3, 4, 5]);

    server.outage = undefined;
    const rest = items.filter((item) => !written.has(item.id));
    const result = await embedInBatches(remote(1), rest, { batchSize: 2, concurrency: 2, onBatch });
    expect(result.embedded).toBe(4);
    expect([...written.keys()].sort((a, b) => a - b)).toEqual(items.map((item) => item.id));
  });

  it('on a failure starts nothing new but lets batches in flight finish and be written', async () => {
    // The first batch answers slowly, the second fails at once with a 400.
    server.reply = (request) => (request.body.input?.[0] === 'text 0' ? { kind: 'ok', delayMs: 300 } : { kind: 'status', status: 400, body: { error: { message: 'bad input' } } });
    const written: number[] = [];
    const error = await embedInBatches(remote(), itemsOf(20), {
      batchSize: 2,
      concurrency: 2,
      onBatch: async (batch) => void written.push(...batch.map((item) => item.id)),
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('status 400 (bad input)');
    expect(written).toEqual([0, 1]);
    expect(server.requests).toHaveLength(2);
  });

  it('stops at a failing onBatch and rethrows its error', async () => {
    let calls = 0;
    const pending = embedInBatches(new LocalHashEmbedder({ dimensions: 8 }), itemsOf(100), {
      batchSize: 10,
      concurrency: 2,
      onBatch: async () => {
        if (++calls === 2) throw new Error('sink full');
      },
    });
    await expect(pending).rejects.toThrow('sink full');
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('reads an async iterable lazily and reports progress', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<EmbedItem<string>> {
      for (let i = 0; i < 25; i++) {
        pulled++;
        yield { id: `doc-${i}`, text: `document number ${i}` };
      }
    }
    const progress: [number, number | undefined][] = [];
    const ids: string[] = [];
    const result = await embedInBatches(new LocalHashEmbedder({ dimensions: 16 }), source(), {
      batchSize: 10,
      concurrency: 2,
      onBatch: async (batch, vectors) => {
        expect(vectors).toHaveLength(batch.length);
        ids.push(...batch.map((item) => item.id));
      },
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(pulled).toBe(25);
    expect(ids).toHaveLength(25);
    expect(progress.map(([done]) => done)).toEqual([10, 20, 25]);
    expect(progress.every(([, total]) => total === undefined)).toBe(true);
    expect(result.embedded).toBe(25);
    expect(result.requests).toBe(0);
  });

  it('gives the array length as total', async () => {
    const totals = new Set<number | undefined>();
    await embedInBatches(new LocalHashEmbedder({ dimensions: 8 }), itemsOf(7), { batchSize: 3, concurrency: 1, onBatch: () => undefined, onProgress: (_d, total) => totals.add(total) });
    expect([...totals]).toEqual([7]);
  });

  it('stops when the signal is aborted', async () => {
    server.defaultReply = { kind: 'ok', delayMs: 50 };
    const controller = new AbortController();
    let batches = 0;
    const pending = embedInBatches(remote(), itemsOf(100), {
      batchSize: 1,
      concurrency: 2,
      signal: controller.signal,
      onBatch: () => {
        if (++batches === 3) controller.abort(new Error('cancelled'));
      },
    });
    await expect(pending).rejects.toThrow('cancelled');
    expect(batches).toBeLessThan(10);
  });

  it('rejects a batch size or concurrency that is not a positive integer', async () => {
    const provider = new LocalHashEmbedder({ dimensions: 8 });
    await expect(embedInBatches(provider, [], { batchSize: 0, concurrency: 1, onBatch: () => undefined })).rejects.toThrow('batchSize');
    await expect(embedInBatches(provider, [], { batchSize: 1, concurrency: 1.5, onBatch: () => undefined })).rejects.toThrow('concurrency');
  });
});
