/**
 * The UDF helpers' default statement is PostgreSQL's `create or replace function … $$ … $$
 * language sql`: scalar_function_sql rendered for a function node, run on a real PostgreSQL
 * server, and the function called and its volatility read back from pg_proc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../../src/compile/session.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import type { Adapter } from '../../../src/adapters/types.js';
import type { ManifestNode } from '../../../src/project/nodes.js';
import { startPostgres, type PostgresServer } from '../../support/postgres.js';
import { ensureAdaptersCompiled } from '../adapters/helpers/compiled-adapters.js';
import { projectWith } from '../../e2e/cli.js';

let server: PostgresServer;
let session: Session;
let adapter: Adapter;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const [result] = await adapter.connection.execute(sql, { fetch: true });
  return result!.rows.map((row) => Object.fromEntries(result!.columns.map((c, i) => [c.name, row[i]])));
}

beforeAll(async () => {
  ensureAdaptersCompiled();
  server = await startPostgres();
  const root = projectWith({
    'project.yml': 'name: udfs\nversion: "1"\n',
    'models/add_two.sql': 'select 1 as id',
    'profiles.yml': `udfs:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${server.host}\n      port: ${server.port}\n      user: ${server.user}\n      dbname: postgres\n      schema: public\n`,
  });
  session = await openSession({ projectDir: root, partialParse: false });
  adapter = await createAdapter(session.project.profile.target, { threads: 1, projectRoot: root });
  session.parse.runtime.adapter = adapter;
}, 60_000);

afterAll(async () => {
  await adapter?.close();
  server?.stop();
});

describe('UDF helpers on PostgreSQL', () => {
  it('scalar_function_sql creates a function that PostgreSQL runs, immutable as configured', async () => {
    const model = session.manifest.nodes['model.udfs.add_two']!;
    const node = {
      ...model,
      arguments: [{ name: 'a', data_type: 'integer' }, { name: 'b', data_type: 'integer' }],
      returns: { data_type: 'integer' },
      compiled_code: 'select a + b',
      config: { ...model.config, volatility: 'deterministic' },
    } as unknown as ManifestNode;
    const sql = session.parse.runtime.render("{{ scalar_function_sql(api.Relation.create(schema='public', identifier='add_two')) }}", { mode: 'execute', file: 'functions/add_two.sql', node }).sql;
    await adapter.connection.execute(sql, { fetch: false });
    expect(await query('select public.add_two(2, 3) as total')).toEqual([{ total: 5 }]);
    expect(await query("select provolatile from pg_proc where proname = 'add_two'")).toEqual([{ provolatile: 'i' }]);
  });
});
