/** RowWriter on a real DuckDB file: column-major batches, several appends, the INSERT fallback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../src/adapters/registry.js';
import { DEFAULT_DUCKDB_TARGET } from '../../../src/adapters/duckdb/target.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { RowWriter } from '../../../src/tsmodels/rowWriter.js';
import { ensureAdaptersCompiled } from '../adapters/helpers/compiled-adapters.js';
import { makeTempProject } from '../adapters/helpers/temp-project.js';

const project = makeTempProject();
let adapter: Adapter;

beforeAll(async () => {
  ensureAdaptersCompiled();
  adapter = await createAdapter({ ...DEFAULT_DUCKDB_TARGET, path: 'rows.duckdb' }, { threads: 1, projectRoot: project.root });
});
afterAll(async () => {
  await adapter?.close();
  project.remove();
});

const writerFor = (identifier: string, target: Adapter = adapter) =>
  new RowWriter({ adapter: target, tag: 'test', relation: { database: 'rows', schema: 'main', identifier }, declared: [], contract: false, file: 'models/m.ts' });
const query = (sql: string) => adapter.syncConnection.execute(sql)[0]!.rows;

describe('RowWriter', () => {
  it('writes rows in several appends (vectors make the batches short) and keeps their values', async () => {
    const writer = writerFor('vectors');
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: i, label: i % 3 === 0 ? null : `row ${i}`, embedding: new Float32Array(384).fill(i % 7) }));
    for (let start = 0; start < rows.length; start += 2_500) await writer.writeAll(rows.slice(start, start + 2_500));
    const { rows: written } = await writer.finish();
    expect(written).toBe(12_000);
    expect(query('select count(*), count(label), sum(id), sum(embedding[1]) from main.vectors')).toEqual([[12_000, 8_000, 71_994_000, rows.reduce((sum, row) => sum + row.embedding[0]!, 0)]]);
    expect(query('select typeof(embedding) from main.vectors limit 1')).toEqual([['FLOAT[384]']]);
  });

  it('writes through INSERT … VALUES where the adapter has no bulk path', async () => {
    const noBulk: Adapter = {
      ...adapter,
      dialect: Object.assign(Object.create(adapter.dialect) as Adapter['dialect'], { capabilities: { ...adapter.dialect.capabilities, supportsBulkAppend: false } }),
    };
    const writer = writerFor('inserted', noBulk);
    await writer.writeAll([{ id: 1, name: "o'brien", seen_at: new Date('2024-01-02T03:04:05Z') }, { id: 2, name: null, seen_at: null }]);
    await writer.finish();
    expect(query('select id, name, cast(seen_at as varchar) from main.inserted order by id')).toEqual([[1, "o'brien", '2024-01-02 03:04:05'], [2, null, null]]);
  });

  it("stores columns as the warehouse stores unquoted names, unless the YAML quotes them", async () => {
    // A warehouse that folds unquoted names to upper case, as Snowflake does.
    const upper: Adapter = { ...adapter, dialect: Object.assign(Object.create(adapter.dialect) as Adapter['dialect'], { normalizeIdentifier: (name: string) => name.toUpperCase() }) };
    const declared = [{ name: 'Kept', description: '', meta: {}, constraints: [], quote: true, tags: [] }];
    const writer = new RowWriter({ adapter: upper, tag: 'test', relation: { database: 'rows', schema: 'main', identifier: 'folded' }, declared, contract: false, file: 'models/m.ts' });
    await writer.writeAll([{ docId: 1, Kept: 'a' }, { docId: 2, Kept: null }]);
    const { columns } = await writer.finish();
    expect(columns!.map((c) => c.name)).toEqual(['DOCID', 'Kept']);
    expect(adapter.syncConnection.getColumns({ database: 'rows', schema: 'main', identifier: 'folded' }).map((c) => c.name)).toEqual(['DOCID', 'Kept']);
    expect(query('select sum("DOCID"), count("Kept") from main.folded')).toEqual([[3, 1]]);
  });

  it('names a key the first rows did not have', async () => {
    const writer = writerFor('keys');
    await writer.writeAll(Array.from({ length: 1_000 }, (_, id) => ({ id })));
    await expect(writer.writeAll([{ id: 1, extra: 2 }])).rejects.toThrow(/column 'extra', which its first rows did not have \(columns: id\)/);
  });
});
