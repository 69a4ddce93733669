/**
 * End to end: the built-in package's generic tests for AI data (macros/tests/, namespace
 * kiln_ai) on clean data (tests/fixtures/ai_tests_pass) and on defective data
 * (tests/fixtures/ai_tests_fail), both declaring the same tests. The package is vendored
 * the way a user would: the repo's macros/ copied into dbt_packages/kiln_ai/, or the
 * repo root named in packages.yml as a `local:` package.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCopy, kiln, repoRoot, type CliResult } from './cli.js';

interface TestResult {
  unique_id: string;
  status: string;
  failures: number | null;
  compiled_code: string | null;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of the fixture with the built-in package vendored into dbt_packages/kiln_ai/. */
function withVendoredPackage(fixture: string): string {
  const dir = fixtureCopy(fixture);
  dirs.push(dir);
  const pkg = join(dir, 'dbt_packages', 'kiln_ai');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(repoRoot, 'macros'), join(pkg, 'macros'), { recursive: true });
  writeFileSync(join(pkg, 'dbt_project.yml'), "name: kiln_ai\nversion: '0.1.0'\nconfig-version: 2\n");
  return dir;
}

/** Test results of the last run, by test name (`test.<project>.<name>.<hash>`). */
function testResults(dir: string): Map<string, TestResult> {
  const { results } = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: TestResult[] };
  return new Map(results.filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id.split('.')[2]!, r]));
}

/** Failing-row count of each test on the defective data; 0 means the test passes there too. */
const EXPECTED_FAILURES: Record<string, number> = {
  kiln_ai_text_not_empty_texts_body: 4, // null, '', spaces, tabs and newlines
  kiln_ai_text_length_between_texts_title__40__5: 2, // 'Hi', a 50-character title (null not judged)
  kiln_ai_no_duplicate_text_corpus_body: 2, // groups: "hello world" ×3, "the cat sat on the mat" ×2
  kiln_ai_no_near_duplicates_corpus_body__0_6: 5, // pairs: 3 + 1 exact after normalization, jumps/jumped
  near_duplicates_within_source: 1, // block_by source: only jumps/jumped share a source
  kiln_ai_no_pii_chunks_chunk_text: 6, // 2 e-mails, 3 phones (one row with both), 2 Luhn-valid cards
  no_email_in_chunks: 2, // kinds: [email]
  kiln_ai_token_count_at_most_chunks_chunk_text__20: 1, // one chunk over 80 characters
  kiln_ai_embedding_dimension_embeddings_embedding__4: 3, // 3-wide, 5-wide, empty
  kiln_ai_embedding_not_zero_embeddings_embedding: 2, // all zeros, empty
  kiln_ai_embedding_dimension_embeddings_embedding_array__4: 0, // FLOAT[4] is always 4 wide
  kiln_ai_embedding_not_zero_embeddings_embedding_array: 1,
  examples_splits_disjoint: 2, // doc-1 (train, test), doc-3 (validation, test)
  kiln_ai_splits_disjoint_examples_document_id__split: 2, // the same, declared on the key column
};

describe('kiln_ai generic tests on clean data', () => {
  let dir: string;
  let build: CliResult;
  beforeAll(() => {
    dir = withVendoredPackage('ai_tests_pass');
    build = kiln(['build'], dir);
  });

  it('builds and every test passes', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const results = testResults(dir);
    expect([...results.keys()].sort()).toEqual(Object.keys(EXPECTED_FAILURES).sort());
    for (const [name, result] of results) {
      expect({ name, status: result.status, failures: result.failures }).toEqual({ name, status: 'pass', failures: 0 });
    }
    expect(build.stdout).toMatch(/PASS kiln_ai_no_pii_chunks_chunk_text \.\.\./);
    expect(build.stdout).toMatch(/Done\. PASS=19 WARN=0 ERROR=0 SKIP=0 TOTAL=19/);
  });

  it('dispatches each test to its default__ implementation in the kiln_ai package', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const macros = manifest.macros as Record<string, { description: string; arguments: { name: string }[] }>;
    for (const name of ['text_not_empty', 'text_length_between', 'no_duplicate_text', 'no_near_duplicates', 'no_pii', 'token_count_at_most', 'embedding_dimension', 'embedding_not_zero', 'splits_disjoint']) {
      expect(macros[`macro.kiln_ai.test_${name}`], name).toBeDefined();
      expect(macros[`macro.kiln_ai.default__test_${name}`], name).toBeDefined();
      // documented in macros/tests/schema.yml
      expect(macros[`macro.kiln_ai.test_${name}`]!.description, name).not.toBe('');
      expect(macros[`macro.kiln_ai.test_${name}`]!.arguments.map((a) => a.name), name).toContain('model');
    }
    expect(macros['macro.kiln_ai.estimate_tokens']!.description).toMatch(/ceil\(characters \/ chars_per_token\)/);
  });
});

