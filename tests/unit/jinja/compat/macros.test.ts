import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import {
  callMacro,
  callWithKwargs,
  createJinjaEnvironment,
  installJinjaCompat,
  loadMacrosFromSource,
  renderTemplateString,
} from '../../../../src/jinja/compat/index.js';

const env = createJinjaEnvironment();
const render = (source: string, context: Record<string, unknown> = {}) =>
  renderTemplateString(env, source, context, { name: 'test.sql' });

const MACRO_FILE = `
{% macro get_columns(relation) %}
  {{ return(['id', 'name', relation]) }}
{% endmacro %}

{% macro is_big(n) %}{% do return(n > 100) %}{% endmacro %}

{% macro options() %}{{ return({'a': 1, 'nested': {'b': [true, none]}}) }}{% endmacro %}

{% macro early(flag) %}before{% if flag %}{{ return('early') }}{% endif %} after{% endmacro %}

{% macro greet(name, greeting='hello') %}{{ greeting }} {{ name }}{{ varargs }}{{ kwargs }}{% endmacro %}

{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

{% macro _private() %}hidden{% endmacro %}
`;

describe('value-returning macros (dbt return())', () => {
  const macros = loadMacrosFromSource(env, MACRO_FILE, 'macros/helpers.sql', { target: { schema: 'analytics' } });

  it('loads every macro of the file, `_private` ones too, as dbt registers them', () => {
    expect(Object.keys(macros).sort()).toEqual(['_private', 'early', 'generate_schema_name', 'get_columns', 'greet', 'is_big', 'options'].sort());
  });

  it('the caller in a template receives the returned value, not a string', () => {
    const out = render('{% set cols = get_columns("x") %}{{ cols | length }}|{{ cols[0] }}|{{ cols is string }}|{{ cols }}', macros);
    expect(out).toBe("3|id|False|['id', 'name', 'x']");
    expect(render('{% if is_big(500) %}big{% endif %}{% if is_big(5) %}!{% endif %}', macros)).toBe('big');
    expect(render('{{ options().nested.b }}', macros)).toBe('[True, None]');
  });

  it('return() stops the macro where it is called', () => {
    expect(render('{{ early(true) }}|{{ early(false) }}', macros)).toBe('early|before after');
  });

  it('called from TypeScript, return() hands back the JS value', () => {
    expect(callMacro(macros.get_columns!, ['t'])).toEqual(['id', 'name', 't']);
    expect(callMacro(macros.is_big!, [101])).toBe(true);
    expect(callMacro(macros.options!)).toEqual({ a: 1, nested: { b: [true, null] } });
  });

  it('called from TypeScript with keyword arguments', () => {
    expect(callWithKwargs(macros.greet!, ['ann'], { greeting: 'hi' })).toBe('hi ann(){}');
    expect(callWithKwargs(macros.greet!, [], { name: 'bob' })).toBe('hello bob(){}');
    expect(callWithKwargs(macros.greet!, ['c', 'yo', 1], { extra: true })).toBe("yo c(1,){'extra': True}");
    expect(callWithKwargs(macros.generate_schema_name!, [], { custom_schema_name: ' stg ', node: {} })).toBe('analytics_stg');
    expect(callWithKwargs(macros.generate_schema_name!, [null, {}])).toBe('analytics');
  });

  it('a macro without return() yields its text', () => {
    const text = callMacro(macros.greet!, ['x']);
    expect(typeof text).toBe('string');
    expect(text).toBe('hello x(){}');
  });

  it('macros from one file call macros from another through the context', () => {
    const base = loadMacrosFromSource(env, '{% macro quote(x) %}"{{ x }}"{% endmacro %}', 'macros/quote.sql');
    const user = loadMacrosFromSource(env, '{% macro cols(xs) %}{{ return(xs | map("upper") | list) }}{% endmacro %}{% macro select_list(xs) %}{% for c in cols(xs) %}{{ quote(c) }}{{ "," if not loop.last }}{% endfor %}{% endmacro %}', 'macros/select.sql', base);
    expect(render('select {{ select_list(["a", "b"]) }}', { ...base, ...user })).toBe('select "A","B"');
  });

  it('a macro object taken from a template context works when called from JS', () => {
    let captured: Function | undefined;
    render('{% macro pick(a, b=2) %}{{ return(a * b) }}{% endmacro %}{{ keep(pick) }}', {
      keep: (fn: Function) => {
        captured = fn;
        return '';
      },
    });
    expect(callWithKwargs(captured!, [3], { b: 5 })).toBe(15);
  });
});

describe('environments', () => {
  it('createJinjaEnvironment uses dbt defaults', () => {
    const opts = (env as unknown as { opts: Record<string, unknown> }).opts;
    expect(opts).toMatchObject({ autoescape: false, throwOnUndefined: false, trimBlocks: false, lstripBlocks: false });
    expect(render('{{ "<b>" }}')).toBe('<b>');
  });

  it('installJinjaCompat is idempotent and leaves other environments alone', () => {
    const own = new nunjucks.Environment([], { autoescape: false });
    installJinjaCompat(own);
    installJinjaCompat(own);
    expect(renderTemplateString(own, '{{ [1] + [2] }}', {}, { name: 'a' })).toBe('[1, 2]');
    expect(own.renderString('{% for x in [1,2,3] if x > 1 %}{{ x }}{% endfor %}', {})).toBe('23');
    const plain = new nunjucks.Environment([], { autoescape: false });
    expect(plain.renderString('{{ [1] + [2] }}', {})).toBe('12');
  });

  it('templates loaded for include / import go through the Jinja compiler', () => {
    const sources: Record<string, string> = {
      'helpers.sql': '{% macro twice(x) %}{{ return(x * 2) }}{% endmacro %}',
      'part.sql': '{{ (1, 2) }}{{ none }}',
    };
    const loader = { getSource: (name: string) => (sources[name] ? { src: sources[name]!, path: name, noCache: false } : null) };
    const withLoader = createJinjaEnvironment({ loader: loader as unknown as nunjucks.ILoader });
    const out = renderTemplateString(withLoader, "{% import 'helpers.sql' as h %}{{ h.twice(21) }} {% include 'part.sql' %}", {}, { name: 'main.sql' });
    expect(out).toBe('42 (1, 2)None');
  });

  it('renders one cached template many times with different contexts', () => {
    const fresh = createJinjaEnvironment();
    const template = "select {% for c in cols if c != 'x' %}{{ c | upper }}{{ ', ' if not loop.last }}{% endfor %} from {{ t }}";
    for (let i = 0; i < 1_000; i++) {
      expect(renderTemplateString(fresh, template, { cols: ['a', 'b', 'x'], t: `t${i}` }, { name: `m${i}.sql` })).toBe(`select A, B from t${i}`);
    }
  });
});
