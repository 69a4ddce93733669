/** Unit tests run for real on DuckDB, through openSession + runInvocation. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/artifacts/runResults.js';
import { openSession } from '../../../src/compile/session.js';
import { runInvocation } from '../../../src/runner/invocation.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-unit-run-'));
  dirs.push(dir);
  const all = { 'project.yml': "name: ut\nversion: '1'\nvars: {threshold: 10}\n", ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Run the given node ids (default: every unit test); results by node name. */
async function run(dir: string, pick: (ids: { nodes: string[]; unitTests: string[] }) => string[] = (ids) => ids.unitTests): Promise<Record<string, RunResult>> {
  const session = await openSession({ projectDir: dir, partialParse: false });
  const ids = pick({ nodes: Object.keys(session.manifest.nodes), unitTests: Object.keys(session.manifest.unit_tests) });
  const outcome = await runInvocation(session, ids, { threads: 1, flags: { fullRefresh: false, empty: false }, hooks: false });
  return Object.fromEntries(outcome.results.map((r) => [r.unique_id.split('.').pop()!, r]));
}

const unitTests = (yaml: string) => `version: 2\nunit_tests:\n${yaml}`;

describe('running unit tests', () => {
  it('applies overrides: macros (plain and namespaced), context values, vars and env_vars', async () => {
    const dir = project({
      'macros/label.sql': "{% macro label() %}'real'{% endmacro %}",
      'models/src.sql': 'select 1 as id',
      'models/m.sql': "select id, {{ label() }} as label, {{ ut.label() }} as label2, '{{ invocation_id }}' as inv, '{{ var('threshold') }}' as threshold, '{{ env_var('KILN_UT_ENV', 'unset') }}' as env from {{ ref('src') }}",
      'models/unit.yml': unitTests(`
  - name: overridden
    model: m
    overrides:
      macros: {label: "'fake'", ut.label: "'fake2'", invocation_id: inv-1}
      vars: {threshold: 99}
      env_vars: {KILN_UT_ENV: from-test}
    given:
      - input: ref('src')
        rows: [{id: 1}]
    expect:
      rows: [{id: 1, label: fake, label2: fake2, inv: inv-1, threshold: '99', env: from-test}]
  - name: not_overridden
    model: m
    given:
      - input: ref('src')
        rows: [{id: 1}]
    expect:
      rows: [{label: real, label2: real, threshold: '10', env: unset}]
`),
    });
    const results = await run(dir);
    expect(results['overridden']).toMatchObject({ status: 'pass', failures: 0, message: 'passed overridden' });
    expect(results['not_overridden']).toMatchObject({ status: 'pass', failures: 0 });
  });

  it('compares as multisets of the expected columns, casting expected values to the actual types', async () => {
    const dir = project({
      'models/src.sql': 'select 1 as id',
      'models/m.sql': "select id, cast('2024-01-0' || id as date) as day, cast(id as decimal(10, 2)) as amount, 'x' as ignored from {{ ref('src') }}",
      'models/unit.yml': unitTests(`
  - name: types_tolerated
    model: m
    given:
      - input: ref('src')
        rows: [{id: 2}, {id: 1}]
    expect:
      rows:
        - {id: 1, day: '2024-01-01', amount: 1}
        - {id: '2', day: 2024-01-02, amount: 2.00}
  - name: duplicates_counted
    model: m
    given:
      - input: ref('src')
        rows: [{id: 1}, {id: 1}]
    expect:
      rows: [{id: 1}]
  - name: empty_expected
    model: m
    given:
      - input: ref('src')
        rows: []
    expect:
      rows: []
`),
    });
    const results = await run(dir);
    expect(results['types_tolerated']!.status).toBe('pass');
    expect(results['empty_expected']!.status).toBe('pass');
    const duplicates = results['duplicates_counted']!;
    expect(duplicates.status).toBe('fail');
    expect(duplicates.failures).toBe(1);
    expect(duplicates.message).toContain('failed duplicates_counted: 1 differing row');
    expect(duplicates.message).toContain('+ | 1  |');
  });

  it('uses warehouse column types once the parent exists, and says when it had to guess', async () => {
    const dir = project({
      'models/src.sql': "{{ config(materialized='table') }}\nselect 1 as id, cast('2024-01-01' as date) as day",
      'models/m.sql': "select id, day + 1 as next_day from {{ ref('src') }}",
      'models/unit.yml': unitTests(`
  - name: next_day
    model: m
    given:
      - input: ref('src')
        rows: [{id: 1, day: '2024-01-31'}]
    expect:
      rows: [{id: 1, next_day: '2024-02-01'}]
  - name: bad_column
    model: m
    config: {tags: [bad]}
    given:
      - input: ref('src')
        rows: [{id: 1, dya: '2024-01-31'}]
    expect:
      rows: []
`),
    });
    // Before src exists (and src's own query can run, so its types are known anyway).
    const before = await run(dir, (ids) => ids.unitTests.filter((id) => id.endsWith('next_day')));
    expect(before['next_day']).toMatchObject({ status: 'pass', message: 'passed next_day' });
    await run(dir, (ids) => ids.nodes.filter((id) => id.endsWith('.src')));
    const after = await run(dir);
    expect(after['next_day']).toMatchObject({ status: 'pass', message: 'passed next_day' });
    expect(after['bad_column']!.status).toBe('error');
    expect(after['bad_column']!.message).toMatch(/given ref\('src'\) has column 'dya', which ref\('src'\) does not have/);
    expect(after['bad_column']!.message).toMatch(/its columns \(from the warehouse\): id, day/);
  });

  it('falls back to the given columns, and says so, when a parent cannot be typed', async () => {
    const dir = project({
      'models/sources.yml': 'version: 2\nsources:\n  - name: lake\n    tables: [{name: events}]\n',
      'models/m.sql': "select kind, count(*) as n from {{ source('lake', 'events') }} group by kind",
      'models/unit.yml': unitTests(`
  - name: counts
    model: m
    given:
      - input: source('lake', 'events')
        format: csv
        rows: |
          kind
          a
          a
          b
    expect:
      rows: [{kind: a, n: 2}, {kind: b, n: 1}]
`),
    });
    const results = await run(dir);
    expect(results['counts']!.status).toBe('pass');
    expect(results['counts']!.message).toMatch(/note: source\('lake', 'events'\) is not in the warehouse and its query cannot run here, so its column types are unknown/);
  });

  it('uses a seed as its own input when none is given, and reads through ephemeral models', async () => {
    const dir = project({
      'seeds/codes.csv': 'code,label\n1,one\n2,two\n',
      'models/base.sql': "{{ config(materialized='table') }}\nselect 1 as code",
      'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect code from {{ ref('base') }}",
      'models/m.sql': "select c.label from {{ ref('eph') }} as e join {{ ref('codes') }} as c on c.code = e.code",
      'models/unit.yml': unitTests(`
  - name: through_ephemeral
    model: m
    given:
      - input: ref('base')
        rows: [{code: 2}]
    expect:
      rows: [{label: two}]
`),
    });
    const results = await run(dir);
    expect(results['through_ephemeral']).toMatchObject({ status: 'pass' });
  });

  it('reports inputs the model does not read, inputs it lacks, and expected columns it does not return', async () => {
    const dir = project({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/m.sql': "select id from {{ ref('a') }}",
      'models/n.sql': "select a.id from {{ ref('a') }} as a join {{ ref('b') }} as b using (id)",
      'models/unit.yml': unitTests(`
  - name: extra_input
    model: m
    given:
      - {input: ref('a'), rows: []}
      - {input: ref('b'), rows: []}
    expect: {rows: []}
  - name: missing_input
    model: n
    given:
      - {input: ref('a'), rows: []}
    expect: {rows: []}
  - name: bad_expect
    model: m
    given:
      - {input: ref('a'), rows: [{id: 1}]}
    expect: {rows: [{idd: 1}]}
  - name: bad_input_text
    model: m
    given:
      - {input: "a", rows: []}
    expect: {rows: []}
`),
    });
    const results = await run(dir);
    expect(results['extra_input']).toMatchObject({ status: 'error', message: expect.stringContaining("unit test 'extra_input' gives input ref('b'), which model 'm' does not read") });
    expect(results['missing_input']!.status).toBe('error');
    expect(results['missing_input']!.message).toContain("unit test 'missing_input' gives no input for ref('b'), which model 'n' reads");
    expect(results['missing_input']!.message).toContain("hint: add under given: - input: ref('b')");
    expect(results['bad_expect']!.message).toContain("expect names column 'idd', which model 'm' does not return");
    expect(results['bad_input_text']!.message).toContain("input 'a' is not a ref(), source() or this");
  });
});
