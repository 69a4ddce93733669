/**
 * dbt's cross-database macros as packages call them (`dbt.<name>(…)` and bare names), rendered
 * through adapter.dispatch and run on DuckDB: every result checked, and a project's own
 * `duckdb__` version taking over from kiln's.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const MACROS = `{{ config(materialized='table') }}
select
    {{ dbt.dateadd('day', 3, "date '2024-01-30'") }} as add_days,
    {{ dbt.dateadd('month', -1, "date '2024-03-31'") }} as add_months,
    {{ dbt.dateadd('quarter', 1, "date '2024-01-15'") }} as add_quarter,
    {{ dbt.dateadd('week', 2, "timestamp '2024-01-01 10:00:00'") }} as add_weeks,
    {{ dbt.dateadd('day', 'n', "date '2024-01-01'") }} as add_column,
    {{ dbt.datediff("date '2024-01-01'", "date '2024-03-15'", 'month') }} as diff_months,
    {{ dbt.datediff("date '2024-01-06'", "date '2024-01-08'", 'week') }} as diff_weeks_across_sunday,
    {{ dbt.datediff("date '2024-01-07'", "date '2024-01-13'", 'week') }} as diff_weeks_within,
    {{ dbt.datediff("timestamp '2024-01-01 00:00:00'", "timestamp '2024-01-01 05:30:00'", 'hour') }} as diff_hours,
    {{ dbt.date_trunc('month', "date '2024-05-17'") }} as trunc_month,
    {{ dbt.last_day("date '2024-02-10'", 'month') }} as last_of_month,
    {{ dbt.last_day("date '2024-05-10'", 'quarter') }} as last_of_quarter,
    {{ dbt.date(2024, 7, 4) }} as made_date,
    {{ dbt.split_part("'a,b,c'", "','", 2) }} as second_part,
    {{ dbt.split_part("'a,b,c'", "','", -1) }} as last_part,
    {{ dbt.concat(["'a'", "'b'", "'c'"]) }} as concatenated,
    {{ dbt.hash("'kiln'") }} as hashed,
    {{ dbt.safe_cast("'not a number'", dbt.type_int()) }} as safe_cast_null,
    {{ dbt.cast("'42'", dbt.type_bigint()) }} as cast_42,
    {{ dbt.cast_bool_to_text('true') }} as bool_text,
    '{{ dbt.escape_single_quotes("it's") }}' as escaped,
    {{ dbt.string_literal('kiln') }} as literal,
    {{ dbt.length("'four'") }} as len,
    {{ dbt.position("'c'", "'abc'") }} as pos,
    {{ dbt.replace("'a-b'", "'-'", "'+'") }} as replaced,
    {{ dbt.right("'abcdef'", 2) }} as right_two,
    {{ dbt.array_construct([1, 2]) }} as constructed,
    {{ dbt.array_append(dbt.array_construct([1, 2]), 3) }} as appended,
    {{ dbt.array_concat(dbt.array_construct([1]), dbt.array_construct([2, 3])) }} as concatenated_arrays,
    {{ dbt.array_construct([], 'varchar') }} as empty_array,
    {{ dbt.equals('1', '1') }} as equal,
    '{{ dbt.type_string() }}|{{ dbt.type_timestamp() }}|{{ dbt.type_int() }}|{{ dbt.type_float() }}|{{ dbt.type_numeric() }}|{{ dbt.type_boolean() }}' as types,
    {{ dbt.current_timestamp() }} is not null as has_now
from (select 1 as n)
`;

const AGGREGATES = `{{ config(materialized='table') }}
select
    {{ dbt.listagg('word', "', '", 'order by word') }} as listed,
    {{ dbt.listagg('word', "'-'", 'order by word desc', 2) }} as listed_two,
    {{ dbt.any_value('flag') }} is not null as any_flag,
    {{ dbt.bool_or('flag') }} as some_flag
from (values ('pear', false), ('apple', true), ('fig', false)) t(word, flag)
`;

const SETS = `{{ config(materialized='table') }}
select * from (select 1 as x union all select 2) {{ dbt.except() }} select 2
`;

let dir: string;
beforeAll(() => {
  dir = projectWith({
    'project.yml': 'name: cross_db\n',
    'models/macros_out.sql': MACROS,
    'models/aggregates.sql': AGGREGATES,
    'models/sets.sql': SETS,
    'models/series.sql': "{{ config(materialized='table') }}\n{{ dbt.generate_series(5) }}\n",
    'models/spine.sql': "{{ config(materialized='table') }}\n{{ dbt.date_spine('day', \"cast('2024-02-27' as date)\", \"cast('2024-03-02' as date)\") }}\n",
    'models/portable_series.sql': "{{ config(materialized='table') }}\n{{ dbt.default__generate_series(6) }}\n",
    'models/flags_out.sql': "{{ config(materialized='table', full_refresh=true) }}\nselect {{ should_store_failures() }} as store_failures, {{ should_full_refresh() }} as full_refresh\n",
    'models/bare.sql': "{{ config(materialized='table') }}\nselect {{ dateadd('day', 1, \"date '2024-01-01'\") }} as d from (select 1)\n",
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dbt's cross-database macros on DuckDB", () => {
  it('build', () => {
    const run = kiln(['build'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('give the results dbt documents', async () => {
    const [row] = await query(dir, 'select * from macros_out');
    expect(row).toMatchObject({
      add_days: '2024-02-02 00:00:00',
      add_months: '2024-02-29 00:00:00',
      add_quarter: '2024-04-15 00:00:00',
      add_weeks: '2024-01-15 10:00:00',
      add_column: '2024-01-02 00:00:00',
      diff_months: '2',
      diff_weeks_across_sunday: '1',
      diff_weeks_within: '0',
      diff_hours: '5',
      trunc_month: '2024-05-01 00:00:00',
      last_of_month: '2024-02-29',
      last_of_quarter: '2024-06-30',
      made_date: '2024-07-04',
      second_part: 'b',
      last_part: 'c',
      concatenated: 'abc',
      hashed: '9e8287435ae73a052c9459e215e46a28',
      safe_cast_null: null,
      cast_42: '42',
      bool_text: 'true',
      escaped: "it's",
      literal: 'kiln',
      len: '4',
      pos: '3',
      replaced: 'a+b',
      right_two: 'ef',
      constructed: [1, 2],
      appended: [1, 2, 3],
      concatenated_arrays: [1, 2, 3],
      empty_array: [],
      equal: true,
      types: 'VARCHAR|TIMESTAMP|INTEGER|DOUBLE|DECIMAL(28,6)|BOOLEAN',
      has_now: true,
    });
    expect(await query(dir, 'select * from aggregates')).toEqual([{ listed: 'apple, fig, pear', listed_two: 'pear-fig', any_flag: true, some_flag: true }]);
    expect(await query(dir, 'select * from sets')).toEqual([{ x: 1 }]);
  });

  it('generate series and date spines, DuckDB\'s and the portable way', async () => {
    expect((await query(dir, 'select generated_number from series order by 1')).map((r) => Number(r['generated_number']))).toEqual([1, 2, 3, 4, 5]);
    expect((await query(dir, 'select generated_number from portable_series order by 1')).map((r) => Number(r['generated_number']))).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await query(dir, 'select cast(date_day as date) as d from spine order by 1')).map((r) => r['d'])).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(await query(dir, 'select d from bare')).toEqual([{ d: '2024-01-02 00:00:00' }]);
    expect(await query(dir, 'select * from flags_out')).toEqual([{ store_failures: false, full_refresh: true }]);
  });

  it("let a project's own duckdb__ version win, as dispatch does in dbt", async () => {
    const own = projectWith({
      'project.yml': 'name: own_macros\n',
      'macros/mine.sql': "{% macro duckdb__right(string_text, length_expression) %}'mine'{% endmacro %}\n",
      'models/m.sql': "{{ config(materialized='table') }}\nselect {{ dbt.right(\"'abc'\", 1) }} as r\n",
    });
    try {
      const run = kiln(['build'], own);
      expect(run.stderr).toBe('');
      expect(await query(own, 'select r from m')).toEqual([{ r: 'mine' }]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
