/**
 * load_agate_table(): a seed's CSV as an agate-like table (kinds and values as dbt's type tester
 * gives them), adapter.convert_type's warehouse types for it, and dbt's seed helpers
 * (create_csv_table, load_csv_rows through adapter.add_query) loading it into a real DuckDB.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertAgateType } from '../../../src/jinja/agateTypes.js';
import { KilnError } from '../../../src/errors.js';
import { loadSeedTable } from '../../../src/materializations/seedTable.js';
import { openDuckDbSession, type DuckDbSession } from '../jinja/duckdbSession.js';
import { DuckDbDialect } from '../../../src/adapters/duckdb/dialect.js';

const csv = [
  'id,price,day,at,iso_at,flag,code,note,mixed_at,empty',
  '1,1.50,2024-01-02,2024-01-02 03:04:05,2024-01-02T03:04:05Z,true,007,hello,2024-01-02 03:04:05,',
  '2,2,2024-1-3,2024-01-03 00:00:00,2024-01-03T00:00,FALSE,010,NULL,2024-01-03T00:00:00,',
  '3,,,,,,,"a, b",,null',
].join('\n');

let db: DuckDbSession;
let seedFile: string;

beforeAll(async () => {
  db = await openDuckDbSession({
    'project.yml': 'name: st\nversion: "1"\n',
    'seeds/things.csv': `${csv}\n`,
    'seeds/schema.yml': 'version: 2\nseeds:\n  - name: things\n    config:\n      column_types: {code: varchar}\n',
  });
  seedFile = join(db.session.project.root, 'seeds/things.csv');
});
afterAll(async () => {
  await db?.close();
});

describe('loadSeedTable', () => {
  it("gives each column the first of agate's kinds all its values parse as, with values cast to it", () => {
    const table = loadSeedTable(seedFile, 'seeds/things.csv', { delimiter: ',', columnTypes: { code: 'varchar' } });
    expect(table.column_names).toEqual(['id', 'price', 'day', 'at', 'iso_at', 'flag', 'code', 'note', 'mixed_at', 'empty']);
    // A datetime column must use one spelling throughout (agate tries its two datetime types apart); an all-NULL column is a Number.
    expect(table.column_types).toEqual(['Number', 'Number', 'Date', 'DateTime', 'DateTime', 'Boolean', 'Text', 'Text', 'Text', 'Number']);
    expect(table.rows.map((r) => [...r])).toEqual([
      [1, 1.5, '2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05Z', true, '007', 'hello', '2024-01-02 03:04:05', null],
      [2, 2, '2024-01-03', '2024-01-03 00:00:00', '2024-01-03T00:00', false, '010', null, '2024-01-03T00:00:00', null],
      [3, null, null, null, null, null, null, 'a, b', null, null],
    ]);
    expect(table.rows[0]!['code']).toBe('007');
    expect(table.original_abspath).toBe(seedFile);
  });

  it('--empty keeps the columns and drops the rows; column_types naming no column is reported', () => {
    const warnings: string[] = [];
    const table = loadSeedTable(seedFile, 'seeds/things.csv', { delimiter: ',', columnTypes: { nope: 'int', code: 'varchar' }, empty: true, warn: (m) => warnings.push(m) });
    expect([table.column_names.length, table.rows.length]).toEqual([10, 0]);
    expect(warnings).toEqual(['seeds/things.csv: column_types names columns the file does not have (nope); those entries are ignored']);
  });

  it('big whole numbers stay exact; a semicolon-delimited file splits on the delimiter', () => {
    const file = join(db.session.project.root, 'big.csv');
    writeFileSync(file, 'n;m\n9007199254740993;1e3\n');
    const table = loadSeedTable(file, 'big.csv', { delimiter: ';', columnTypes: {} });
    expect(table.rows[0]!.map((v) => v)).toEqual([9007199254740993n, 1000]);
  });
});

describe('adapter.convert_type', () => {
  const dialect = new DuckDbDialect();
  it("maps agate's kinds as dbt's SQL adapters do, named by the dialect: a Number with a fraction is a float, else an integer", () => {
    const table = loadSeedTable(seedFile, 'seeds/things.csv', { delimiter: ',', columnTypes: { code: 'varchar' } });
    expect(table.column_names.map((_, i) => convertAgateType(table, i, dialect))).toEqual(['INTEGER', 'DOUBLE', 'DATE', 'TIMESTAMP', 'TIMESTAMP', 'BOOLEAN', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'INTEGER']);
  });
  it('reads a run_query table by its warehouse types; refuses what is not a table', () => {
    expect(db.render("{% set t = run_query('select 1::bigint as a, 1.5::double as b, 2.0::double as c, true as d, current_date as e, now()::timestamp as f, \\'x\\' as g') %}{% for i in range(7) %}{{ adapter.convert_type(t, i) }} {% endfor %}")).toBe(
      'INTEGER DOUBLE INTEGER BOOLEAN DATE TIMESTAMP VARCHAR',
    );
    expect(() => convertAgateType([], 0, dialect)).toThrowError(KilnError);
    expect(() => db.render("{{ adapter.convert_type(run_query('select 1 as a'), 3) }}")).toThrowError(/column 3 is out of range; the table has 1 columns \(a\)/);
  });
});

describe("dbt's seed helpers on a load_agate_table() table", () => {
  it('create_csv_table and load_csv_rows create the table and insert every row with bound values, in batches', async () => {
    const node = db.session.manifest.nodes['seed.st.things']!;
    const table = loadSeedTable(seedFile, 'seeds/things.csv', { delimiter: ',', columnTypes: { code: 'varchar' } });
    const recorded: string[] = [];
    const code = `{%- set t = load_agate_table() -%}
{{ create_csv_table(model, t) }}
--
{{ load_csv_rows(model, t) }}`;
    await db.run('drop table if exists main.things');
    const sql = db.session.compiler.compile(node, { mode: 'execute', code, extra: { load_agate_table: () => table, get_batch_size: () => 2, __onStatement: (_: string, s: string) => recorded.push(s) } }).sql;
    const [create, insert] = sql.split('\n--\n').map((s) => s.trim());
    expect(create).toMatch(/^create table "main"."things" \("id" INTEGER, "price" DOUBLE, "day" DATE, "at" TIMESTAMP, "iso_at" TIMESTAMP, "flag" BOOLEAN, "code" varchar, "note" VARCHAR, "mixed_at" VARCHAR, "empty" INTEGER\)$/);
    // load_csv_rows returns the first batch's insert; each batch ran through add_query and is recorded for the run file.
    expect(insert).toBe(`insert into "main"."things" ("id", "price", "day", "at", "iso_at", "flag", "code", "note", "mixed_at", "empty") values (${Array(10).fill('?').join(', ')}), (${Array(10).fill('?').join(', ')})`);
    expect(recorded.filter((s) => s.startsWith('insert into'))).toHaveLength(2);
    expect(await db.query("select id, price, cast(day as varchar) as day, cast(iso_at as varchar) as iso_at, flag, code, note from main.things order by id")).toEqual([
      { id: 1, price: 1.5, day: '2024-01-02', iso_at: '2024-01-02 03:04:05', flag: true, code: '007', note: 'hello' },
      { id: 2, price: 2, day: '2024-01-03', iso_at: '2024-01-03 00:00:00', flag: false, code: '010', note: null },
      { id: 3, price: null, day: null, iso_at: null, flag: null, code: null, note: 'a, b' },
    ]);
  });

  it("dbt-duckdb's fast path works too: COPY from adapter.get_seed_file_path(model) through add_query", async () => {
    const node = db.session.manifest.nodes['seed.st.things']!;
    const table = loadSeedTable(seedFile, 'seeds/things.csv', { delimiter: ',', columnTypes: { code: 'varchar' } });
    const code = `{%- set t = adapter.convert_datetimes_to_strs(load_agate_table()) -%}
{%- do create_csv_table(model, t) -%}
{%- do adapter.add_query("copy " ~ this.render() ~ " from '" ~ adapter.get_seed_file_path(model) ~ "' (format csv, header true, nullstr ['', 'null'])", abridge_sql_log=True) -%}`;
    await db.run('drop table if exists main.things');
    db.session.compiler.compile(node, { mode: 'execute', code, extra: { load_agate_table: () => table } });
    expect(await db.query('select id, code from main.things order by id')).toEqual([{ id: 1, code: '007' }, { id: 2, code: '010' }, { id: 3, code: null }]);
  });
});
