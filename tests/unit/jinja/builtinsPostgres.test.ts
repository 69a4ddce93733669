/**
 * The same adapters/ macros on a real PostgreSQL server: the portable defaults (schemas,
 * relations, columns) and the postgres__ twins (comments, grants, indexes, snapshot time),
 * their SQL run and read back from Postgres's catalog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineNode } from '../../../src/cli/commands/compile.js';
import { openSession, type Session } from '../../../src/compile/session.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { startPostgres, type PostgresServer } from '../../support/postgres.js';
import { ensureAdaptersCompiled } from '../adapters/helpers/compiled-adapters.js';
import { projectWith } from '../../e2e/cli.js';

let server: PostgresServer;
let session: Session;
let adapter: Adapter;

function render(sql: string): string {
  return session.compiler.compile(inlineNode(session, sql), { mode: 'execute' }).sql.trim();
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const [result] = await adapter.connection.execute(sql, { fetch: true });
  return result!.rows.map((row) => Object.fromEntries(result!.columns.map((c, i) => [c.name, row[i]])));
}

const people = "api.Relation.create(database=target.database, schema='public', identifier='people', type='table')";

beforeAll(async () => {
  ensureAdaptersCompiled();
  server = await startPostgres();
  const root = projectWith({
    'project.yml': 'name: shop\nversion: "1"\n',
    'profiles.yml': `shop:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${server.host}\n      port: ${server.port}\n      user: ${server.user}\n      dbname: postgres\n      schema: public\n`,
  });
  session = await openSession({ projectDir: root, partialParse: false });
  adapter = await createAdapter(session.project.profile.target, { threads: 1, projectRoot: root });
  session.parse.runtime.adapter = adapter;
  await adapter.connection.execute(
    ["create table public.people as select 1::integer as id, 'ada'::text as name", 'create view public.people_v as select id from public.people', 'create role reporter', 'create role auditor'],
    { fetch: false },
  );
}, 60_000);

afterAll(async () => {
  await adapter?.close();
  server?.stop();
});

describe('adapters/ macros on PostgreSQL', () => {
  it('the portable defaults list schemas, relations and columns from information_schema', async () => {
    expect(render("{{ 'public' in list_schemas(target.database).columns[0].values() }}")).toBe('True');
    expect(render(`{{ check_schema_exists(${people}.information_schema(), 'public')[0][0] }} {{ check_schema_exists(${people}.information_schema(), 'nope')[0][0] }}`)).toBe('1 0');
    expect(render(`{% for r in list_relations_without_caching(${people}.without_identifier()) | sort(attribute='name') %}{{ r | list }};{% endfor %}`)).toBe(
      "['postgres', 'people', 'public', 'table'];['postgres', 'people_v', 'public', 'view'];",
    );
    expect(render(`{{ get_list_of_column_names(get_columns_in_relation(${people})) }}`)).toBe("['id', 'name']");
    const [typed] = await query("select pg_typeof(1::bigint)::text as a, pg_typeof('x'::text)::text as b");
    expect(render("{% for c in get_column_schema_from_query('select 1::bigint as a, \\'x\\'::text as b') %}{{ c.dtype | lower }} {% endfor %}")).toBe(`${typed!['a']} ${typed!['b']}`);
  });
  it('snapshot_get_time is a timestamp without time zone, as dbt-postgres has it', async () => {
    const [row] = await query(`select pg_typeof(t)::text as type from (${render('select {{ snapshot_get_time() }} as t')}) s`);
    expect(row!['type']).toBe('timestamp without time zone');
  });
  it('alter_relation_comment and alter_column_comment set dollar-quoted comments', async () => {
    await adapter.connection.execute(render(`{{ alter_relation_comment(${people}, "it's $x$") }}`), { fetch: false });
    await adapter.connection.execute(render(`{{ alter_column_comment(${people}, {'name': {'name': 'name', 'description': 'their name'}, 'gone': {'description': 'x'}}) }}`), { fetch: false });
    expect(await query("select obj_description('public.people'::regclass) as t, col_description('public.people'::regclass, 2) as c")).toEqual([{ t: "it's $x$", c: 'their name' }]);
  });
  it('apply_grants grants what is configured and revokes what is not, reading grants back from role_table_grants', async () => {
    const grantees = async () => (await query("select grantee from information_schema.role_table_grants where table_name = 'people' and privilege_type = 'SELECT' and grantee <> current_user order by 1")).map((r) => r['grantee']);
    expect(render(`{{ copy_grants() }} {{ should_revoke(${people}, full_refresh_mode=True) }}`)).toBe('False False');
    render(`{% do apply_grants(${people}, {'SELECT': ['reporter']}, should_revoke=False) %}`);
    expect(await grantees()).toEqual(['reporter']);
    render(`{% do apply_grants(${people}, {'SELECT': ['auditor']}, should_revoke=True) %}`);
    expect(await grantees()).toEqual(['auditor']);
  });
  it('get_create_index_sql creates the index with its access method', async () => {
    await adapter.connection.execute(render(`{{ get_create_index_sql(${people}, {'columns': ['name'], 'type': 'hash'}) }}`), { fetch: false });
    const [index] = await query("select indexdef from pg_indexes where tablename = 'people'");
    expect(String(index!['indexdef'])).toMatch(/USING hash \(name\)/);
  });
});
