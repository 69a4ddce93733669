import { describe, expect, it } from 'vitest';
import { createJinjaEnvironment, renderTemplateString } from '../../../src/jinja/compat/index.js';
import { renderStatically, scanStatically } from '../../../src/jinja/staticScan.js';
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

describe('renderStatically renders as the Jinja engine does', () => {
  const env = createJinjaEnvironment();
  const resolver = {
    ref: (call: { name: string; package?: string }) => `"db"."${call.package ?? 'main'}"."${call.name}"`,
    source: (s: string, t: string) => `"raw"."${s}"."${t}"`,
    this: () => '"db"."main"."self"',
  };
  const context = {
    ref: (a: string, b?: string) => (b ? resolver.ref({ package: a, name: b }) : resolver.ref({ name: a })),
    source: (s: string, t: string) => resolver.source(s, t),
    this: resolver.this(),
    config: () => '',
  };
  const templates = [
    "select * from {{ ref('a') }}\n",
    "{{ config(materialized='table') }}\nselect * from {{ ref('pkg', 'b') }} join {{ source('s', 't') }} using (id)\n\n",
    "{{- config(materialized='view') -}}\n\nselect 1 from {{ this }}   {# note #}\n",
    "select\n  {{- ref('a') -}}\n  , x\r\nfrom t\r\n",
    "{#- leading comment -#}\n  select {{ ref('a') }}{{ ref('b') }}",
    'plain sql without jinja\n',
  ];
  it.each(templates)('%j', (template) => {
    expect(renderStatically(template, resolver)).toBe(renderTemplateString(env, template, context, { name: 't.sql' }));
  });
  it('declines templates that need the engine', () => {
    expect(renderStatically('{% if x %}1{% endif %}', resolver)).toBeUndefined();
    expect(renderStatically('{{ ref(x) }}', resolver)).toBeUndefined();
  });
});
