/** Config values dbt derives for templates rather than stores (src/jinja/runtime.ts derivedConfig). */
import { beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../../src/compile/session.js';
import { projectWith } from '../../e2e/cli.js';

let session: Session;

beforeAll(async () => {
  const snapshot = (name: string, config: string) =>
    `{% snapshot ${name} %}{{ config(${config}) }}select 1 as id, now() as updated_at{% endsnapshot %}`;
  session = await openSession({
    projectDir: projectWith({
      'project.yml': 'name: shop\nversion: "1"\n',
      'snapshots/plain.sql': snapshot('plain', "unique_key='id', strategy='timestamp', updated_at='updated_at'"),
      'snapshots/renamed.sql': snapshot('renamed', "unique_key='id', strategy='timestamp', updated_at='updated_at', snapshot_meta_column_names={'dbt_valid_to': 'valid_until', 'dbt_scd_id': 'version_id'}"),
      'models/orders.sql': 'select 1 as id',
    }),
    partialParse: false,
  });
});

const columnNames = (id: string): unknown =>
  JSON.parse(session.compiler.compile(session.manifest.nodes[id]!, { code: "{{ tojson(config.get('snapshot_table_column_names'), sort_keys=True) }}" }).sql);

describe("config.get('snapshot_table_column_names')", () => {
  it("is dbt's default meta column names for a snapshot", () => {
    expect(columnNames('snapshot.shop.plain')).toEqual({ dbt_is_deleted: 'dbt_is_deleted', dbt_scd_id: 'dbt_scd_id', dbt_updated_at: 'dbt_updated_at', dbt_valid_from: 'dbt_valid_from', dbt_valid_to: 'dbt_valid_to' });
  });

  it('carries snapshot_meta_column_names over the defaults', () => {
    expect(columnNames('snapshot.shop.renamed')).toEqual({ dbt_is_deleted: 'dbt_is_deleted', dbt_scd_id: 'version_id', dbt_updated_at: 'dbt_updated_at', dbt_valid_from: 'dbt_valid_from', dbt_valid_to: 'valid_until' });
  });

  it('is none for a model', () => {
    expect(columnNames('model.shop.orders')).toBeNull();
  });
});
