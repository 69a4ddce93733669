import { describe, expect, it } from 'vitest';
import { openSession } from '../../../src/compile/session.js';
import { projectWith } from '../../e2e/cli.js';

describe('unit test config', () => {
  it('renders Jinja in a unit test config and merges the project file unit_tests: tree, as for other nodes', async () => {
    const root = projectWith({
      'project.yml': `name: shop
unit_tests:
  shop:
    +tags: [from_project]
    +meta: {owner: "{{ 'team_' ~ target.name }}"}
    off:
      +enabled: false
`,
      'models/orders.sql': 'select 1 as id',
      'models/schema.yml': `version: 2
unit_tests:
  - name: checks_orders
    model: orders
    given: []
    expect: {rows: [{id: 1}]}
    config:
      tags: "{{ 'skip' if target.type in ['snowflake'] else 'runnable' }}"
`,
      'models/off/schema.yml': `version: 2
unit_tests:
  - name: switched_off
    model: orders
    given: []
    expect: {rows: [{id: 1}]}
`,
    });
    const session = await openSession({ projectDir: root, partialParse: false });
    const test = session.manifest.unit_tests['unit_test.shop.orders.checks_orders']!;
    expect(test.config.tags).toEqual(['from_project', 'runnable']);
    expect(test.tags).toEqual(['from_project', 'runnable']);
    expect(test.config.meta).toEqual({ owner: 'team_dev' });
    expect(Object.keys(session.manifest.unit_tests)).toEqual(['unit_test.shop.orders.checks_orders']);
  });
});
