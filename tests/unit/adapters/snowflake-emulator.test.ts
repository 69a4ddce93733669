/** The Snowflake emulator's SQL translation (Snowflake text → DuckDB text), which the adapter's suites rely on. */
import { describe, expect, it } from 'vitest';
import { decodeString, translate } from '../../support/snowflakeEmulator/translate.js';

const sql = (text: string) => translate(text, 'KILN').sql.replace(/\s+/g, ' ').replace(/ ([,)])/g, '$1').trim();

describe('snowflake emulator: translate', () => {
  it('folds unquoted identifiers to upper case, leaving quoted names, strings and comments alone', () => {
    expect(sql(`select id, "MixedCase", 'keep me' as label -- a comment\nfrom orders`)).toBe(`SELECT ID, "MixedCase", 'keep me' AS LABEL FROM ORDERS`);
  });

  it("reads Snowflake's string literals: backslash escapes, doubled quotes, $$…$$", () => {
    expect(decodeString("'it\\'s a \\\\ and a ''quote'' \\n'")).toBe("it's a \\ and a 'quote' \n");
    expect(sql(`select 'it\\'s', $$a 'b'$$`)).toBe(`SELECT 'it''s', 'a ''b'''`);
  });

  it('numbers ? and :n binds as DuckDB parameters', () => {
    expect(translate('select ? || ?', 'KILN')).toMatchObject({ sql: 'SELECT $1 || $2', binds: 2 });
    expect(translate('select :2, :1', 'KILN')).toMatchObject({ sql: 'SELECT $2, $1', binds: 2 });
  });

  it('turns types in type positions into DuckDB types, and only there', () => {
    expect(sql('select cast(a as number(38,0)), b::varchar(10), try_cast(c as timestamp_ntz), text from t')).toBe('SELECT CAST(A AS BIGINT), B::VARCHAR, TRY_CAST(C AS TIMESTAMP), TEXT FROM T');
    expect(sql('create or replace transient table t (id number(38,0) not null, amount number(28,6), v vector(float, 3), j variant, f float)')).toBe(
      'CREATE OR REPLACE TABLE T (ID BIGINT NOT NULL, AMOUNT DECIMAL(28,6), V FLOAT[3], J JSON, F DOUBLE)',
    );
    expect(sql('alter table t add column score int')).toBe('ALTER TABLE T ADD COLUMN SCORE BIGINT');
    expect(sql('alter table t alter column score set data type number(38,0)')).toBe('ALTER TABLE T ALTER COLUMN SCORE SET DATA TYPE BIGINT');
  });

  it("gives FROM VALUES DuckDB's parentheses and Snowflake's COLUMN1… names", () => {
    expect(sql(`insert into t (a, b) select column1, column2 from values (1, 'x'), (2, 'y')`)).toBe(`INSERT INTO T (A, B) SELECT COLUMN1, COLUMN2 FROM (VALUES (1, 'x'), (2, 'y')) AS KILN_VALUES(COLUMN1, COLUMN2)`);
  });

  it('keeps a rename within its schema, quotes date parts, drops COPY GRANTS and CLUSTER BY, replaces every regexp match', () => {
    expect(sql('alter table "KILN"."S"."A" rename to "KILN"."S"."B"')).toBe('ALTER TABLE "KILN"."S"."A" RENAME TO "B"');
    expect(sql('select dateadd(day, 1, d), datediff(microsecond, a, b) from t')).toBe("SELECT DATEADD('day', 1, D), DATEDIFF('microsecond', A, B) FROM T");
    expect(sql('create or replace view v copy grants as (select 1)')).toBe('CREATE OR REPLACE VIEW V AS (SELECT 1)');
    expect(sql("select regexp_replace(a, '[0-9]', '') from t")).toBe("SELECT REGEXP_REPLACE(A, '[0-9]', '', 'g') FROM T");
    expect(sql("select listagg(s, ', ') within group (order by s) from t")).toBe("SELECT STRING_AGG(S, ', ' ORDER BY S) FROM T");
  });

  it("answers INFORMATION_SCHEMA from DuckDB's catalog, for the database named or the current one", () => {
    expect(sql('select table_name from "OTHER".information_schema.tables where table_schema = ?')).toMatch(/FROM \(SELECT database_name AS TABLE_CATALOG.*database_name = 'OTHER'.*\) AS TABLES WHERE TABLE_SCHEMA = \$1$/);
    expect(sql('select column_name from information_schema.columns')).toMatch(/duckdb_columns\(\) WHERE database_name = 'KILN'/);
  });

  it('notes what DuckDB runs but Snowflake would refuse', () => {
    expect(translate('select count(*) filter (where x) , string_agg(a, b) from t', 'KILN').refusals).toEqual(['FILTER (WHERE …) on an aggregate', 'string_agg()']);
    expect(translate('select count_if(x) from t', 'KILN').refusals).toEqual([]);
  });
});
