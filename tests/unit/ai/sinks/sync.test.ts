import { describe, expect, it } from 'vitest';
import { planSinkSync, syncVectorSink } from '../../../../src/ai/sinks/sync.js';
import { MemorySink, MemorySource, row } from './memory.js';

function rows(n: number, hash = 'h'): ReturnType<typeof row>[] {
  return Array.from({ length: n }, (_, i) => row(`id${i}`, `${hash}${i}`, [i, i + 0.5]));
}

describe('planSinkSync', () => {
  it('upserts new and changed ids, deletes ids gone from the source, counts the rest', () => {
    const source = new Map([['a', '1'], ['b', '2'], ['c', '3']]);
    const sink = new Map([['a', '1'], ['b', 'old'], ['d', '4']]);
    expect(planSinkSync(source, sink)).toEqual({ upsert: ['b', 'c'], delete: ['d'], unchanged: 1 });
  });
});

describe('syncVectorSink with an in-memory sink', () => {
  it('first sync upserts every row in batches; a second sync with no change writes nothing', async () => {
    const source = new MemorySource(rows(5));
    const sink = new MemorySink();

    const first = await syncVectorSink(sink, source, { batchSize: 2 });
    expect(first).toMatchObject({ upserted: 5, deleted: 0, unchanged: 0 });
    expect(first.seconds).toBeGreaterThanOrEqual(0);
    expect(sink.upsertCalls).toEqual([['id0', 'id1'], ['id2', 'id3'], ['id4']]);
    expect(source.vectorCalls).toEqual([['id0', 'id1'], ['id2', 'id3'], ['id4']]);
    expect([...sink.rows.values()]).toEqual([...source.rows.values()]);

    sink.upsertCalls.length = 0;
    source.vectorCalls.length = 0;
    const second = await syncVectorSink(sink, source, { batchSize: 2 });
    expect(second).toMatchObject({ upserted: 0, deleted: 0, unchanged: 5 });
    expect(sink.upsertCalls).toEqual([]);
    expect(sink.deleteCalls).toEqual([]);
    expect(source.vectorCalls).toEqual([]);
  });

  it('writes only changed rows, deletes removed ids and asks the source only for the changed vectors', async () => {
    const source = new MemorySource(rows(4));
    const sink = new MemorySink(rows(4));
    source.set(row('id1', 'new1', [9, 9]));
    source.set(row('id3', 'new3', [7, 7]));
    source.remove('id2');
    source.set(row('id9', 'h9', [1, 2]));

    const stats = await syncVectorSink(sink, source);
    expect(stats).toMatchObject({ upserted: 3, deleted: 1, unchanged: 1 });
    expect(source.vectorCalls).toEqual([['id1', 'id3', 'id9']]);
    expect(sink.deleteCalls).toEqual([['id2']]);
    expect([...sink.rows.keys()].sort()).toEqual(['id0', 'id1', 'id3', 'id9']);
    expect(sink.rows.get('id1')!.embedding).toEqual(Float32Array.from([9, 9]));
    expect(sink.rows.get('id0')).toEqual(row('id0', 'h0', [0, 0.5]));
  });

  it('accepts a source that yields its vectors as an async iterable of batches', async () => {
    const source = new MemorySource(rows(5), 2);
    const sink = new MemorySink();
    const stats = await syncVectorSink(sink, source, { batchSize: 4 });
    expect(stats.upserted).toBe(5);
    expect(source.vectorCalls).toEqual([['id0', 'id1', 'id2', 'id3'], ['id4']]);
    expect(sink.upsertCalls).toEqual([['id0', 'id1'], ['id2', 'id3'], ['id4']]);
  });

  it('defaults to batches of 1,000 ids', async () => {
    const source = new MemorySource(rows(2500));
    const sink = new MemorySink();
    await syncVectorSink(sink, source);
    expect(source.vectorCalls.map((ids) => ids.length)).toEqual([1000, 1000, 500]);
  });

  it('counts the rows the source returned, not the ids asked for', async () => {
    const source = new MemorySource(rows(3));
    // The source's hashes name an id whose vector has vanished by the time it is read.
    const hashes = source.hashes.bind(source);
    source.hashes = async () => new Map([...(await hashes()), ['ghost', 'x']]);
    const stats = await syncVectorSink(new MemorySink(), source);
    expect(stats.upserted).toBe(3);
  });

  it('empties the sink when the source is empty', async () => {
    const sink = new MemorySink(rows(3));
    const stats = await syncVectorSink(sink, new MemorySource());
    expect(stats).toMatchObject({ upserted: 0, deleted: 3, unchanged: 0 });
    expect(sink.rows.size).toBe(0);
  });

  it('rejects a batch size that is not a positive integer', async () => {
    await expect(syncVectorSink(new MemorySink(), new MemorySource(), { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});
