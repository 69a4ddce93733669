/** The LanceDB sink against a real LanceDB database in a temp folder. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { lanceDbIdPredicates, lanceDbStringLiteral, openLanceDbSink, resolveLanceDbUri } from '../../../../src/ai/sinks/lancedb.js';
import { syncVectorSink } from '../../../../src/ai/sinks/sync.js';
import type { VectorRow, VectorSink } from '../../../../src/ai/sinks/types.js';
import { MemorySource, row } from './memory.js';

const FILE = 'models/orders.sql';
let dir: string;
const open: VectorSink[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiln-lancedb-'));
});
afterEach(async () => {
  for (const sink of open.splice(0)) await sink.close();
  await rm(dir, { recursive: true, force: true });
});

async function sink(options: { table?: string; dimensions?: number; uri?: string } = {}): Promise<VectorSink> {
  const s = await openLanceDbSink({
    uri: options.uri ?? 'db',
    table: options.table ?? 'orders_embeddings',
    dimensions: options.dimensions ?? 3,
    projectDir: dir,
    file: FILE,
  });
  open.push(s);
  return s;
}

/** Every row of the table as kiln's VectorRow, read with LanceDB directly (not through the sink). */
async function readBack(table = 'orders_embeddings', uri = join(dir, 'db')): Promise<Map<string, VectorRow>> {
  const db = await lancedb.connect(uri);
  const t = await db.openTable(table);
  try {
    const result = new Map<string, VectorRow>();
    for await (const batch of t.query()) {
      for (let i = 0; i < batch.numRows; i++) {
        const r = batch.get(i)!.toJSON() as Record<string, unknown>;
        const vector = r.vector as { toArray(): Float32Array };
        result.set(r.id as string, {
          id: r.id as string,
          contentHash: r.content_hash as string,
          embedding: Float32Array.from(vector.toArray()),
          model: r.model as string,
          embeddedAt: new Date(r.embedded_at as number),
        });
      }
    }
    return result;
  } finally {
    t.close();
    db.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<KilnError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KilnError);
  return error as KilnError;
}

const A = row('a', 'ha', [0.1, 0.2, 0.3]);
const B = row('b', 'hb', [1.5, -2.25, 3e-8], 'other-model', new Date('2023-12-31T23:59:59.999Z'));
const C = row('c', 'hc', [Math.PI, Math.E, -0]);

