/**
 * adapter.add_query(sql, auto_begin, bindings, abridge_sql_log) on a real DuckDB: bindings stay
 * bound parameters, the (connection, cursor) pair it returns reads the result, the run file
 * records the statement (abridged when asked), and nothing runs at parse time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberPyformatPlaceholders } from '../../../src/jinja/bindingPlaceholders.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

let db: DuckDbSession;

beforeAll(async () => {
  db = await openDuckDbSession({ 'project.yml': 'name: aq\nversion: "1"\n', 'models/m.sql': 'select 1 as id' });
  await db.run('create or replace table main.notes (id integer, body varchar, on_day date)');
});
afterAll(async () => {
  await db?.close();
});

/** Render `code` as model m at run time, collecting what add_query records. */
function renderRecording(code: string): { sql: string; recorded: string[] } {
  const recorded: string[] = [];
  const node = db.session.manifest.nodes['model.aq.m']!;
  const sql = db.session.compiler.compile(node, { mode: 'execute', code, extra: { __onStatement: (_: string, s: string) => recorded.push(s) } }).sql.trim();
  return { sql, recorded };
}

describe('adapter.add_query', () => {
  it('sends bindings as bound parameters: a value with quotes and a statement in it is stored as written', async () => {
    const hostile = "x'); drop table main.notes; --";
    renderRecording(`{% do adapter.add_query('insert into main.notes values (?, ?, ?), (?, ?, ?)', bindings=[1, "${hostile}", '2024-05-06', 2, none, none]) %}`);
    expect(await db.query('select id, body, cast(on_day as varchar) as on_day from main.notes order by id')).toEqual([
      { id: 1, body: hostile, on_day: '2024-05-06' },
      { id: 2, body: null, on_day: null },
    ]);
  });

  it('returns (connection, cursor): the cursor fetches the rows and describes the columns', () => {
    const { sql } = renderRecording(`{%- set conn, cursor = adapter.add_query('select id, body from main.notes where id >= ? order by id', True, [1]) -%}
{{ conn.state }}|{{ cursor.description | map('first') | join(',') }}|{{ cursor.fetchone()[0] }}|{{ cursor.fetchall() | length }}|{{ cursor.fetchall() | length }}`);
    expect(sql).toBe('open|id,body|1|1|0');
    const { sql: count } = renderRecording("{%- set _, cursor = adapter.add_query('update main.notes set body = ? where id = ?', bindings=['b', 2]) -%}{{ cursor.rowcount }}");
    expect(count).toBe('1');
  });

  it('records each statement for the run file, cut to 512 characters with abridge_sql_log', () => {
    const long = `select 1 as a${' '.repeat(600)}`;
    const { recorded } = renderRecording(`{% do adapter.add_query('select 2 as b') %}{% do adapter.add_query('${long}', abridge_sql_log=True) %}`);
    expect(recorded).toEqual(['select 2 as b', `${long.slice(0, 512)} ...`]);
  });

  it("takes dbt's default %s placeholders too, as numbered parameters; %% is a percent sign", async () => {
    renderRecording(`{% do adapter.add_query("insert into main.notes select %s, %s || '%%', null where 7 %% 4 = 3", bindings=[3, '50']) %}`);
    expect(await db.query('select body from main.notes where id = 3')).toEqual([{ body: '50%' }]);
  });

  it('refuses bindings that are not a list, naming the placeholder', () => {
    expect(() => renderRecording("{% do adapter.add_query('select ?', bindings='x') %}")).toThrowError(/bindings must be a list of values, one per placeholder \(\?\), got string/);
  });

  it('runs nothing at parse time', async () => {
    db.render("{% do adapter.add_query('insert into main.notes values (9, null, null)') %}", 'parse');
    expect(await db.query('select count(*)::int as n from main.notes where id = 9')).toEqual([{ n: 0 }]);
  });
});

describe('numberPyformatPlaceholders', () => {
  it('numbers %s outside quotes and comments, unescapes %%, and leaves ? statements alone', () => {
    expect(numberPyformatPlaceholders("insert into t values (%s, %s) -- %s\n/* %s */ and x like '%%a' and \"%s\" = %s")).toBe(
      "insert into t values ($1, $2) -- %s\n/* %s */ and x like '%a' and \"%s\" = $3",
    );
    expect(numberPyformatPlaceholders("select ? where x like '%%s' and 'it''s %s'")).toBe("select ? where x like '%%s' and 'it''s %s'");
  });
});
