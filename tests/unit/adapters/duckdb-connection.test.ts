/** The DuckDB adapter through the bridge, on database files in a temp project. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnError } from '../../../src/errors.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { DEFAULT_DUCKDB_TARGET } from '../../../src/adapters/duckdb/target.js';
import type { Adapter, CsvLoadOptions } from '../../../src/adapters/types.js';
import { ensureAdaptersCompiled } from './helpers/compiled-adapters.js';
import { makeTempProject } from './helpers/temp-project.js';

const project = makeTempProject();
let adapter: Adapter;
const csvDefaults: CsvLoadOptions = { delimiter: ',', columnTypes: {}, quoteColumns: false, replace: true };

beforeAll(async () => {
  ensureAdaptersCompiled();
  adapter = await createAdapter({ ...DEFAULT_DUCKDB_TARGET, path: 'nested/dir/kiln.duckdb' }, { threads: 2, projectRoot: project.root });
});
afterAll(async () => {
  await adapter?.close();
  project.remove();
});

const query = (sql: string) => adapter.syncConnection.execute(sql)[0]!;

describe('DuckDB file database', () => {
  it('creates the file under the project root, with the catalog named after it', () => {
    expect(existsSync(path.join(project.root, 'nested/dir/kiln.duckdb'))).toBe(true);
    expect(query('select current_database()').rows).toEqual([['kiln']]);
  });

  it('converts DuckDB values to plain, cloneable values', () => {
    const { rows, columns } = query(`select
      1::bigint a, 9007199254740993::bigint big, 1.25::decimal(10,2) d, date '2024-01-02' dt,
      timestamp '2024-01-02 03:04:05.123' ts, timestamptz '2024-01-02 03:04:05+00' tz,
      [1, 2] l, [1.5, 2.5]::float[2] arr, {'x': 1, 'y': 'a'} s, '\\x01\\x02'::blob bl, null::int n, true b`);
    expect(rows[0]).toEqual([
      1, '9007199254740993', 1.25, '2024-01-02', '2024-01-02T03:04:05.123', '2024-01-02T03:04:05Z',
      [1, 2], [1.5, 2.5], { x: 1, y: 'a' }, 'AQI=', null, true,
    ]);
    expect(columns.find((c) => c.name === 'd')!.dataType).toBe('DECIMAL(10,2)');
  });

  it('reports rows affected, skips rows with fetch:false and caps them with maxRows', async () => {
    const [created, inserted, updated] = await adapter.connection.execute(
      ['create or replace table counts as select range as n from range(5)', 'insert into counts select 99', 'update counts set n = n + 1 where n < 3'],
    );
    expect(created!.rowsAffected).toBe(5);
    expect(inserted!.rowsAffected).toBe(1);
    expect(updated!.rowsAffected).toBe(3);
    const [unfetched] = await adapter.connection.execute('select * from counts', { fetch: false });
    expect(unfetched!.rows).toEqual([]);
    expect(unfetched!.columns.map((c) => c.name)).toEqual(['n']);
    const [capped] = await adapter.connection.execute('select * from range(100000)', { maxRows: 3 });
    expect(capped!.rows).toEqual([[0], [1], [2]]);
  });

  it('rolls a failed transaction back, leaving the data as it was', async () => {
    await adapter.connection.execute(['create or replace table ledger (id int)', 'insert into ledger values (1)']);
    await expect(
      adapter.connection.execute(['insert into ledger values (2)', 'drop table ledger', 'insert into missing values (3)'], { transaction: true }),
    ).rejects.toThrow(/missing does not exist/);
    expect(query('select * from ledger').rows).toEqual([[1]]);
    await adapter.connection.execute(['insert into ledger values (2)', 'insert into ledger values (3)'], { transaction: true });
    expect(query('select count(*) from ledger').rows).toEqual([[3]]);
  });

  it('lists schemas, relations and columns', async () => {
    await adapter.connection.execute([
      'create schema if not exists staging',
      'create or replace table staging.orders (id integer not null, amount decimal(18,3), placed_at timestamp)',
      'create or replace view staging.big_orders as select * from staging.orders where amount > 100',
    ]);
    expect(adapter.syncConnection.listSchemas('kiln')).toEqual(expect.arrayContaining(['main', 'staging']));
    const relations = await adapter.connection.listRelations('kiln', 'staging');
    expect(relations).toEqual([
      { database: 'kiln', schema: 'staging', identifier: 'big_orders', type: 'view' },
      { database: 'kiln', schema: 'staging', identifier: 'orders', type: 'table' },
    ]);
    expect(adapter.syncConnection.getColumns({ database: 'kiln', schema: 'staging', identifier: 'ORDERS' })).toEqual([
      { name: 'id', dataType: 'INTEGER', nullable: false },
      { name: 'amount', dataType: 'DECIMAL(18,3)', nullable: true },
      { name: 'placed_at', dataType: 'TIMESTAMP', nullable: true },
    ]);
    expect(await adapter.connection.getColumns({ database: 'kiln', schema: 'staging', identifier: 'nope' })).toEqual([]);
  });

  it("reads a temporary table's columns, which win over a table of the same name, as DuckDB resolves names", () => {
    const staged = { database: 'kiln', schema: 'main', identifier: 'staged' };
    query('create or replace table main.staged (kept integer)');
    query('create or replace temporary table staged (change_type varchar, id integer)');
    expect(adapter.syncConnection.getColumns(staged).map((c) => c.name)).toEqual(['change_type', 'id']);
    query('drop table temp.main.staged');
    expect(adapter.syncConnection.getColumns(staged).map((c) => c.name)).toEqual(['kept']);
  });

  it('runs the SQL its own dialect builds', async () => {
    const orders = { database: 'kiln', schema: 'main', identifier: 'dialect_orders' };
    await adapter.connection.execute([
      adapter.dialect.createSchemaSql('kiln', 'main'),
      adapter.dialect.createTableAsSql({ ...orders, identifier: 'dialect_orders__tmp' }, 'select 1 as id'),
      adapter.dialect.renameRelationSql({ ...orders, identifier: 'dialect_orders__tmp', type: 'table' }, 'dialect_orders'),
      adapter.dialect.createViewAsSql({ ...orders, identifier: 'dialect_view' }, `select ${adapter.dialect.hashSql('id')} as h from ${adapter.dialect.renderRelation(orders)}`),
      adapter.dialect.createTableAsSql({ ...orders, identifier: 'contracted' }, 'select 1 as id, 2 as extra', {
        contractColumns: [{ name: 'id', dataType: 'BIGINT', nullable: false }],
      }),
    ], { transaction: true });
    expect(query('select length(h) from dialect_view').rows).toEqual([[32]]);
    expect(adapter.syncConnection.getColumns({ ...orders, identifier: 'contracted' })).toEqual([{ name: 'id', dataType: 'BIGINT', nullable: false }]);
    await adapter.connection.execute(adapter.dialect.dropRelationSql({ ...orders, identifier: 'dialect_view', type: 'view' }));
    expect(query(adapter.dialect.limitZeroSql('select 1 as x')).rows).toEqual([]);
  });
});

describe('loadCsv', () => {
  const seed = { database: 'kiln', schema: 'seeds', identifier: 'customers' };

  it('loads with a delimiter and column type overrides', async () => {
    writeFileSync(path.join(project.root, 'customers.csv'), 'id;name;zip\n1;Ann;01234\n2;Bob;98765\n');
    const result = await adapter.connection.loadCsv!(seed, 'customers.csv', { ...csvDefaults, delimiter: ';', columnTypes: { zip: 'VARCHAR' } });
    expect(result.rowsAffected).toBe(2);
    expect(adapter.syncConnection.getColumns(seed).map((c) => [c.name, c.dataType])).toEqual([
      ['id', 'BIGINT'],
      ['name', 'VARCHAR'],
      ['zip', 'VARCHAR'],
    ]);
    expect(query('select zip from seeds.customers order by id').rows).toEqual([['01234'], ['98765']]);
  });

  it('replaces atomically, and a failed load leaves the old table intact', async () => {
    writeFileSync(path.join(project.root, 'customers2.csv'), 'id,name,zip\n3,Cy,11111\n');
    await adapter.syncConnection.loadCsv(seed, 'customers2.csv', { ...csvDefaults, columnTypes: { zip: 'VARCHAR' } });
    expect(query('select id, zip from seeds.customers').rows).toEqual([[3, '11111']]);

    await expect(
      adapter.connection.loadCsv!(seed, 'customers2.csv', { ...csvDefaults, columnTypes: { no_such_column: 'VARCHAR' } }),
    ).rejects.toThrow(/no_such_column/);
    await expect(adapter.connection.loadCsv!(seed, 'missing.csv', csvDefaults)).rejects.toBeInstanceOf(KilnError);
    expect(query('select id, zip from seeds.customers').rows).toEqual([[3, '11111']]);
    const leftovers = (await adapter.connection.listRelations('kiln', 'seeds')).map((r) => r.identifier);
    expect(leftovers).toEqual(['customers']);
  });

  it('appends by column name without replace, and reads headerless files', async () => {
    writeFileSync(path.join(project.root, 'more.csv'), 'zip,id,name\n22222,4,Di\n');
    const appended = await adapter.connection.loadCsv!(seed, 'more.csv', { ...csvDefaults, replace: false, columnTypes: { zip: 'VARCHAR' } });
    expect(appended.rowsAffected).toBe(1);
    expect(query('select id, zip from seeds.customers order by id').rows).toEqual([[3, '11111'], [4, '22222']]);

    writeFileSync(path.join(project.root, 'bare.csv'), '1|x\n2|y\n');
    await adapter.connection.loadCsv!({ ...seed, identifier: 'bare' }, 'bare.csv', { ...csvDefaults, delimiter: '|', header: false });
    expect(query('select * from seeds.bare order by 1').rows).toEqual([[1, 'x'], [2, 'y']]);
  });
});

describe('appendColumns (the Appender)', () => {
  const relation = { database: 'kiln', schema: 'main', identifier: 'appended' };
  it('appends scalar rows, converting each value to its column type', async () => {
    await adapter.connection.execute('create table main.appended (s varchar, i integer, b bigint, d double, ok boolean, ts timestamp, day date)', { fetch: false });
    const n = await adapter.connection.appendColumns!(relation, [
      ['a', null],
      [1, null],
      [2 ** 40, null],
      [1.5, null],
      [true, null],
      ['2024-01-02T03:04:05.000Z', null],
      ['2024-01-02', null],
    ]);
    expect(n).toBe(2);
    const [result] = await adapter.connection.execute('select s, i, b, d, ok, cast(ts as varchar) as ts, cast(day as varchar) as day from main.appended order by s nulls last');
    expect(result!.rows).toEqual([
      ['a', 1, 2 ** 40, 1.5, true, '2024-01-02 03:04:05', '2024-01-02'],
      [null, null, null, null, null, null, null],
    ]);
  });
  it('appends nothing from a batch with a missing value or column, and says which', async () => {
    const good = [['x', 'y'], [1, 2], [1, 2], [1, 2], [true, false], [null, null], [null, null]];
    await expect(adapter.connection.appendColumns!(relation, good.map((values, i) => (i === 3 ? [1] : values)))).rejects.toThrow(/column 4 has 1 values, but column 1 has 2/);
    await expect(adapter.connection.appendColumns!(relation, good.slice(0, 5))).rejects.toThrow(/the rows have 5 values each, but appended has 7 columns/);
    await expect(adapter.connection.appendColumns!(relation, good.map((values, i) => (i === 1 ? [1, 'two'] : values)))).rejects.toThrow(/row 2, column 2 of appended: 'two' is not a number/);
    const [result] = await adapter.connection.execute("select count(*) from main.appended where s = 'x'");
    expect(result!.rows).toEqual([[0]]);
  });
});

describe('appendColumns into vector columns', () => {
  const relation = { database: 'kiln', schema: 'main', identifier: 'vectors' };
  it('fills FLOAT[n] from Float32Array and number[], and refuses a wrong length', async () => {
    await adapter.connection.execute('create table main.vectors (id integer, embedding FLOAT[3])', { fetch: false });
    await adapter.connection.appendColumns!(relation, [[1, 2], [new Float32Array([0.5, 1, -2]), [1, 2, 3]]]);
    const [result] = await adapter.connection.execute('select id, embedding from main.vectors order by id');
    expect(result!.rows).toEqual([[1, [0.5, 1, -2]], [2, [1, 2, 3]]]);
    await expect(adapter.connection.appendColumns!(relation, [[3], [[1, 2]]])).rejects.toThrow(/row 1, column 2 of vectors: the array has 2 numbers, the column holds 3/);
  });
  it('refuses a value that does not fit its column instead of truncating it', async () => {
    await expect(adapter.connection.appendColumns!(relation, [[1.5], [[1, 2, 3]]])).rejects.toThrow(/1\.5 is not a whole number \(the column is INTEGER\)/);
  });
});

describe('cursors', () => {
  it('streams a query in batches, column by column, and closes at the end', async () => {
    const cursor = await adapter.connection.openCursor!('select i as n, i::varchar as s from range(5000) t(i) order by i');
    expect(cursor.columns.map((c) => c.name)).toEqual(['n', 's']);
    const sizes: number[] = [];
    let last: unknown;
    for (;;) {
      const batch = await adapter.connection.readCursor!(cursor.id, 2048);
      if (batch.rowCount === 0) break;
      sizes.push(batch.rowCount);
      last = batch.columns[1]![batch.rowCount - 1];
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(sizes.length).toBeGreaterThan(1);
    expect(last).toBe('4999');
    await expect(adapter.connection.readCursor!(cursor.id, 10)).rejects.toThrow(/is not open/);
  });
  it('reports a bad query when it is opened', async () => {
    await expect(adapter.connection.openCursor!('select * from no_such_table')).rejects.toThrow(/no_such_table/);
  });
});

describe('DuckDB target options', () => {
  it('attaches other database files, applies settings and loads extensions', async () => {
    const other = await createAdapter({ type: 'duckdb', path: 'other.duckdb' }, { threads: 1, projectRoot: project.root });
    await other.connection.execute('create table facts as select 1 as id');
    await other.close();

    const configured = await createAdapter(
      {
        type: 'duckdb',
        path: ':memory:',
        attach: [{ path: 'other.duckdb', alias: 'ext', read_only: true }],
        settings: { threads: 1, default_order: 'desc' },
        extensions: ['json'],
      },
      { threads: 2, projectRoot: project.root },
    );
    try {
      const run = (sql: string) => configured.syncConnection.execute(sql)[0]!.rows;
      expect(run('select id from ext.main.facts')).toEqual([[1]]);
      expect(configured.dialect.renderRelation({ database: 'ext', schema: 'main', identifier: 'facts' })).toBe('"ext"."main"."facts"');
      expect(configured.syncConnection.listRelations('ext', 'main').map((r) => r.identifier)).toEqual(['facts']);
      expect(() => run('insert into ext.main.facts values (2)')).toThrow(/read-only/);
      // settings reach every pooled connection
      const settings = await Promise.all([1, 2].map(() => configured.connection.execute("select current_setting('default_order')")));
      expect(settings.map(([r]) => r!.rows[0]![0])).toEqual(['DESC', 'DESC']);
      expect(run(`select '{"a": 1}'::json ->> 'a'`)).toEqual([['1']]);
    } finally {
      await configured.close();
    }
  });

  it('reports a database it cannot open as a KilnError', async () => {
    writeFileSync(path.join(project.root, 'not-a-db.duckdb'), 'this is not a duckdb file');
    await expect(createAdapter({ type: 'duckdb', path: 'not-a-db.duckdb' }, { threads: 1, projectRoot: project.root })).rejects.toThrow(
      /Could not open the DuckDB database/,
    );
    await expect(
      createAdapter({ type: 'duckdb', path: ':memory:', settings: { 'bad name': 1 } }, { threads: 1, projectRoot: project.root }),
    ).rejects.toBeInstanceOf(KilnError);
  });
});
