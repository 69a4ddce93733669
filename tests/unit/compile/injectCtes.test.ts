import { describe, expect, it } from 'vitest';
import { injectCtes } from '../../../src/compile/compileNode.js';

describe('injectCtes', () => {
  const ctes = [{ sql: '__dbt__cte__a as (\nselect 1\n)' }];
  it('prepends a WITH clause', () => {
    expect(injectCtes('select * from __dbt__cte__a', ctes)).toBe('with __dbt__cte__a as (\nselect 1\n)\nselect * from __dbt__cte__a');
  });
  it("merges into the query's own WITH, after leading comments", () => {
    expect(injectCtes('-- note\nWITH x as (select 2) select * from x', ctes)).toBe('-- note\nWITH __dbt__cte__a as (\nselect 1\n),\nx as (select 2) select * from x');
  });
  it('leaves a query without ephemerals alone', () => {
    expect(injectCtes('select 1', [])).toBe('select 1');
  });
});
