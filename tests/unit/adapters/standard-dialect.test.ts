/** The SQL the built-in dialects share (standardSqlDialect.ts), run on DuckDB. */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardSqlDialect } from '../../../src/adapters/standardSqlDialect.js';

class NumberedExcept extends StandardSqlDialect {
  constructor(private readonly orderBy: boolean) {
    super();
  }
  override exceptAllSql(left: string, right: string, columns: string[]): string {
    return this.numberedExceptSql(left, right, columns, { except: 'EXCEPT', orderBy: this.orderBy });
  }
}

let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run("create table l as select * from (values (1, 'a'), (1, 'a'), (1, 'a'), (2, null), (3, 'c')) t(n, s)");
  await connection.run("create table r as select * from (values (1, 'a'), (2, null), (4, 'd')) t(n, s)");
});
afterAll(() => connection?.closeSync());

const rows = async (sql: string) => (await connection.runAndReadAll(`${sql} order by all`)).getRows();

describe('a multiset difference without EXCEPT ALL (BigQuery, Snowflake)', () => {
  for (const orderBy of [false, true]) {
    it(`keeps each row as often as it is in excess, NULLs equal${orderBy ? ', with an ORDER BY in row_number()' : ''}`, async () => {
      const dialect = new NumberedExcept(orderBy);
      const sql = dialect.exceptAllSql('select n, s from l', 'select n, s from r', ['"n"', '"s"']);
      const expected = await rows('select n, s from l except all select n, s from r');
      expect(expected).toEqual([[1, 'a'], [1, 'a'], [3, 'c']]);
      expect(await rows(`select * from (${sql})`)).toEqual(expected);
      expect(await rows(`select * from (${dialect.exceptAllSql('select n, s from r', 'select n, s from l', ['"n"', '"s"'])})`)).toEqual([[4, 'd']]);
    });
  }
});
