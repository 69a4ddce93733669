/** TypeScript models through the built CLI: tables, incremental changes, helpers, errors with lines. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function project(files: Record<string, string>): string {
  const dir = projectWith({ 'project.yml': 'name: ts_models\n', ...files });
  dirs.push(dir);
  return dir;
}

const DOCS_V1 = `{{ config(materialized='table') }}
select * from (values (1, 'Alpha one. Alpha two.'), (2, 'Beta one.'), (3, 'Gamma one. Gamma two. Gamma three.')) t(doc_id, body)
`;

const CHUNKS = `import { sentences } from './lib/split';

export const config = { materialized: 'incremental', unique_key: 'doc_id', tags: ['ai'] };

interface Doc { doc_id: number; body: string }

export default async function* chunks(ctx: any) {
  let read = 0;
  for await (const doc of ctx.ref('docs').changed() as AsyncIterable<Doc>) {
    read++;
    for (const [index, text] of sentences(doc.body).entries()) yield { doc_id: doc.doc_id, chunk_index: index, text };
  }
  ctx.log(\`read \${read} documents, incremental: \${ctx.isIncremental()}\`);
}
`;

const SPLIT = `export function sentences(text: string): string[] {
  return text.split(/(?<=\\.)\\s+/).filter((s: string) => s.length > 0);
}
`;

describe('TypeScript models', () => {
  it('builds a table from yielded rows, with a helper module, refs from SQL and schema tests', async () => {
    const dir = project({
      'models/docs.sql': DOCS_V1,
      'models/chunks.ts': CHUNKS.replace("'incremental', unique_key: 'doc_id'", "'table'"),
      'models/lib/split.ts': SPLIT,
      'models/chunk_counts.sql': "select doc_id, count(*) as n from {{ ref('chunks') }} group by doc_id\n",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: chunks\n    columns:\n      - name: text\n        data_tests: [not_null]\n',
    });
    const run = kiln(['build'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK created table main\.chunks \.\.\. \[[\d.]+s, 6 rows\]/);
    expect(run.stdout).toContain('chunks: read 3 documents, incremental: false');
    expect(await query(dir, 'select doc_id, chunk_index, text from chunks order by 1, 2')).toEqual([
      { doc_id: '1', chunk_index: '0', text: 'Alpha one.' },
      { doc_id: '1', chunk_index: '1', text: 'Alpha two.' },
      { doc_id: '2', chunk_index: '0', text: 'Beta one.' },
      { doc_id: '3', chunk_index: '0', text: 'Gamma one.' },
      { doc_id: '3', chunk_index: '1', text: 'Gamma two.' },
      { doc_id: '3', chunk_index: '2', text: 'Gamma three.' },
    ]);
    expect(await query(dir, 'select doc_id, n from chunk_counts order by 1')).toEqual([
      { doc_id: '1', n: '2' },
      { doc_id: '2', n: '1' },
      { doc_id: '3', n: '3' },
    ]);
    // The columns' types come from the rows: whole numbers are BIGINT, text VARCHAR.
    expect(await query(dir, "select column_name, data_type from information_schema.columns where table_name = 'chunks' order by ordinal_position")).toEqual([
      { column_name: 'doc_id', data_type: 'BIGINT' },
      { column_name: 'chunk_index', data_type: 'BIGINT' },
      { column_name: 'text', data_type: 'VARCHAR' },
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const node = manifest.nodes['model.ts_models.chunks'];
    expect(node.language).toBe('typescript');
    expect(node.depends_on.nodes).toEqual(['model.ts_models.docs']);
    expect(manifest.nodes['model.ts_models.split']).toBeUndefined(); // a helper, not a model
    const selected = kiln(['ls', '--select', 'tag:ai', '--resource-type', 'model'], dir);
    expect(selected.stdout.trim()).toBe('ts_models.chunks');
  });

  it('processes only new and changed input rows, and deletes the output of inputs that are gone', async () => {
    const dir = project({ 'models/docs.sql': DOCS_V1, 'models/chunks.ts': CHUNKS, 'models/lib/split.ts': SPLIT });
    expect(kiln(['build'], dir).stdout).toContain('read 3 documents, incremental: false');
    const again = kiln(['build'], dir);
    expect(again.stdout).toContain('read 0 documents, incremental: true');
    expect(again.stdout).toMatch(/OK INSERT 0 into main\.chunks/);
    // Doc 1 keeps its text, doc 2 changes, doc 3 disappears, doc 4 is new.
    writeFileSync(join(dir, 'models/docs.sql'), `{{ config(materialized='table') }}
select * from (values (1, 'Alpha one. Alpha two.'), (2, 'Beta ONE. Beta two.'), (4, 'Delta.')) t(doc_id, body)
`);
    const edited = kiln(['build'], dir);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('read 2 documents, incremental: true');
    expect(await query(dir, 'select doc_id, chunk_index, text from chunks order by 1, 2')).toEqual([
      { doc_id: '1', chunk_index: '0', text: 'Alpha one.' },
      { doc_id: '1', chunk_index: '1', text: 'Alpha two.' },
      { doc_id: '2', chunk_index: '0', text: 'Beta ONE.' },
      { doc_id: '2', chunk_index: '1', text: 'Beta two.' },
      { doc_id: '4', chunk_index: '0', text: 'Delta.' },
    ]);
    const full = kiln(['build', '--full-refresh'], dir);
    expect(full.stdout).toContain('read 3 documents, incremental: false');
    expect((await query(dir, 'select count(*) as n from chunks'))[0]).toEqual({ n: '5' });
  });

  it('leaves the old table and state in place when the model fails halfway', async () => {
    const dir = project({ 'models/docs.sql': DOCS_V1, 'models/chunks.ts': CHUNKS, 'models/lib/split.ts': SPLIT });
    expect(kiln(['build'], dir).code).toBe(0);
    writeFileSync(join(dir, 'models/docs.sql'), DOCS_V1.replace('Beta one.', 'Beta changed.'));
    writeFileSync(join(dir, 'models/lib/split.ts'), SPLIT.replace('return', "if (text.includes('changed')) throw new Error('splitter broke');\n  return"));
    const failed = kiln(['build'], dir);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/models\/chunks\.ts:\d+:\d+: the model failed: splitter broke \(in .*models\/lib\/split\.ts:2\)/);
    expect((await query(dir, "select count(*) as n from chunks where text = 'Beta one.'"))[0]).toEqual({ n: '1' });
    const leftovers = await query(dir, "select table_name from information_schema.tables where table_name like 'chunks__kiln_%' order by 1");
    expect(leftovers).toEqual([{ table_name: 'chunks__kiln_state' }]);
    writeFileSync(join(dir, 'models/lib/split.ts'), SPLIT);
    expect(kiln(['build'], dir).stdout).toContain('read 1 documents, incremental: true');
    expect((await query(dir, "select count(*) as n from chunks where text = 'Beta changed.'"))[0]).toEqual({ n: '1' });
  });

  it('infers vectors, floats, booleans, timestamps and json, and takes YAML data_types over inference', async () => {
    const dir = project({
      'models/kinds.mjs': `export const config = { materialized: 'table' };
export default function () {
  return [
    { id: 1, score: 1, ok: true, seen_at: new Date('2024-01-02T03:04:05Z'), meta: { a: 1 }, vec: new Float32Array([0.5, 1, 2]), code: 7 },
    { id: 2, score: 2.5, ok: false, seen_at: null, meta: [1, 2], vec: [1, 2, 3], code: 8 },
  ];
}
`,
      'models/kinds.yml': 'version: 2\nmodels:\n  - name: kinds\n    columns:\n      - name: code\n        data_type: integer\n',
    });
    const run = kiln(['build'], dir);
    expect(run.stderr).toBe('');
    expect(await query(dir, "select column_name, data_type from information_schema.columns where table_name = 'kinds' order by ordinal_position")).toEqual([
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'score', data_type: 'DOUBLE' },
      { column_name: 'ok', data_type: 'BOOLEAN' },
      { column_name: 'seen_at', data_type: 'TIMESTAMP' },
      { column_name: 'meta', data_type: 'JSON' },
      { column_name: 'vec', data_type: 'FLOAT[3]' },
      { column_name: 'code', data_type: 'INTEGER' },
    ]);
    expect(await query(dir, 'select id, score, cast(seen_at as varchar) as seen_at, cast(meta as varchar) as meta, cast(vec as varchar) as vec from kinds order by id')).toEqual([
      { id: '1', score: 1, seen_at: '2024-01-02 03:04:05', meta: '{"a":1}', vec: '[0.5, 1.0, 2.0]' },
      { id: '2', score: 2.5, seen_at: null, meta: '[1,2]', vec: '[1.0, 2.0, 3.0]' },
    ]);
  });

  it('reads sources and vars, filters in SQL with where(), and reads in batches', async () => {
    const dir = project({
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n',
      'models/big.ts': `export const config = { materialized: 'table' };
export default async function* (ctx: any) {
  const minimum = ctx.var('minimum', 0);
  let batches = 0;
  for await (const batch of ctx.source('raw', 'events').where(\`n >= \${minimum}\`).batches(1000)) {
    batches++;
    yield batch.map((row: any) => ({ n: row.n, double: row.n * 2 }));
  }
  ctx.log(\`\${batches} batches\`);
}
`,
    });
    // The source table, loaded outside kiln.
    mkdirSync(join(dir, 'target'));
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(dir, 'target', 'kiln.duckdb'));
    const connection = await instance.connect();
    await connection.run('create table main.events as select i as n from range(25000) t(i)');
    connection.closeSync();
    instance.closeSync();
    const run = kiln(['build', '--vars', '{minimum: 5000}'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('big: 20 batches');
    expect((await query(dir, 'select count(*) as n, min(n) as lo, max(double) as hi from big'))[0]).toEqual({ n: '20000', lo: '5000', hi: '49998' });
  });

  it('reports errors with the file and line: syntax, non-literal refs and config, bad rows', () => {
    const cases: [string, RegExp][] = [
      ["export const config = { materialized: 'table' };\nexport default function () {\n  const x: = 1;\n}\n", /models\/bad\.ts:3:\d+: TypeScript syntax error/],
      ["const name = 'docs';\nexport default function (ctx: any) { return ctx.ref(name).all(); }\n", /models\/bad\.ts:2: ref\(\) in a TypeScript model takes .* as string literals/],
      ["const m = 'table';\nexport const config = { materialized: m };\nexport default function () { return []; }\n", /models\/bad\.ts:2: `config` must be a literal/],
      ["export const config = { materialized: 'view' };\nexport default function () { return []; }\n", /models\/bad\.ts: a TypeScript model is materialized as 'table' or 'incremental', not 'view'/],
      ["export const config = { materialzed: 'table' };\nexport default function () { return []; }\n", /unknown key 'materialzed'.*\n.*did you mean 'materialized'/],
    ];
    for (const [code, expected] of cases) {
      const dir = project({ 'models/bad.ts': code });
      const run = kiln(['build'], dir);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(expected);
    }
    const runtime: [string, RegExp][] = [
      ["export default function () {\n  return [{ a: 1 }, { a: 'x' }];\n}\n", /column 'a' holds values of different kinds in the model's first rows \(bigint, string\)/],
      ["export default function () {\n  return [];\n}\n", /the model produced no rows, and its YAML gives no column data_types/],
      // Columns are settled by the first 1,000 rows; a key first seen later is an error, not a silent drop.
      ["export default function () {\n  return Array.from({ length: 1500 }, (_, i) => (i < 1200 ? { a: i } : { a: i, b: 1 }));\n}\n", /the model produced a row with column 'b', which its first rows did not have/],
      ["export default function () {\n  return 42;\n}\n", /the model returned number, not rows/],
      ["export default function (ctx: any) {\n  return ctx.var('missing');\n}\n", /required var 'missing' is not set/],
    ];
    for (const [code, expected] of runtime) {
      const dir = project({ 'models/bad.ts': code });
      const run = kiln(['build'], dir);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(expected);
    }
  });

  it('says plainly that unit tests run SQL models only', () => {
    const dir = project({
      'models/double.ts': "export default function () { return [{ n: 2 }]; }\n",
      'models/double.yml': 'version: 2\nunit_tests:\n  - name: doubles\n    model: double\n    given: []\n    expect:\n      rows: [{n: 2}]\n',
    });
    const run = kiln(['build'], dir);
    expect(run.code).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/unit test 'doubles': 'double' is a TypeScript model, and unit tests .* run SQL models only/);
  });

  it('creates the YAML-typed columns when the model yields no rows, so downstream SQL still runs', async () => {
    const dir = project({
      'models/nothing.ts': "export default function* () {}\n",
      'models/nothing.yml': 'version: 2\nmodels:\n  - name: nothing\n    columns:\n      - name: id\n        data_type: bigint\n      - name: label\n        data_type: varchar\n        data_tests: [not_null]\n',
      'models/after.sql': "select count(id) as ids, count(label) as labels from {{ ref('nothing') }}\n",
    });
    const run = kiln(['build'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await query(dir, "select column_name, data_type from information_schema.columns where table_name = 'nothing' order by ordinal_position")).toEqual([
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'label', data_type: 'VARCHAR' },
    ]);
    expect(await query(dir, 'select * from after')).toEqual([{ ids: '0', labels: '0' }]);
  });

  it('reads its own rows from the last build with previous(), and not on a full refresh', async () => {
    const model = `export const config = { materialized: 'table' };
export default async function* (ctx: any) {
  const before = ctx.previous();
  const seen = before ? (await before.all()).map((r: any) => r.n) : [];
  ctx.log(\`previous: \${before ? seen.join(',') : 'none'}\`);
  yield { n: seen.length + 1 };
  for (const n of seen) yield { n };
}
`;
    const dir = project({ 'models/grows.ts': model });
    expect(kiln(['build'], dir).stdout).toContain('grows: previous: none');
    expect(kiln(['build'], dir).stdout).toContain('grows: previous: 1');
    expect(kiln(['build'], dir).stdout).toMatch(/grows: previous: (2,1|1,2)/);
    expect(kiln(['build', '--full-refresh'], dir).stdout).toContain('grows: previous: none');
    expect(await query(dir, 'select n from grows')).toEqual([{ n: '1' }]);
  });
});
