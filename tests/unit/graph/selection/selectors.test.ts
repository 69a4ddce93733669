import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { parseSelectorsFile, selectNodesWithWarnings, type SelectorsFile } from '../../../../src/graph/selection/index.js';
import { makeManifest, pick, short } from './fixture.js';

const SELECTORS_YML = `selectors:
  - name: staging
    description: staging models
    definition: "path:models/staging"
  - name: nightly_marts
    default: true
    definition:
      union:
        - method: tag
          value: nightly
        - intersection:
            - "tag:finance"
            - config.materialized: incremental
        - exclude:
            - stg_orders
  - name: orders_and_parents
    definition:
      method: fqn
      value: orders
      parents: true
      parents_depth: 1
  - name: via_reference
    definition:
      union:
        - method: selector
          value: staging
        - selector: orders_and_parents
  - name: first_children
    definition:
      method: path
      value: models/staging/stg_orders.sql
      children: true
      children_depth: 1
      exclude:
        - resource_type: snapshot
  - name: at_payments
    definition:
      method: fqn
      value: stg_payments
      childrens_parents: true
  - name: cautious_customers
    definition:
      method: fqn
      value: stg_customers
      indirect_selection: cautious
`;

const file = (): SelectorsFile => parseSelectorsFile(SELECTORS_YML, 'selectors.yml');

function errorOf(fn: () => unknown): KilnError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KilnError) return e;
    throw e;
  }
  throw new Error('expected a KilnError');
}

describe('parseSelectorsFile', () => {
  it('reads names, descriptions, defaults and lines', () => {
    const parsed = file();
    expect(Object.keys(parsed.selectors)).toEqual([
      'staging',
      'nightly_marts',
      'orders_and_parents',
      'via_reference',
      'first_children',
      'at_payments',
      'cautious_customers',
    ]);
    expect(parsed.selectors.staging).toMatchObject({ description: 'staging models', default: false, line: 2 });
    expect(parsed.selectors.nightly_marts!.default).toBe(true);
    expect(parsed.selectors.orders_and_parents!.definition).toMatchObject({
      kind: 'criterion',
      method: 'fqn',
      value: 'orders',
      parents: true,
      parentsDepth: 1,
    });
  });

  it('accepts an empty file', () => {
    expect(parseSelectorsFile('', 'selectors.yml').selectors).toEqual({});
  });

  it('rejects a reference to an unknown selector, with its line', () => {
    const text = `selectors:\n  - name: a\n    definition: "tag:x"\n  - name: b\n    definition:\n      selector: aa_unknown\n`;
    const e = errorOf(() => parseSelectorsFile(text, 'selectors.yml'));
    expect(e.message).toBe("Selector 'b' refers to an unknown selector 'aa_unknown'");
    expect(e.line).toBe(4);
    expect(e.file).toBe('selectors.yml');
  });

  it('rejects selectors that refer to each other in a cycle', () => {
    const text = `selectors:
  - name: a
    definition: {selector: b}
  - name: b
    definition:
      union:
        - method: selector
          value: a
`;
    expect(() => parseSelectorsFile(text, 'selectors.yml')).toThrow(/cycle: a -> b -> a/);
  });

  it('rejects two defaults', () => {
    const text = `selectors:\n  - name: a\n    default: true\n    definition: "tag:x"\n  - name: b\n    default: true\n    definition: "tag:y"\n`;
    expect(() => parseSelectorsFile(text, 'selectors.yml')).toThrow(/multiple selectors with 'default: true'/);
  });

  it('rejects unknown keys and methods with a suggestion and a line', () => {
    const badKey = errorOf(() => parseSelectorsFile(`selectors:\n  - name: a\n    definition:\n      methd: tag\n      value: x\n`, 's.yml'));
    expect(badKey.message).toBe("Unknown key 'methd' in a selector definition");
    expect(badKey.hint).toBe("did you mean 'method'?");
    expect(badKey.line).toBe(4);

    const badMethod = errorOf(() => parseSelectorsFile(`selectors:\n  - name: a\n    definition:\n      method: tags\n      value: x\n`, 's.yml'));
    expect(badMethod.message).toMatch(/'tags' is not a valid node selection method/);
    expect(badMethod.hint).toMatch(/Did you mean 'tag'/);
    expect(badMethod.line).toBe(4);
  });

  it('rejects a definition without value, and two exclude items in one set', () => {
    expect(() => parseSelectorsFile(`selectors:\n  - name: a\n    definition:\n      method: tag\n      children: true\n`, 's.yml')).toThrow(
      /needs both 'method' and 'value'/,
    );
    const twoExcludes = `selectors:
  - name: a
    definition:
      union:
        - "tag:x"
        - exclude: ["tag:y"]
        - exclude: ["tag:z"]
`;
    expect(() => parseSelectorsFile(twoExcludes, 's.yml')).toThrow(/Only one 'exclude'/);
  });

  it('rejects invalid YAML with its line', () => {
    const e = errorOf(() => parseSelectorsFile('selectors:\n  - name: a\n    definition: [unclosed\n', 's.yml'));
    expect(e.message).toMatch(/^Invalid YAML/);
    expect(e.line).toBeGreaterThan(0);
  });
});

