/** In-memory stand-ins for the warehouse embeddings table (a source) and a vector store (a sink). */
import type { VectorRow, VectorSink, VectorSource } from '../../../../src/ai/sinks/types.js';

export function row(id: string, contentHash: string, embedding: number[], model = 'test-model', embeddedAt = new Date('2024-05-06T07:08:09.123Z')): VectorRow {
  return { id, contentHash, embedding: Float32Array.from(embedding), model, embeddedAt };
}

export class MemorySink implements VectorSink {
  readonly name = 'memory';
  readonly rows = new Map<string, VectorRow>();
  readonly upsertCalls: string[][] = [];
  readonly deleteCalls: string[][] = [];
  closed = false;

  constructor(initial: VectorRow[] = []) {
    for (const r of initial) this.rows.set(r.id, r);
  }
  async existing(): Promise<Map<string, string>> {
    return new Map([...this.rows].map(([id, r]) => [id, r.contentHash]));
  }
  async upsert(rows: VectorRow[]): Promise<void> {
    this.upsertCalls.push(rows.map((r) => r.id));
    for (const r of rows) this.rows.set(r.id, r);
  }
  async delete(ids: string[]): Promise<void> {
    this.deleteCalls.push([...ids]);
    for (const id of ids) this.rows.delete(id);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A source over a mutable list of rows; records which ids it was asked for. */
export class MemorySource implements VectorSource {
  readonly rows = new Map<string, VectorRow>();
  readonly vectorCalls: string[][] = [];

  /** `yieldBatchesOf`: answer `vectors` as an async iterable of this batch size instead of one promise. */
  constructor(rows: VectorRow[] = [], private readonly yieldBatchesOf?: number) {
    for (const r of rows) this.rows.set(r.id, r);
  }
  set(r: VectorRow): void {
    this.rows.set(r.id, r);
  }
  remove(id: string): void {
    this.rows.delete(id);
  }
  async hashes(): Promise<Map<string, string>> {
    return new Map([...this.rows].map(([id, r]) => [id, r.contentHash]));
  }
  vectors(ids: string[]): AsyncIterable<VectorRow[]> | Promise<VectorRow[]> {
    this.vectorCalls.push([...ids]);
    const found = ids.flatMap((id) => {
      const r = this.rows.get(id);
      return r ? [r] : [];
    });
    const size = this.yieldBatchesOf;
    if (size === undefined) return Promise.resolve(found);
    return (async function* () {
      for (let i = 0; i < found.length; i += size) yield found.slice(i, i + size);
    })();
  }
}
