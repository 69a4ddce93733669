import { describe, expect, it } from 'vitest';
import { scanStatically } from '../../../src/jinja/staticScan.js';
import { readLiteralArguments } from '../../../src/jinja/literal.js';

describe('scanStatically', () => {
  it('reads refs, sources and config with literal arguments', () => {
    const scan = scanStatically(`{{ config(materialized='table', tags=['a', "b"], unique_key=['id', 'day'], enabled=True) }}
select * from {{ ref('orders') }} join {{ ref('pkg', 'customers') }} using (id)
join {{ source('raw', 'payments') }} p on true {# a comment {{ not_a_ref('x') }} #}
join {{ ref('versioned', v=2) }} on true`);
    expect(scan).toEqual({
      refs: [{ name: 'orders' }, { package: 'pkg', name: 'customers' }, { name: 'versioned', version: 2 }],
      sources: [['raw', 'payments']],
      config: { materialized: 'table', tags: ['a', 'b'], unique_key: ['id', 'day'], enabled: true },
    });
  });

  it('gives up on anything that needs rendering', () => {
    expect(scanStatically(`{% if is_incremental() %}where 1{% endif %}`)).toBeUndefined();
    expect(scanStatically(`select {{ var('x') }}`)).toBeUndefined();
    expect(scanStatically(`select * from {{ ref(name) }}`)).toBeUndefined();
    expect(scanStatically(`{{ config(materialized=var('m')) }}`)).toBeUndefined();
    expect(scanStatically(`select {{ my_macro() }}`)).toBeUndefined();
    expect(scanStatically(`select * from {{ ref('a') | upper }}`)).toBeUndefined();
  });

  it('accepts plain SQL and {{ this }}', () => {
    expect(scanStatically('select 1 as x')).toEqual({ refs: [], sources: [], config: {} });
    expect(scanStatically('select * from {{ this }}')).toEqual({ refs: [], sources: [], config: {} });
  });
});

describe('readLiteralArguments', () => {
  it('reads Python literals and keyword arguments', () => {
    expect(readLiteralArguments(`'a', 1, -2.5, None, {'k': [1, (2, 3)]}, x=False`)).toEqual({
      args: ['a', 1, -2.5, null, { k: [1, [2, 3]] }],
      kwargs: { x: false },
    });
    expect(readLiteralArguments(`"it's"`)).toEqual({ args: ["it's"], kwargs: {} });
  });
  it('returns undefined for expressions', () => {
    expect(readLiteralArguments('a + 1')).toBeUndefined();
    expect(readLiteralArguments("x='a', 'positional after keyword'")).toBeUndefined();
  });
});
