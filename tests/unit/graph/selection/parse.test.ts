import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { defaultMethod, fnmatch, parseCriterion, parseUnion } from '../../../../src/graph/selection/index.js';

describe('parseCriterion', () => {
  it('reads graph operators with and without depth', () => {
    expect(parseCriterion('2+tag:nightly+3')).toMatchObject({
      method: 'tag',
      value: 'nightly',
      parents: true,
      parentsDepth: 2,
      children: true,
      childrenDepth: 3,
      childrensParents: false,
    });
    expect(parseCriterion('+orders')).toMatchObject({ method: 'fqn', value: 'orders', parents: true, parentsDepth: undefined, children: false });
    expect(parseCriterion('orders+')).toMatchObject({ value: 'orders', parents: false, children: true, childrenDepth: undefined });
    expect(parseCriterion('@stg_orders')).toMatchObject({ value: 'stg_orders', childrensParents: true, parents: false, children: false });
  });

  it('splits dotted method arguments', () => {
    expect(parseCriterion('config.meta.owner:alice')).toMatchObject({ method: 'config', args: ['meta', 'owner'], value: 'alice' });
    expect(parseCriterion('state:modified.body')).toMatchObject({ method: 'state', args: [], value: 'modified.body' });
    expect(parseCriterion('source:raw.orders+')).toMatchObject({ method: 'source', value: 'raw.orders', children: true });
  });

  it('picks path, file or fqn for a bare value like dbt', () => {
    expect(defaultMethod('models/staging')).toBe('path');
    expect(defaultMethod('orders.sql')).toBe('file');
    expect(defaultMethod('raw_countries.csv')).toBe('file');
    expect(defaultMethod('marts.orders')).toBe('fqn');
    expect(parseCriterion('models/marts/orders.sql').method).toBe('path');
  });

  it('rejects @ combined with a + prefix', () => {
    expect(() => parseCriterion('@+orders')).toThrow(/'@' and '\+' prefixes cannot be combined/);
  });

  it('rejects a method with no value', () => {
    expect(() => parseCriterion('tag:')).toThrow(/no value/);
  });

  it('reports an unknown method as a KilnError with a suggestion', () => {
    let error: unknown;
    try {
      parseCriterion('tga:nightly');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KilnError);
    expect((error as KilnError).message).toBe("'tga' is not a valid node selection method (in 'tga:nightly')");
    expect((error as KilnError).hint).toMatch(/^Did you mean 'tag'\?/);
  });
});

describe('parseUnion', () => {
  it('splits arguments on spaces (union) and commas (intersection)', () => {
    const spec = parseUnion(['a  tag:x,tag:y', 'b']);
    expect(spec.kind).toBe('union');
    if (spec.kind !== 'union') return;
    expect(spec.components.map((c) => (c.kind === 'intersection' ? c.components.length : -1))).toEqual([1, 2, 1]);
    expect(spec.components.map((c) => (c.kind === 'intersection' ? c.raw : ''))).toEqual(['a', 'tag:x,tag:y', 'b']);
  });
});

describe('fnmatch', () => {
  it('follows Python fnmatch', () => {
    expect(fnmatch('stg_orders', 'stg_*')).toBe(true);
    expect(fnmatch('a.b.c', '*')).toBe(true);
    expect(fnmatch('orders', 'order?')).toBe(true);
    expect(fnmatch('orders', 'order')).toBe(false);
    expect(fnmatch('b1', '[a-c]1')).toBe(true);
    expect(fnmatch('d1', '[a-c]1')).toBe(false);
    expect(fnmatch('d1', '[!a-c]1')).toBe(true);
    expect(fnmatch('a.b', 'a?b')).toBe(true);
    expect(fnmatch('Orders', 'orders')).toBe(false);
    expect(fnmatch('x[', 'x[')).toBe(true);
  });
});