describe('openLanceDbSink', () => {
  it('creates an empty table with kiln layout, resolving a relative uri against the project', async () => {
    const s = await sink();
    expect(s.name).toBe(`lancedb:${join(dir, 'db')}#orders_embeddings`);
    expect(await s.existing()).toEqual(new Map());
    expect(existsSync(join(dir, 'db', 'orders_embeddings.lance'))).toBe(true);

    const db = await lancedb.connect(join(dir, 'db'));
    const t = await db.openTable('orders_embeddings');
    const schema = await t.schema();
    expect(schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      'id: Utf8',
      'content_hash: Utf8',
      'vector: FixedSizeList[3]<Float32>',
      'model: Utf8',
      'embedded_at: Timestamp<MICROSECOND, UTC>',
    ]);
    expect(await t.countRows()).toBe(0);
    t.close();
    db.close();
  });

  it('upserts rows, reports them from existing(), and round-trips every column', async () => {
    const s = await sink();
    await s.upsert([A, B, C]);
    expect(await s.existing()).toEqual(new Map([['a', 'ha'], ['b', 'hb'], ['c', 'hc']]));
    const back = await readBack();
    expect(back.get('a')).toEqual(A);
    expect(back.get('b')).toEqual(B);
    expect(back.get('c')).toEqual(C);
    // Timestamps are stored as real UTC timestamps a SQL filter can use.
    const db = await lancedb.connect(join(dir, 'db'));
    const t = await db.openTable('orders_embeddings');
    expect(await t.countRows("embedded_at = TIMESTAMP '2023-12-31 23:59:59.999'")).toBe(1);
    t.close();
    db.close();
  });

  it('replaces a row by id and leaves the other rows as they were', async () => {
    const s = await sink();
    await s.upsert([A, B, C]);
    const newB = row('b', 'hb2', [7, 8, 9], 'test-model', new Date('2025-01-01T00:00:00.000Z'));
    await s.upsert([newB]);
    expect(await s.existing()).toEqual(new Map([['a', 'ha'], ['b', 'hb2'], ['c', 'hc']]));
    const back = await readBack();
    expect(back.size).toBe(3);
    expect(back.get('b')).toEqual(newB);
    expect(back.get('a')).toEqual(A);
    expect(back.get('c')).toEqual(C);
  });

  it('keeps the last of two rows with the same id in one upsert', async () => {
    const s = await sink();
    await s.upsert([A, row('a', 'ha2', [3, 2, 1])]);
    expect(await s.existing()).toEqual(new Map([['a', 'ha2']]));
  });

  it('deletes by id, ignoring ids it does not hold, and persists across reopening', async () => {
    const s = await sink();
    await s.upsert([A, B, C]);
    await s.delete(['b', 'not-there']);
    await s.delete([]);
    await s.close();
    await s.close(); // safe twice

    const reopened = await sink();
    expect(await reopened.existing()).toEqual(new Map([['a', 'ha'], ['c', 'hc']]));
  });

  it('deletes lists longer than one predicate chunk', async () => {
    const s = await sink({ dimensions: 2 });
    const many = Array.from({ length: 1234 }, (_, i) => row(`r${i}`, `h${i}`, [i, -i]));
    await s.upsert(many);
    await s.delete(many.slice(0, 1200).map((r) => r.id));
    expect([...(await s.existing()).keys()].sort()).toEqual(many.slice(1200).map((r) => r.id).sort());
  });

  it('handles ids with quotes and backslashes, and cannot be tricked by a quote into deleting more', async () => {
    const s = await sink();
    const ids = ["o'brien", "it''s", 'back\\slash', "x') OR (id <> '", "'", '', 'naïve ✓'];
    await s.upsert(ids.map((id, i) => row(id, `h${i}`, [i, i, i])));
    expect([...(await s.existing()).keys()].sort()).toEqual([...ids].sort());

    await s.delete(["x') OR (id <> '"]);
    await s.delete(["o'brien"]);
    expect([...(await s.existing()).keys()].sort()).toEqual(ids.filter((id) => id !== "o'brien" && id !== "x') OR (id <> '").sort());

    await s.upsert([row("it''s", 'changed', [9, 9, 9])]);
    expect((await s.existing()).get("it''s")).toBe('changed');
    expect((await readBack()).get("it''s")!.embedding).toEqual(Float32Array.from([9, 9, 9]));

    await s.delete(ids);
    expect(await s.existing()).toEqual(new Map());
  });

  it('refuses an existing table whose vectors have another dimension, with a hint', async () => {
    const s = await sink({ dimensions: 3 });
    await s.upsert([A]);
    await s.close();

    const error = await rejection(sink({ dimensions: 4 }));
    expect(error.message).toContain('holds 3-dimensional vectors, but the embeddings have 4 dimensions');
    expect(error.file).toBe(FILE);
    expect(error.hint).toMatch(/drop the LanceDB table .* new table name/);
    // The table and its rows are untouched.
    expect((await readBack()).get('a')).toEqual(A);
  });

  it('refuses an existing table that was not made by kiln', async () => {
    const db = await lancedb.connect(join(dir, 'db'));
    const t = await db.createEmptyTable(
      'orders_embeddings',
      new arrow.Schema([
        new arrow.Field('id', new arrow.Int64(), false),
        new arrow.Field('vector', new arrow.FixedSizeList(3, new arrow.Field('item', new arrow.Float32(), true)), false),
      ]),
    );
    t.close();
    db.close();
    const error = await rejection(sink());
    expect(error.message).toContain("does not have kiln's layout");
    expect(error.message).toContain('column id is Int64, expected Utf8');
    expect(error.message).toContain('no column content_hash');
  });

  it('refuses a vector of the wrong length on upsert', async () => {
    const s = await sink({ dimensions: 3 });
    const error = await rejection(s.upsert([row('a', 'h', [1, 2])]));
    expect(error.message).toContain("the vector for id 'a' has 2 dimensions, the table holds 3");
    expect(await s.existing()).toEqual(new Map());
  });

  it('refuses a table name LanceDB would not accept, before calling it', async () => {
    const error = await rejection(sink({ table: 'bad name!' }));
    expect(error.message).toContain("table name 'bad name!' is not valid");
    expect(error.file).toBe(FILE);
  });

  it('accepts an absolute uri as given', async () => {
    const abs = join(dir, 'elsewhere', 'vectors');
    const s = await sink({ uri: abs, table: 'x' });
    await s.upsert([A]);
    expect((await readBack('x', abs)).get('a')).toEqual(A);
  });
});

