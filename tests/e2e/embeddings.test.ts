/**
 * The embedding post-hook through the built CLI: changed rows only, deletes, the
 * OpenAI-compatible provider against a real loopback server (timeouts, 429 with
 * Retry-After, 500s, an outage mid-build and the resumed build), and the LanceDB sink.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../unit/ai/embeddings/loopbackServer.js';
import { kiln, kilnAsync, projectWith, query } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function runResult(dir: string, name: string) {
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; adapter_response: Record<string, any> }[];
  return results.find((r) => r.unique_id.endsWith(`.${name}`))!;
}

describe('kiln init + a TypeScript model + embed: (local provider)', () => {
  const PROFILES = `import type { ModelContext } from 'kiln';

export const config = {
  materialized: 'table',
  embed: { text: 'profile', id: 'customer_id' },
};

export default async function* profiles(ctx: ModelContext) {
  for await (const c of ctx.ref<{ customer_id: number; first_name: string; last_name: string }>('stg_customers')) {
    yield { customer_id: c.customer_id, profile: \`\${c.first_name} \${c.last_name} is a customer.\` };
  }
}
`;
  let dir: string;
  beforeAll(() => {
    const parent = projectWith({});
    dirs.push(parent);
    expect(kiln(['init', 'demo'], parent).code).toBe(0);
    dir = join(parent, 'demo');
    writeFileSync(join(dir, 'models', 'customer_profiles.ts'), PROFILES);
  });

  it('embeds every row on the first build, nothing on the second, and only edited rows after an edit', async () => {
    const first = kiln(['build'], dir);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/OK created table main\.customer_profiles; embedded 3 rows \(0 unchanged, 0 deleted\)/);
    expect(runResult(dir, 'customer_profiles').adapter_response['embedding']).toMatchObject({ rows_embedded: 3, rows_skipped: 0, rows_deleted: 0, requests: 0 });
    const vectors = await query(dir, 'select customer_id, len(embedding) as dims, model from customer_profiles_embeddings order by 1');
    expect(vectors).toEqual([1, 2, 3].map((id) => ({ customer_id: String(id), dims: '384', model: 'kiln-hash-v1' })));
    const typed = await query(dir, "select data_type from information_schema.columns where table_name = 'customer_profiles_embeddings' and column_name = 'embedding'");
    expect(typed).toEqual([{ data_type: 'FLOAT[384]' }]);

    const second = kiln(['build'], dir);
    expect(second.stdout).toMatch(/embedded 0 rows \(3 unchanged, 0 deleted\)/);

    const before = await query(dir, 'select customer_id, embedded_at, content_hash from customer_profiles_embeddings order by 1');
    const seeds = join(dir, 'seeds', 'raw_customers.csv');
    writeFileSync(seeds, readFileSync(seeds, 'utf8').replace('Grace,Hopper', 'Grace,Brewster Murray Hopper').replace('3,Edsger,Dijkstra\n', ''));
    const edited = kiln(['build'], dir);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toMatch(/embedded 1 row \(1 unchanged, 1 deleted\)/);
    const after = await query(dir, 'select customer_id, embedded_at, content_hash from customer_profiles_embeddings order by 1');
    expect(after.map((r) => r['customer_id'])).toEqual(['1', '2']);
    expect(after[0]).toEqual(before[0]); // untouched
    expect(after[1]!['content_hash']).not.toBe(before[1]!['content_hash']);

    const history = await query(dir, "select rows_embedded, rows_embedding_skipped, rows_embedding_deleted from kiln_run_history where name = 'customer_profiles' order by completed_at");
    expect(history).toEqual([
      { rows_embedded: '3', rows_embedding_skipped: '0', rows_embedding_deleted: '0' },
      { rows_embedded: '0', rows_embedding_skipped: '3', rows_embedding_deleted: '0' },
      { rows_embedded: '1', rows_embedding_skipped: '1', rows_embedding_deleted: '1' },
    ]);
  });

  it('rejects a bad embed: config at parse time, naming the file and the key', () => {
    const bad = join(dir, 'models', 'bad_embed.sql');
    writeFileSync(bad, "{{ config(materialized='table', embed={'text': 'body', 'id': 'id', 'batchsize': 10}) }}\nselect 1 as id, 'x' as body\n");
    const run = kiln(['build'], dir);
    rmSync(bad);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/models\/bad_embed\.sql.*batchsize/);
    expect(run.stderr).toMatch(/batch_size/);
  });
});

describe('the openai provider against a loopback server', () => {
  const KEY = 'sk-kiln-test-secret-0123456789';
  let server: LoopbackServer;
  let dir: string;
  beforeAll(async () => {
    server = await startLoopbackServer({ dimensions: 8 });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  function openAiProject(rows: number, extra = ''): string {
    const project = projectWith({
      'project.yml': `name: emb
vars:
  kiln_ai_embedding:
    provider: openai
    model: test-embed
    dimensions: 8
    base_url: ${server.baseUrl}
    api_key_env: KILN_TEST_EMBEDDING_KEY
    batch_size: 2
    concurrency: 1
    max_retries: 2
    timeout_s: 1
${extra}`,
      'models/docs.sql': `{{ config(materialized='table', embed={'text': 'body', 'id': 'id'}) }}\nselect i as id, 'document ' || i as body from range(${rows}) t(i)\n`,
    });
    dirs.push(project);
    return project;
  }
  const env = { KILN_TEST_EMBEDDING_KEY: KEY };

  it('sends the key as a Bearer token, in batches, and never prints or stores it', async () => {
    dir = openAiProject(5);
    const run = await kilnAsync(['build'], dir, env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/embedded 5 rows \(0 unchanged, 0 deleted, 3 requests, 0 retries\)/);
    expect(server.requests.map((r) => r.body.input)).toEqual([['document 0', 'document 1'], ['document 2', 'document 3'], ['document 4']]);
    expect(server.requests.every((r) => r.headers['authorization'] === `Bearer ${KEY}` && r.body.model === 'test-embed')).toBe(true);
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
    for (const file of filesUnder(join(dir, 'target'))) expect(readFileSync(file).includes(KEY), file).toBe(false);
    const again = await kilnAsync(['build'], dir, env);
    expect(again.stdout).toMatch(/embedded 0 rows \(5 unchanged, 0 deleted\)/);
    expect(server.requests).toHaveLength(3); // the second build sent nothing
  });

  it('retries an answer slower than timeout_s, and waits out a 429 with Retry-After', async () => {
    dir = openAiProject(4);
    server.script({ kind: 'ok', delayMs: 1500 }, { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } });
    const started = performance.now();
    const run = await kilnAsync(['build'], dir, env);
    const seconds = (performance.now() - started) / 1000;
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/embedded 4 rows \(0 unchanged, 0 deleted, 4 requests, 2 retries\)/);
    expect(seconds).toBeGreaterThan(2); // a 1 s timeout, then a 1 s Retry-After
    expect(runResult(dir, 'docs').adapter_response['embedding']).toMatchObject({ rows_embedded: 4, requests: 4, retries: 2 });
  });

  it('fails naming the endpoint and the last status when 500s outlast the retries, keeps what it wrote, and resumes', async () => {
    dir = openAiProject(10);
    // Two batches get through, then the service is down.
    server.reply = (request) => (request.n >= 2 ? { kind: 'status', status: 500, body: { error: { message: 'upstream exploded' } } } : undefined);
    const failed = await kilnAsync(['build'], dir, env);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(`${server.baseUrl}/embeddings`);
    expect(failed.stderr).toMatch(/last status 500/);
    expect(failed.stderr).not.toContain(KEY);
    expect(runResult(dir, 'docs').status).toBe('error');
    expect(await query(dir, 'select id from docs_embeddings order by id')).toEqual([{ id: '0' }, { id: '1' }, { id: '2' }, { id: '3' }]);

    server.reset();
    const resumed = await kilnAsync(['build'], dir, env);
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toMatch(/embedded 6 rows \(4 unchanged, 0 deleted, 3 requests, 0 retries\)/);
    expect(server.requests.flatMap((r) => r.body.input ?? [])).toEqual(['document 4', 'document 5', 'document 6', 'document 7', 'document 8', 'document 9']);
    expect((await query(dir, 'select count(*) as n from docs_embeddings'))[0]).toEqual({ n: '10' });
  });

  it('retries connection resets, and an outage that ends before the retries run out costs nothing', async () => {
    dir = openAiProject(4);
    server.script({ kind: 'reset' }, { kind: 'destroy' });
    const run = await kilnAsync(['build'], dir, env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/embedded 4 rows \(0 unchanged, 0 deleted, 4 requests, 2 retries\)/);
  });

  it('fails at once on 401 and says the key was refused, without the key', async () => {
    dir = openAiProject(2);
    server.outage = { kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided' } } };
    const run = await kilnAsync(['build'], dir, env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/401/);
    expect(run.stderr).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });
});

describe('the LanceDB sink', () => {
  it('mirrors the embeddings table, changed rows and deletes only', async () => {
    const model = (rows: string) =>
      `{{ config(materialized='table', embed={'text': 'body', 'id': 'id', 'sink': {'type': 'lancedb', 'uri': 'target/vectors'}}) }}\nselect * from (values ${rows}) t(id, body)\n`;
    const dir = projectWith({ 'project.yml': 'name: sink\n', 'models/notes.sql': model("(1, 'one'), (2, 'two'), (3, 'three')") });
    dirs.push(dir);
    const first = kiln(['build'], dir);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/lancedb:.*target\/vectors#notes_embeddings: 3 upserted, 0 deleted/);
    writeFileSync(join(dir, 'models', 'notes.sql'), model("(1, 'one'), (2, 'TWO'), (4, 'four')"));
    const second = kiln(['build'], dir);
    expect(second.stdout).toMatch(/embedded 2 rows \(1 unchanged, 1 deleted\).*: 2 upserted, 1 deleted/);
    const lancedb = await import('@lancedb/lancedb');
    const db = await lancedb.connect(join(dir, 'target', 'vectors'));
    const table = await db.openTable('notes_embeddings');
    const rows = (await table.query().select(['id', 'content_hash', 'vector']).toArray()) as { id: string; content_hash: string; vector: { length: number } }[];
    expect(rows.map((r) => r.id).sort()).toEqual(['1', '2', '4']);
    const warehouse = await query(dir, 'select cast(id as varchar) as id, content_hash from notes_embeddings order by id');
    expect(rows.map((r) => ({ id: r.id, content_hash: r.content_hash })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(warehouse);
    expect(rows.every((r) => r.vector.length === 384)).toBe(true);
    table.close();
    db.close();
    const third = kiln(['build'], dir);
    expect(third.stdout).toMatch(/: 0 upserted, 0 deleted/);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