describe('--selector', () => {
  const run = (selector: string | undefined, types: string[], select?: string[]) =>
    pick(select, { selector, selectors: file(), types });

  it('evaluates union, intersection, key-value shorthand and exclude', () => {
    expect(run('nightly_marts', ['model'])).toEqual(['customers', 'orders']);
  });

  it('reads parents with parents_depth', () => {
    expect(run('orders_and_parents', ['model', 'seed'])).toEqual(['countries', 'int', 'orders']);
  });

  it('resolves nested selector references in both forms', () => {
    expect(run('via_reference', ['model', 'seed', 'source'])).toEqual([
      'countries',
      'int',
      'orders',
      'rawCustomers',
      'rawOrders',
      'stgCustomers',
      'stgOrders',
    ]);
  });

  it('reads children with children_depth and a criterion-level exclude', () => {
    expect(run('first_children', ['model', 'snapshot', 'test'])).toEqual(['int', 'notNull', 'stgOrders']);
  });

  it('reads childrens_parents', () => {
    expect(run('at_payments', ['model', 'seed'])).toEqual(['countries', 'int', 'orders', 'payments', 'revenue', 'stgCustomers', 'stgOrders']);
  });

  it('honours indirect_selection set on a criterion', () => {
    expect(run('cautious_customers', ['model', 'test'])).toEqual(['stgCustomers', 'unique']);
    expect(pick('stg_customers', { types: ['model', 'test'] })).toEqual(['relationships', 'stgCustomers', 'unique']);
  });

  it('uses the default selector when nothing is selected or excluded', () => {
    expect(run(undefined, ['model'])).toEqual(['customers', 'orders']);
    expect(run(undefined, ['model'], ['revenue'])).toEqual(['revenue']);
    expect(pick(undefined, { selectors: file(), exclude: ['orders'], types: ['seed'] })).toEqual(['countries']);
  });

  it('fails for an unknown selector name with a suggestion', () => {
    const e = errorOf(() => run('stagng', ['model']));
    expect(e.message).toBe("Could not find a selector named 'stagng'");
    expect(e.hint).toBe("Did you mean 'staging'?");
    expect(e.file).toBe('selectors.yml');
  });

  it('warns that --select is ignored alongside --selector', () => {
    const result = selectNodesWithWarnings({
      manifest: makeManifest(),
      selector: 'staging',
      selectors: file(),
      select: ['orders'],
      rootPackage: 'shop',
      resourceTypes: ['model'],
    });
    expect(short(result.selected)).toEqual(['stgCustomers', 'stgOrders']);
    expect(result.warnings).toEqual(["--select and --exclude are ignored when --selector 'staging' is given"]);
  });
});