describe('kiln_ai generic tests on defective data', () => {
  let dir: string;
  let build: CliResult;
  beforeAll(() => {
    dir = withVendoredPackage('ai_tests_fail');
    build = kiln(['build'], dir);
  });

  it('fails each test with the right number of failing rows', () => {
    expect(build.code).toBe(1);
    const results = testResults(dir);
    expect([...results.keys()].sort()).toEqual(Object.keys(EXPECTED_FAILURES).sort());
    for (const [name, result] of results) {
      const expected = EXPECTED_FAILURES[name]!;
      expect({ name, status: result.status, failures: result.failures }).toEqual({ name, status: expected ? 'fail' : 'pass', failures: expected });
    }
    expect(build.stdout).toMatch(/FAIL kiln_ai_no_pii_chunks_chunk_text \(6 failing\)/);
    expect(build.stdout).toMatch(/Done\. PASS=6 WARN=0 ERROR=13 SKIP=0 TOTAL=19/);
  });

  it('keeps a Luhn-invalid 16-digit number out of the credit-card findings', () => {
    const pii = testResults(dir).get('kiln_ai_no_pii_chunks_chunk_text')!;
    expect(pii.compiled_code).toContain('list_sum(');
    const show = kiln(['show', '--inline', pii.compiled_code!, '--limit', '20', '--log-format', 'json'], dir);
    expect(show.code).toBe(0);
    const line = show.stdout.split('\n').find((l) => l.includes('"columns"'))!;
    const { columns, rows } = JSON.parse(line) as { columns: string[]; rows: unknown[][] };
    const byId = new Map(rows.map((r) => [Number(r[columns.indexOf('id')]), Object.fromEntries(columns.map((c, i) => [c, r[i]]))]));
    expect([...byId.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(byId.get(2)).toMatchObject({ has_email: true, has_phone: true, has_credit_card: false });
    expect(byId.get(3)).toMatchObject({ has_email: false, has_phone: true, has_credit_card: false });
    expect(byId.get(5)).toMatchObject({ has_email: false, has_phone: false, has_credit_card: true });
    expect(byId.get(6)).toMatchObject({ has_credit_card: true });
  });

  it('lets the project override the token estimate (default__estimate_tokens)', () => {
    const over = withVendoredPackage('ai_tests_fail');
    mkdirSync(join(over, 'macros'), { recursive: true });
    writeFileSync(
      join(over, 'macros', 'tokens.sql'),
      "{% macro default__estimate_tokens(column, chars_per_token=4) -%}\ncast(ceil(len(string_split(trim({{ column }}), ' ')) * 1.3) as bigint)\n{%- endmacro %}\n",
    );
    const result = kiln(['build', '-s', '+test_name:token_count_at_most'], over);
    expect(result.stderr).toBe('');
    const token = testResults(over).get('kiln_ai_token_count_at_most_chunks_chunk_text__20')!;
    expect(token.compiled_code).toContain("len(string_split(trim(chunk_text), ' ')) * 1.3");
    // words × 1.3: the 20-word chunk (26) fails; the 15-word chunk (19.5 → 20) does not
    expect(token.failures).toBe(1);
  });
});

describe('kiln_ai as a local package', () => {
  it('runs from packages.yml `local:` pointing at the repo root', () => {
    const dir = fixtureCopy('ai_tests_fail');
    dirs.push(dir);
    writeFileSync(join(dir, 'packages.yml'), `packages:\n  - local: ${JSON.stringify(repoRoot)}\n`);
    const result = kiln(['build', '-s', 'package:ai_tests'], dir);
    expect(result.code).toBe(1);
    const results = testResults(dir);
    expect(results.get('kiln_ai_text_not_empty_texts_body')).toMatchObject({ status: 'fail', failures: 4 });
    expect(results.get('near_duplicates_within_source')).toMatchObject({ status: 'fail', failures: 1 });
    expect(results.size).toBe(Object.keys(EXPECTED_FAILURES).length);
  });
});
