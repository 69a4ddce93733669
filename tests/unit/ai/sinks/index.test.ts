import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { openVectorSink, type VectorSinkConfig, type VectorSinkContext } from '../../../../src/ai/sinks/index.js';
import { row } from './memory.js';

let dir: string;
let ctx: VectorSinkContext;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiln-sink-config-'));
  ctx = { projectDir: dir, dimensions: 3, file: 'models/orders.sql', model: 'orders' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(config: VectorSinkConfig): Promise<KilnError> {
  const error = await openVectorSink(config, ctx).then(
    async (sink) => {
      await sink.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KilnError);
  return error as KilnError;
}

describe('openVectorSink', () => {
  it('opens a lancedb sink at target/lancedb, table <model>_embeddings, by default', async () => {
    const sink = await openVectorSink({ type: 'lancedb' }, ctx);
    try {
      expect(sink.name).toBe(`lancedb:${join(dir, 'target', 'lancedb')}#orders_embeddings`);
      await sink.upsert([row('1', 'h', [1, 2, 3])]);
      expect(await sink.existing()).toEqual(new Map([['1', 'h']]));
    } finally {
      await sink.close();
    }
    expect(existsSync(join(dir, 'target', 'lancedb', 'orders_embeddings.lance'))).toBe(true);
  });

  it('takes uri and table from the config', async () => {
    const sink = await openVectorSink({ type: 'lancedb', uri: 'vectors', table: 'order_vectors' }, ctx);
    await sink.close();
    expect(sink.name).toBe(`lancedb:${join(dir, 'vectors')}#order_vectors`);
  });

  it('names the supported types for an unknown type', async () => {
    const error = await rejection({ type: 'lancdb' });
    expect(error.message).toBe("unknown vector sink type 'lancdb'");
    expect(error.file).toBe('models/orders.sql');
    expect(error.hint).toContain("did you mean 'lancedb'?");
    expect(error.hint).toContain('supported sink types: lancedb');
  });

  it('names every unknown key', async () => {
    const error = await rejection({ type: 'lancedb', tabel: 'x', path: 'y' });
    expect(error.message).toBe("unknown keys 'tabel', 'path' in the lancedb sink config");
    expect(error.file).toBe('models/orders.sql');
    expect(error.hint).toContain("'tabel': did you mean 'table'?");
    expect(error.hint).toContain("a lancedb sink takes 'type', 'uri', 'table'");
  });

  it('refuses a uri or table that is not a non-empty string', async () => {
    expect((await rejection({ type: 'lancedb', uri: 42 })).message).toBe("the lancedb sink key 'uri' must be a non-empty string");
    expect((await rejection({ type: 'lancedb', table: '' })).message).toBe("the lancedb sink key 'table' must be a non-empty string");
  });
});
