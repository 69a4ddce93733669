import { describe, expect, it } from 'vitest';
import { openSession } from '../../../src/compile/session.js';
import { projectWith } from '../../e2e/cli.js';

describe('model versions', () => {
  it('one node per version, ref() means the latest, ref(v=…) a given one, tests per version', async () => {
    const root = projectWith({
      'project.yml': 'name: shop\n',
      'models/dim_customers_v1.sql': 'select 1 as id, 2 as legacy',
      'models/dim_customers_v2.sql': 'select 1 as id',
      'models/customers_v3_file.sql': 'select 1 as id, 3 as extra',
      'models/latest.sql': "select * from {{ ref('dim_customers') }}",
      'models/pinned.sql': "select * from {{ ref('dim_customers', v=1) }}",
      'models/schema.yml': `version: 2
models:
  - name: dim_customers
    latest_version: 2
    columns:
      - name: id
        data_tests: [not_null]
      - name: legacy
    versions:
      - v: 1
      - v: 2
        columns:
          - include: all
            exclude: [legacy]
      - v: 3
        defined_in: customers_v3_file
`,
    });
    const session = await openSession({ projectDir: root, partialParse: false });
    const nodes = session.manifest.nodes;
    const versions = Object.values(nodes).filter((n) => n.name === 'dim_customers');
    expect(versions.map((n) => [n.unique_id, n.version, n.latest_version, n.alias]).sort()).toEqual([
      ['model.shop.dim_customers.v1', 1, 2, 'dim_customers_v1'],
      ['model.shop.dim_customers.v2', 2, 2, 'dim_customers_v2'],
      ['model.shop.dim_customers.v3', 3, 2, 'dim_customers_v3'],
    ]);
    expect(Object.keys(nodes['model.shop.dim_customers.v2']!.columns)).toEqual(['id']);
    expect(Object.keys(nodes['model.shop.dim_customers.v1']!.columns)).toEqual(['id', 'legacy']);
    expect(nodes['model.shop.latest']!.depends_on.nodes).toEqual(['model.shop.dim_customers.v2']);
    expect(nodes['model.shop.pinned']!.depends_on.nodes).toEqual(['model.shop.dim_customers.v1']);
    const tests = Object.values(nodes).filter((n) => n.resource_type === 'test').map((n) => n.attached_node).sort();
    expect(tests).toEqual(['model.shop.dim_customers.v1', 'model.shop.dim_customers.v2', 'model.shop.dim_customers.v3']);
    expect(session.parse.warnings).toEqual([]);
  });
});
