/** Unit test fixtures without a warehouse: CSV text, fixture data and files, fixture SQL, the row diff. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/dialect.js';
import { DEFAULT_DUCKDB_TARGET } from '../../../src/adapters/duckdb/target.js';
import { KilnError } from '../../../src/errors.js';
import { comparisonSql, diffRowsOf } from '../../../src/testing/unitTests/compareRows.js';
import { csvTable, parseCsvText } from '../../../src/testing/unitTests/csvText.js';
import { readFixtureData, type FixtureContext } from '../../../src/testing/unitTests/fixtureData.js';
import { castSelectSql, fixtureRowsSql, sqlLiteral } from '../../../src/testing/unitTests/fixtureSql.js';
import { formatRowDiff, sortDiffRows } from '../../../src/testing/unitTests/rowDiff.js';

const dialect = new DuckDbDialect(DEFAULT_DUCKDB_TARGET);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function context(files: Record<string, string> = {}): FixtureContext {
  const root = mkdtempSync(join(tmpdir(), 'kiln-unit-fixtures-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { what: "given ref('orders')", testName: 't1', file: 'models/unit.yml', fixtureDirs: [join(root, 'tests', 'fixtures')], projectRoot: root };
}

function errorOf(fn: () => unknown): KilnError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KilnError) return error;
    throw error;
  }
  throw new Error('expected a KilnError');
}

describe('CSV text', () => {
  it('reads quoted fields, escaped quotes, newlines inside quotes, and empty fields as NULL', () => {
    const { records } = parseCsvText('id,name,note\n1,"Smith, J","say ""hi"""\n2,,"multi\nline"\n3,"",x\n');
    expect(records).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Smith, J', 'say "hi"'],
      ['2', null, 'multi\nline'],
      ['3', '', 'x'],
    ]);
  });

  it('takes another delimiter and skips blank lines', () => {
    expect(parseCsvText('a;b\n\n1;2\n', ';').records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports ragged rows, empty headers and unclosed quotes', () => {
    expect(csvTable('a,b\n1\n')).toEqual({ error: 'row 1 has 1 fields, but the header names 2 columns' });
    expect(csvTable('a,,c\n')).toEqual({ error: 'the header line has an empty column name' });
    expect(csvTable('a\n"open\n')).toMatchObject({ error: expect.stringMatching(/never closed/) });
  });
});

describe('fixture data', () => {
  it('dict rows: columns in first-seen order, case-insensitive, missing keys NULL', () => {
    const data = readFixtureData({ format: 'dict', rows: [{ id: 1, name: 'a' }, { ID: 2, extra: true }] }, context());
    expect(data).toEqual({ kind: 'rows', columns: ['id', 'name', 'extra'], rows: [[1, 'a', null], [2, null, true]] });
  });

  it('csv rows inline and from tests/fixtures (searched recursively); sql from a fixture file', () => {
    const ctx = context({ 'tests/fixtures/nested/orders.csv': 'id,amount\n1,2.5\n', 'tests/fixtures/expected.sql': 'select 1 as id' });
    expect(readFixtureData({ format: 'csv', rows: 'id\n7\n' }, ctx)).toEqual({ kind: 'rows', columns: ['id'], rows: [['7']] });
    expect(readFixtureData({ format: 'csv', fixture: 'orders' }, ctx)).toEqual({ kind: 'rows', columns: ['id', 'amount'], rows: [['1', '2.5']] });
    expect(readFixtureData({ format: 'sql', fixture: 'expected' }, ctx)).toEqual({ kind: 'sql', sql: 'select 1 as id' });
    expect(readFixtureData({ format: 'csv', rows: [] }, ctx)).toEqual({ kind: 'rows', columns: [], rows: [] });
  });

  it('explains what is wrong, naming the unit test and its file', () => {
    const ctx = context();
    const missing = errorOf(() => readFixtureData({ format: 'csv', fixture: 'nope' }, ctx));
    expect(missing.message).toBe("unit test 't1': given ref('orders'): no fixture file 'nope.csv'");
    expect(missing.file).toBe('models/unit.yml');
    expect(missing.hint).toBe('put it under tests/fixtures');
    expect(errorOf(() => readFixtureData({ format: 'dict', fixture: 'x' }, ctx)).message).toMatch(/needs format: csv or format: sql/);
    expect(errorOf(() => readFixtureData({ format: 'dict', rows: 'id\n1' }, ctx)).message).toMatch(/rows must be a list of mappings/);
    expect(errorOf(() => readFixtureData({ format: 'dict', rows: [1] }, ctx)).message).toMatch(/row 1 is not a mapping/);
    expect(errorOf(() => readFixtureData({ format: 'csv', rows: [{ id: 1 }] }, ctx)).message).toMatch(/format: csv takes rows as text/);
    expect(errorOf(() => readFixtureData({ format: 'csv', rows: 'a,b\n1\n' }, ctx)).message).toMatch(/the CSV is not valid: row 1 has 1 fields/);
    expect(errorOf(() => readFixtureData({ format: 'csv', rows: 'a\n1', fixture: 'f' }, ctx)).message).toMatch(/either rows or fixture/);
  });
});

describe('fixture SQL', () => {
  const columns = [
    { name: 'id', dataType: 'INTEGER' },
    { name: 'name', dataType: 'VARCHAR' },
    { name: 'ts', dataType: 'TIMESTAMP' },
  ];

  it('casts each value to its column type and fills columns not given with typed NULLs', () => {
    const { sql, unknownColumns } = fixtureRowsSql(dialect, { kind: 'rows', columns: ['ID', 'ts'], rows: [[1, '2024-01-01'], [2, null]] }, columns, { fromCsv: false, strict: true });
    expect(unknownColumns).toEqual([]);
    expect(sql).toBe(
      `select CAST(1 AS INTEGER) as "id", CAST(NULL AS VARCHAR) as "name", CAST('2024-01-01' AS TIMESTAMP) as "ts"\nunion all\nselect CAST(2 AS INTEGER) as "id", CAST(NULL AS VARCHAR) as "name", CAST(NULL AS TIMESTAMP) as "ts"`,
    );
  });

  it('zero rows still have typed columns; unknown columns are reported when strict, kept untyped otherwise', () => {
    expect(fixtureRowsSql(dialect, { kind: 'rows', columns: [], rows: [] }, columns.slice(0, 1), { fromCsv: false, strict: true }).sql).toBe('select CAST(NULL AS INTEGER) as "id"\nwhere 1 = 0');
    const data = { kind: 'rows' as const, columns: ['id', 'bogus'], rows: [[1, 'x']] };
    expect(fixtureRowsSql(dialect, data, columns.slice(0, 1), { fromCsv: false, strict: true }).unknownColumns).toEqual(['bogus']);
    expect(fixtureRowsSql(dialect, data, columns.slice(0, 1), { fromCsv: false, strict: false }).sql).toBe(`select CAST(1 AS INTEGER) as "id", 'x' as "bogus"`);
  });

  it('without types, CSV text that looks like numbers or booleans stays unquoted; values are escaped', () => {
    expect(sqlLiteral(dialect, '12', true)).toBe('12');
    expect(sqlLiteral(dialect, 'true', true)).toBe('TRUE');
    expect(sqlLiteral(dialect, '12', false)).toBe("'12'");
    expect(sqlLiteral(dialect, "O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral(dialect, [1, 2])).toBe("'[1,2]'");
    expect(sqlLiteral(dialect, null)).toBe('NULL');
    expect(sqlLiteral(dialect, false)).toBe('FALSE');
  });

  it('casts a user SELECT to the given column types', () => {
    expect(castSelectSql(dialect, 'select 1 as id;', [{ name: 'id', dataType: 'BIGINT' }])).toBe('select CAST("id" AS BIGINT) as "id"\nfrom (\nselect 1 as id\n) as kiln_unit_test_sql');
  });

  it('compares with EXCEPT ALL both ways and marks each side', () => {
    const sql = comparisonSql(dialect, 'select 1 as id', 'select 2 as id', [{ name: 'id', dataType: 'INTEGER' }]);
    expect(sql).toContain('select "id" from kiln_unit_test_actual\nexcept all\nselect "id" from kiln_unit_test_expected');
    expect(sql).toContain('select "id" from kiln_unit_test_expected\nexcept all\nselect "id" from kiln_unit_test_actual');
    expect(diffRowsOf([['+', 1], ['-', 2]])).toEqual([
      { side: '+', values: [1] },
      { side: '-', values: [2] },
    ]);
  });
});

describe('row diff', () => {
  it('sorts by values (numbers numerically, NULLs last), expected before actual for equal values', () => {
    const sorted = sortDiffRows([
      { side: '+', values: [10, 'b'] },
      { side: '+', values: [2, 'a'] },
      { side: '-', values: [2, 'a'] },
      { side: '-', values: [null, 'z'] },
    ]);
    expect(sorted.map((r) => `${r.side}${String(r.values[0])}`)).toEqual(['-2', '+2', '+10', '-null']);
  });

  it('prints a table with + and - markers', () => {
    const text = formatRowDiff(['id', 'name'], [
      { side: '+', values: [1, 'gerda'] },
      { side: '-', values: [1, null] },
    ]);
    expect(text).toBe(
      [
        'actual differs from expected (+ returned by the model but not expected, - expected but not returned):',
        '',
        '  | id | name  |',
        '  | -- | ----- |',
        '+ | 1  | gerda |',
        '- | 1  | null  |',
      ].join('\n'),
    );
  });

  it('shows at most the limit and counts the rest', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ side: '+' as const, values: [i] }));
    const text = formatRowDiff(['id'], rows, 2);
    expect(text.split('\n').filter((l) => l.startsWith('+'))).toHaveLength(2);
    expect(text).toMatch(/… and 3 more differing rows$/);
  });
});
