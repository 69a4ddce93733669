/**
 * The built-in AI package as a new user meets it: the repo's project built on embedded DuckDB
 * over the shipped corpus, a second build that re-embeds nothing, the same pipeline over the
 * user's own files through vars, and `kiln init --template ai`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiln, query, repoProjectCopy as repoProjectCopyIn, repoRoot } from './cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repoProjectCopy(): string {
  const dir = repoProjectCopyIn('kiln-ai-package-');
  dirs.push(dir);
  return dir;
}

function results(dir: string): Map<string, { status: string; adapter_response: Record<string, any>; message: string }> {
  const run = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
  return new Map(run.results.map((r: { unique_id: string }) => [r.unique_id, r]));
}

describe('the kiln_ai package on the shipped corpus', () => {
  let dir: string;
  let first: ReturnType<typeof kiln>;
  beforeAll(() => {
    dir = repoProjectCopy();
    first = kiln(['build'], dir);
  });

  it('builds every model and passes every test, and prints the summary', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 TOTAL=\d+/);
    const statuses = [...results(dir).values()].map((r) => r.status);
    expect(statuses.every((s) => s === 'success' || s === 'pass')).toBe(true);
    expect(statuses.length).toBeGreaterThan(30);
  });

  it('lands every format, chunks and embeds, cleans and splits the conversations', async () => {
    const formats = await query(dir, 'select format, count(*) as n from documents group by format order by format');
    expect(formats.map((r) => r['format'])).toEqual(['docx', 'html', 'markdown', 'pdf', 'text']);
    const [chunks] = await query(dir, 'select count(*) as n, max(token_count) as biggest, count(distinct document_id) as docs from chunks');
    expect(Number(chunks!['n'])).toBeGreaterThan(100);
    expect(Number(chunks!['biggest'])).toBeLessThanOrEqual(256);
    const [vectors] = await query(dir, 'select count(*) as n from chunks_embeddings');
    expect(vectors!['n']).toBe(chunks!['n']);
    const [clean] = await query(dir, `select count(*) filter (where duplicate_kind = 'exact') as exact, count(*) filter (where duplicate_kind = 'near') as near,
      sum(pii_redacted) as pii, count(*) filter (where quality_issue is not null) as low_quality from conversations_clean`);
    // What data/corpus plants (scripts/generate-corpus.mjs): 8 exact copies, 8 near ones, 10 low-quality conversations, 58 PII matches.
    expect(clean).toEqual({ exact: '8', near: '8', pii: '58', low_quality: '10' });
    const near = await query(dir, "select conversation_id, duplicate_of from conversations_clean where duplicate_kind = 'near' order by 1");
    expect(near.map((r) => `${r['conversation_id']}~${r['duplicate_of']}`)).toEqual([
      'conv-0019~conv-0015', 'conv-0034~conv-0007', 'conv-0061~conv-0017', 'conv-0079~conv-0070',
      'conv-0080~conv-0004', 'conv-0123~conv-0090', 'conv-0125~conv-0001', 'conv-0135~conv-0126',
    ]);
    const splits = await query(dir, 'select split, count(*) as n from training_set group by split order by split');
    expect(splits.map((r) => r['split'])).toEqual(['test', 'train', 'validation']);
    const train = readFileSync(join(dir, 'target', 'training_set.train.jsonl'), 'utf8').trim().split('\n');
    expect(train.length).toBe(Number(splits.find((r) => r['split'] === 'train')!['n']));
    const example = JSON.parse(train[0]!);
    expect(Object.keys(example)).toEqual(['messages']);
    expect(example.messages[0]).toEqual({ role: expect.stringMatching(/^(user|assistant|system)$/), content: expect.any(String) });
    expect(existsSync(join(dir, 'target', 'training_set.parquet'))).toBe(true);
  });

  it('measures retrieval in the warehouse, one row per run', async () => {
    const rows = await query(dir, 'select k, questions, recall_at_k, mrr, embedding_model from retrieval_eval');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ k: 5, embedding_model: 'kiln-hash-v1' });
    expect(Number(rows[0]!['questions'])).toBeGreaterThan(30);
    expect(Number(rows[0]!['recall_at_k'])).toBeGreaterThanOrEqual(0.5);
    expect(Number(rows[0]!['mrr'])).toBeGreaterThan(0);
  });

  it('rebuilds with nothing re-chunked or re-embedded, and monitoring sees the first run', async () => {
    const second = kiln(['build'], dir);
    expect(second.code).toBe(0);
    const byId = results(dir);
    expect(byId.get('model.kiln_ai.chunks')!.adapter_response['embedding']).toMatchObject({ rows_embedded: 0, rows_deleted: 0 });
    expect(byId.get('model.kiln_ai.chunks')!.adapter_response['rows_affected']).toBe(0);
    expect(byId.get('model.kiln_ai.eval_set')!.adapter_response['embedding']).toMatchObject({ rows_embedded: 0 });
    expect(await query(dir, 'select count(*) as n from retrieval_eval')).toEqual([{ n: '2' }]);
    const runs = await query(dir, 'select distinct stage from monitoring_runs order by stage');
    expect(runs.map((r) => r['stage'])).toEqual(expect.arrayContaining(['landing', 'rag', 'training', 'test']));
    const fresh = await query(dir, "select status from monitoring_freshness where unique_id = 'model.kiln_ai.chunks'");
    expect(fresh).toEqual([{ status: 'pass' }]);
    const quality = await query(dir, "select count(*) filter (where kind = 'test') as tests, count(*) filter (where kind = 'column') as columns from monitoring_quality");
    expect(Number(quality[0]!['tests'])).toBeGreaterThan(10);
    expect(Number(quality[0]!['columns'])).toBe(12);
  });

  it('runs the same pipeline over the user\'s own files through vars', async () => {
    mkdirSync(join(dir, 'my', 'docs'), { recursive: true });
    writeFileSync(join(dir, 'my', 'docs', 'boats.md'), '# Boats\n\n## Sailing\n\nA sloop has one mast and a single headsail. Sailors trim the mainsheet to change the angle of the sail.\n\n## Rowing\n\nA rowing shell is long and narrow, and rowers face backwards while they pull the oars.\n');
    writeFileSync(join(dir, 'my', 'docs', 'bread.txt'), 'Sourdough bread rises with wild yeast from a starter. The dough ferments slowly overnight in a cool kitchen.\n');
    writeFileSync(join(dir, 'my', 'qa.jsonl'), [
      { question: 'How many masts does a sloop have?', answer: 'A sloop has one mast', source: 'boats.md' },
      { question: 'What makes sourdough rise?', answer: 'wild yeast from a starter', source: 'bread.txt' },
    ].map((q) => JSON.stringify(q)).join('\n') + '\n');
    const run = kiln(['build', '--vars', '{kiln_ai_documents: "my/docs/**/*", kiln_ai_questions: "my/qa.jsonl", kiln_ai_known_item_questions: 0, kiln_ai_min_recall: 0}'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await query(dir, 'select document_id from documents order by 1')).toEqual([{ document_id: 'my/docs/boats.md' }, { document_id: 'my/docs/bread.txt' }]);
    expect((await query(dir, 'select count(distinct document_id) as n from chunks'))[0]).toEqual({ n: '2' });
    const [latest] = await query(dir, 'select questions, recall_at_k, mrr from retrieval_eval order by run_started_at desc limit 1');
    expect(latest!['questions']).toBe('2');
    expect(Number(latest!['recall_at_k'])).toBe(1);
  });
});

describe('kiln init --template ai', () => {
  it('creates a project that runs the package over its own documents', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kiln-init-ai-'));
    dirs.push(parent);
    expect(kiln(['init', 'notes', '--template', 'ai'], parent).code).toBe(0);
    const dir = join(parent, 'notes');
    const run = kiln(['build', '--vars', '{kiln_ai_min_recall: 0}'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await query(dir, 'select file_name from documents order by 1')).toEqual([{ file_name: 'faq.md' }, { file_name: 'getting-started.md' }]);
    const [latest] = await query(dir, 'select questions from retrieval_eval');
    expect(Number(latest!['questions'])).toBeGreaterThanOrEqual(3);
  });
});
