/** The BigQuery emulator's GoogleSQL → DuckDB translation (tests/support/bigqueryEmulator/translate.ts), the part its fidelity rests on. */
import { describe, expect, it } from 'vitest';
import { dropCreateClauses, translate, type QueryParameter } from '../../support/bigqueryEmulator/translate.js';
import { splitStatements, tokenize } from '../../support/bigqueryEmulator/tokens.js';

const duck = (sql: string, params: QueryParameter[] = []) => translate(dropCreateClauses(tokenize(sql)).tokens, { params, project: 'proj', position: 0 }).replace(/\s+/g, ' ').trim();

describe('the emulator translation', () => {
  it('turns backtick paths into quoted names and every string form into DuckDB literals', () => {
    expect(duck('SELECT * FROM `proj.ds.t`')).toBe('SELECT * FROM "proj"."ds"."t"');
    expect(duck('SELECT * FROM `proj`.`ds`.`odd``name`'.replace('``', '\\`'))).toBe('SELECT * FROM "proj"."ds"."odd`name"');
    expect(duck(`SELECT "double", 'it\\'s', r'\\s+', '''tri'ple'''`)).toBe(`SELECT 'double', 'it''s', '\\s+', 'tri''ple'`);
  });

  it("maps GoogleSQL's types and binds parameters as typed literals", () => {
    expect(duck('SELECT CAST(x AS INT64), CAST(y AS STRING), SAFE_CAST(z AS FLOAT64)')).toBe('SELECT CAST(x AS BIGINT), CAST(y AS VARCHAR), TRY_CAST(z AS DOUBLE)');
    expect(duck('CREATE TABLE t (id INT64 NOT NULL, v ARRAY<FLOAT64>, s STRUCT<a INT64, b STRING>)')).toBe('CREATE TABLE t (id BIGINT NOT NULL, v DOUBLE[], s STRUCT("a" BIGINT, "b" VARCHAR))');
    const params: QueryParameter[] = [
      { name: 'n', parameterType: { type: 'INT64' }, parameterValue: { value: '42' } },
      { name: 'v', parameterType: { type: 'ARRAY', arrayType: { type: 'FLOAT64' } }, parameterValue: { arrayValues: [{ value: '1' }, { value: '0.5' }] } },
      { name: 'missing', parameterType: { type: 'STRING' }, parameterValue: {} },
    ];
    expect(duck('SELECT @n, @v, @missing', params)).toBe("SELECT CAST('42' AS BIGINT), CAST([CAST('1' AS DOUBLE), CAST('0.5' AS DOUBLE)] AS DOUBLE[]), CAST(NULL AS VARCHAR)");
  });

  it('rewrites functions whose arguments differ', () => {
    expect(duck('SELECT date_diff(a, b, DAY), timestamp_trunc(t, MONTH), date_add(d, INTERVAL 1 + n DAY)')).toBe(
      "SELECT date_diff('day', b, a), CAST(date_trunc('month', t) AS TIMESTAMP), CAST((d) + (INTERVAL (1 + n) DAY) AS DATE)",
    );
    expect(duck('SELECT arr[OFFSET(0)], arr[SAFE_ORDINAL(2)], x IN UNNEST(@a)', [{ name: 'a', parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } }, parameterValue: { arrayValues: [] } }])).toBe(
      "SELECT arr[(0) + 1], arr[2], x IN (SELECT UNNEST(CAST([] AS VARCHAR[])))",
    );
    expect(duck('SELECT * EXCEPT (a) FROM t')).toBe('SELECT * EXCLUDE (a) FROM t');
    expect(duck('SELECT to_hex(md5(s)), regexp_replace(s, r"\\d", "")')).toBe("SELECT lower(hex(unhex(md5(s)))), regexp_replace(s, '\\d', '', 'g')");
  });

  it('names an UNNEST alias as BigQuery does, with its offset', () => {
    expect(duck('SELECT x FROM UNNEST([1, 2]) AS x')).toBe('SELECT x FROM UNNEST([1, 2]) AS "x__unnest"("x")');
    expect(duck('SELECT sum(a * i) FROM UNNEST(v) AS a WITH OFFSET AS i')).toBe('SELECT sum(a * i) FROM (SELECT UNNEST(v) AS "a", UNNEST(range(len(v))) AS "i") AS "a__unnest"');
  });

  it("reads INFORMATION_SCHEMA through the emulator's table macros and drops a CREATE's storage clauses", () => {
    expect(duck('SELECT * FROM `proj`.`ds`.INFORMATION_SCHEMA.COLUMNS')).toBe("SELECT * FROM bq_info_columns('proj', 'ds')");
    expect(duck("CREATE OR REPLACE TABLE t PARTITION BY DATE(ts) CLUSTER BY a, b OPTIONS(description='x') AS SELECT 1")).toBe('CREATE OR REPLACE TABLE t AS SELECT 1');
  });

  it('splits a script on top-level semicolons only', () => {
    expect(splitStatements(tokenize("BEGIN TRANSACTION; INSERT INTO t VALUES ('a;b'); COMMIT TRANSACTION;"))).toHaveLength(3);
  });
});
