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

beforeAll(async () => {
  session = await openSession({ projectDir: projectWith({ 'project.yml': 'name: shop\nversion: "1"\n' }), partialParse: false });
  const oracle = spawnSync('python3', [join(repoRoot, 'tests', 'fixtures', 'builtins_oracle', 'oracle.py')], { input: JSON.stringify(CASES), encoding: 'utf8' });
  if (oracle.status !== 0) throw new Error(`the Jinja2 oracle failed: ${oracle.stderr}`);
  expected = JSON.parse(oracle.stdout) as typeof expected;
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
