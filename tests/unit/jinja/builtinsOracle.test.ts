/**
 * dbt's Jinja-only global-project macros (partition dates, grants' statement lists, column
 * names, doc columns, is_core_v2, generate_schema_name) against an oracle: Python's Jinja2
 * rendering dbt's own macro source (tests/fixtures/builtins_oracle/dbt_macros.sql, copied
 * verbatim from dbt-adapters) with the same calls.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inlineNode } from '../../../src/cli/commands/compile.js';
import { openSession, type Session } from '../../../src/compile/session.js';
import { projectWith, repoRoot } from '../../e2e/cli.js';

const CASES = [
  "{{ dates_in_range('20240227', '20240302') }}",
  "{{ dates_in_range('20231230') }}",
  "{{ dates_in_range('2024-03-01', '2024-03-03', in_fmt='%Y-%m-%d', out_fmt='%d/%m') }}",
  "{{ dates_in_range('20240105', '20240101') }}",
  "{{ partition_range('20240101,20240103') }}",
  "{{ partition_range(20240110) }}",
  "{{ partition_range('2024-01-05', date_fmt='%Y-%m-%d') }}",
  "{{ partition_range('a,b,c') }}",
  "{{ convert_datetime(' 20240102 ', '%Y%m%d') }}",
  "{{ convert_datetime('2024/01/02', '%Y%m%d') }}",
  '{{ py_current_timestring() | length }}',
  "{{ should_revoke(none) }} {{ should_revoke(people) }} {{ should_revoke(people, False) }} {{ should_revoke('x', full_refresh_mode=True) }}",
  "{{ get_dcl_statement_list(people, {'select': ['a', 'b'], 'insert': ['c']}, get_grant_sql) }}",
  "{{ get_dcl_statement_list(people, {'select': ['a', 'b']}, get_revoke_sql) }}",
  "{{ get_dcl_statement_list(people, {'select': []}, get_grant_sql) }}",
  "{{ get_list_of_column_names([{'name': 'a'}, {'name': 'B'}]) }}",
  "{{ validate_doc_columns(people, {'ID': {'name': 'ID'}, 'Q': {'name': 'Q', 'quote': True}, 'q2': {'quote': True}, 'x': {}}, ['id', 'q2']) }}",
  '{{ is_core_v2() }}',
  "{{ generate_schema_name(none, none) }}|{{ generate_schema_name(' custom ', none) }}",
];

/** dbt's context members (dbt-core context/base.py) and modules, as Python gives them. */
const CONTEXT_CASES = [
  "{{ tojson({'b': 1, 'a': [1, none, true, 2.5, 'é']}) }}",
  "{{ tojson({'b': 1, 'a': {'d': 2, 'c': 3}}, sort_keys=True) }}",
  "{{ fromyaml('a: b: c', 'the default') }}|{{ fromyaml('a: [1, 2]')['a'] }}",
  "{{ toyaml({'b': [1, 2], 'a': {'c': 'x y'}}) }}",
  "{{ toyaml({'b': [1, 2], 'a': {'c': 'x y'}}, sort_keys=True) }}",
  "{{ zip(5) }}|{{ zip(5, default='d') }}|{{ zip([1, 2, 3], 'ab') | list }}",
  "{{ zip_strict([1, 2], [3, 4]) | list }}",
  "{{ diff_of_two_dicts({'A': ['X', 'y'], 'b': ['z']}, {'a': ['x']}) | dictsort }}",
  "{{ diff_of_two_dicts({'select': ['a']}, {'SELECT': ['A']}) }}",
  "{{ modules.itertools.islice('abcdef', 2) | list }} {{ modules.itertools.islice([1, 2, 3, 4, 5], 1, 5, 2) | list }}",
  "{{ modules.itertools.zip_longest([1, 2, 3], 'ab', fillvalue='-') | list }}",
  "{{ modules.itertools.accumulate([1, 2, 3, 4]) | list }} {{ modules.itertools.repeat('x', 3) | list }}",
  "{{ modules.itertools.combinations_with_replacement('ab', 2) | list }}",
  "{{ modules.itertools.compress('abcd', [1, 0, 1, 0]) | list }} {{ modules.itertools.chain([1], [2, 3]) | list }}",
  '{{ modules.datetime.timedelta(days=1, hours=2) }}|{{ modules.datetime.timedelta(days=-1, hours=1) }}|{{ modules.datetime.timedelta(seconds=1.5) }}|{{ modules.datetime.timedelta(weeks=2) }}',
  "{{ (modules.datetime.timedelta(days=2) + modules.datetime.datetime(2024, 2, 28)).strftime('%Y-%m-%d') }}",
];

let session: Session;

function kilnRender(expression: string): { out?: string; error?: string } {
  try {
    const sql = `{% set people = api.Relation.create(schema='main', identifier='people') %}${expression}`;
    return { out: session.compiler.compile(inlineNode(session, sql), { mode: 'execute' }).sql };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

let expected: { out?: string; error?: string }[];
let contextExpected: { out?: string; error?: string }[];

function oracle(cases: string[]): { out?: string; error?: string }[] {
  const run = spawnSync('python3', [join(repoRoot, 'tests', 'fixtures', 'builtins_oracle', 'oracle.py')], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the Jinja2 oracle failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { out?: string; error?: string }[];
}

beforeAll(async () => {
  session = await openSession({ projectDir: projectWith({ 'project.yml': 'name: shop\nversion: "1"\n' }), partialParse: false });
  expected = oracle(CASES);
  contextExpected = oracle(CONTEXT_CASES);
});

function compare(want: { out?: string; error?: string }, expression: string): void {
  const got = kilnRender(expression);
  if (want.error !== undefined) {
    expect(got.out, `kiln rendered what Jinja2 refuses (${want.error})`).toBeUndefined();
    expect(got.error).toContain(want.error);
  } else {
    expect(got.error).toBeUndefined();
    expect(got.out!.trim()).toBe(want.out!.trim());
  }
}

describe("dbt's context members render as dbt's Python gives them", () => {
  it.each(CONTEXT_CASES.map((c, i) => [c, i] as const))('%s', (expression, i) => compare(contextExpected[i]!, expression));
});

describe("dbt's Jinja-only macros render as Jinja2 renders dbt's source", () => {
  it.each(CASES.map((c, i) => [c, i] as const))('%s', (expression, i) => {
    const want = expected[i]!;
    const got = kilnRender(expression);
    if (want.error !== undefined) {
      expect(got.out, `kiln rendered what Jinja2 refuses (${want.error})`).toBeUndefined();
      expect(got.error).toContain(want.error);
    } else {
      expect(got.error).toBeUndefined();
      expect(got.out!.trim()).toBe(want.out!.trim());
    }
  });
});