describe('syncVectorSink into LanceDB', () => {
  it('mirrors the source: all rows, then nothing, then only the changes', async () => {
    const dims = 8;
    const vec = (seed: number): number[] => Array.from({ length: dims }, (_, k) => Math.sin(seed * 31 + k) * 10);
    const source = new MemorySource(Array.from({ length: 25 }, (_, i) => row(`id-${i}`, `h${i}`, vec(i))));
    const s = await sink({ dimensions: dims });

    const first = await syncVectorSink(s, source, { batchSize: 10 });
    expect(first).toMatchObject({ upserted: 25, deleted: 0, unchanged: 0 });
    expect(await readBack()).toEqual(source.rows);

    const second = await syncVectorSink(s, source, { batchSize: 10 });
    expect(second).toMatchObject({ upserted: 0, deleted: 0, unchanged: 25 });

    source.set(row('id-3', 'h3-new', vec(103), 'test-model', new Date('2025-02-03T04:05:06.789Z')));
    source.set(row('id-17', 'h17-new', vec(117)));
    source.remove('id-9');
    source.vectorCalls.length = 0;
    const third = await syncVectorSink(s, source, { batchSize: 10 });
    expect(third).toMatchObject({ upserted: 2, deleted: 1, unchanged: 22 });
    expect(source.vectorCalls).toEqual([['id-3', 'id-17']]);

    const back = await readBack();
    expect(back.size).toBe(24);
    expect(back.has('id-9')).toBe(false);
    expect(back).toEqual(source.rows);
    // Float32 values equal the source's bit for bit.
    expect(Array.from(back.get('id-3')!.embedding)).toEqual(Array.from(Float32Array.from(vec(103))));

    const fourth = await syncVectorSink(s, source);
    expect(fourth).toMatchObject({ upserted: 0, deleted: 0, unchanged: 24 });
  });
});

describe('LanceDB predicate helpers', () => {
  it('doubles single quotes and leaves backslashes alone', () => {
    expect(lanceDbStringLiteral("o'brien")).toBe("'o''brien'");
    expect(lanceDbStringLiteral('a\\b')).toBe("'a\\b'");
  });
  it('splits long id lists into chunks', () => {
    expect(lanceDbIdPredicates(['a', 'b', "c'"], 2)).toEqual(["id IN ('a', 'b')", "id IN ('c''')"]);
    expect(lanceDbIdPredicates([])).toEqual([]);
  });
  it('resolves local paths against the project and leaves URIs alone', () => {
    expect(resolveLanceDbUri('target/lancedb', '/proj')).toBe('/proj/target/lancedb');
    expect(resolveLanceDbUri('/abs/db', '/proj')).toBe('/abs/db');
    expect(resolveLanceDbUri('s3://bucket/db', '/proj')).toBe('s3://bucket/db');
  });
});
