import { describe, expect, it } from 'vitest';
import { renderNativeJinja, renderNestedJinja } from '../../../src/compile/nestedJinja.js';

// A stand-in for the template renderer: prints what `{{ … }}` holds.
const render = (text: string): string => text.replace(/\{\{\s*(.*?)\s*\}\}/g, '$1');

describe('Jinja inside YAML values', () => {
  it('renders strings that hold tags, in lists and maps too, and leaves the rest', () => {
    expect(renderNestedJinja({ a: '{{ x }}', b: ['{{ False }}', 'plain'], c: 3 }, render)).toEqual({ a: 'x', b: ['False', 'plain'], c: 3 });
  });
  it("natively: a rendered Python literal becomes its value (dbt's native rendering of config)", () => {
    expect(renderNativeJinja({ enabled: '{{ False }}', on: '{{ True }}', limit: '{{ 5 }}', none: '{{ None }}', severity: "{{ warn }}", where: '{{ id }} > 0', kept: 'False' }, render)).toEqual({
      enabled: false, on: true, limit: 5, none: null, severity: 'warn', where: 'id > 0', kept: 'False',
    });
  });
});
