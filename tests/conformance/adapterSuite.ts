/**
 * What every adapter must do, as one suite run against each of them (duckdb.test.ts,
 * postgres.test.ts, …): statements and transactions, relations created, replaced,
 * renamed and dropped, introspection, odd identifiers, value round-trips, seeds from odd
 * CSVs, bulk appends, cursors, the warehouse's own message in errors, and cancellation.
 * Each adapter file supplies a target and a schema of its own; nothing here names a warehouse.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type AdapterTarget } from '../../src/adapters/registry.js';
import type { Adapter, RelationRef } from '../../src/adapters/types.js';
import { KilnError } from '../../src/errors.js';
import { ensureAdaptersCompiled } from '../unit/adapters/helpers/compiled-adapters.js';
import { makeTempProject } from '../unit/adapters/helpers/temp-project.js';

export interface ConformanceTarget {
  target: AdapterTarget;
  /** The database part of relation names on this target. */
  database: string;
  /** A SQL statement that runs for about `seconds` seconds. */
  slowQuery(seconds: number): string;
  /** Odd names the warehouse accepts, where it refuses some of the default ones (BigQuery has no `"` in names). */
  oddNames?: { table: string; columns: string[] };
  /** Called once after the suite. */
  cleanUp?(): void | Promise<void>;
}

export function describeAdapterConformance(name: string, open: () => Promise<ConformanceTarget>): void {
  describe(`adapter conformance: ${name}`, () => {
    const project = makeTempProject('kiln-conformance-');
    let setup: ConformanceTarget;
    let adapter: Adapter;
    const schema = `kiln_conformance_${process.pid}`;
    const relation = (identifier: string): RelationRef => ({ database: setup.database, schema, identifier });
    const sql = (text: string) => adapter.connection.execute(text);
    const rows = async (text: string) => (await sql(text))[0]!.rows;
    const render = (identifier: string) => adapter.dialect.renderRelation(relation(identifier));
    /** The name the warehouse reports for a plain lower-case name (Snowflake folds it to upper case). */
    const named = (name: string) => adapter.dialect.normalizeIdentifier(name);

    beforeAll(async () => {
      ensureAdaptersCompiled();
      setup = await open();
      adapter = await createAdapter(setup.target, { threads: 2, projectRoot: project.root });
      await sql(adapter.dialect.createSchemaSql(setup.database, schema));
    });
    afterAll(async () => {
      await adapter?.close();
      await setup?.cleanUp?.();
      project.remove();
    });

    describe('statements', () => {
      it('runs statements in order on one connection and reports rows changed', async () => {
        const table = render('counted');
        const [, inserted, selected] = await adapter.connection.execute([
          adapter.dialect.createTableSql(relation('counted'), [`${adapter.dialect.quoteIdentifier('n')} ${adapter.dialect.typeName('integer')}`]),
          `INSERT INTO ${table} VALUES (1), (2), (3)`,
          `SELECT count(*) AS n FROM ${table}`,
        ]);
        expect(inserted!.rowsAffected).toBe(3);
        expect(selected!.rows).toEqual([[3]]);
        expect(selected!.columns.map((c) => c.name)).toEqual([named('n')]);
      });

      it('rolls a failed transaction back entirely', async () => {
        const table = render('counted');
        await expect(adapter.connection.execute([`INSERT INTO ${table} VALUES (4)`, 'SELECT no_such_column FROM no_such_table'], { transaction: true })).rejects.toThrow(KilnError);
        expect(await rows(`SELECT count(*) FROM ${table}`)).toEqual([[3]]);
      });

      it('binds parameters', async () => {
        const [[value]] = (await adapter.connection.execute('SELECT $1 || $2', { params: ['kiln', '!'] }))[0]!.rows as [[string]];
        expect(value).toBe('kiln!');
      });

      it('caps fetched rows with maxRows', async () => {
        const [result] = await adapter.connection.execute(`SELECT n FROM ${render('counted')} ORDER BY n`, { maxRows: 2 });
        expect(result!.rows).toEqual([[1], [2]]);
      });
    });

    describe('relations', () => {
      it('creates, replaces, renames and drops tables and views, and lists them', async () => {
        const d = adapter.dialect;
        await adapter.connection.execute([d.createTableAsSql(relation('t_one'), 'SELECT 1 AS a'), d.createTableAsSql(relation('t_one'), "SELECT 2 AS a, 'x' AS b")]);
        expect(await rows(`SELECT a, b FROM ${render('t_one')}`)).toEqual([[2, 'x']]);
        await sql(d.createViewAsSql(relation('v_one'), `SELECT a FROM ${render('t_one')}`));
        // A view replaced by one with other columns (Postgres's CREATE OR REPLACE VIEW alone refuses this).
        await sql(d.createViewAsSql(relation('v_one'), `SELECT b, a * 10 AS a10 FROM ${render('t_one')}`));
        expect(await rows(`SELECT b, a10 FROM ${render('v_one')}`)).toEqual([['x', 20]]);
        await sql(d.renameRelationSql({ ...relation('v_one'), type: 'view' }, 'v_two'));
        const listed = await adapter.connection.listRelations(setup.database, schema);
        const byName = Object.fromEntries(listed.map((r) => [r.identifier, r.type]));
        expect(byName).toMatchObject({ [named('t_one')]: 'table', [named('v_two')]: 'view' });
        expect(byName[named('v_one')]).toBeUndefined();
        await sql(d.dropRelationSql({ ...relation('v_two'), type: 'view' }));
        await sql(d.dropRelationSql({ ...relation('v_two'), type: 'view' })); // dropping what is gone is not an error
        expect((await adapter.connection.listRelations(setup.database, schema)).map((r) => r.identifier)).not.toContain(named('v_two'));
        expect(await adapter.connection.listSchemas(setup.database)).toContain(named(schema));
      });

      it('describes columns and relations in one call, leaving out the missing ones', async () => {
        const d = adapter.dialect;
        await sql(d.createTableSql(relation('described'), [`${d.quoteIdentifier('id')} ${d.typeName('bigint')} NOT NULL`, `${d.quoteIdentifier('label')} ${d.typeName('string')}`]));
        const columns = await adapter.connection.getColumns(relation('described'));
        expect(columns.map((c) => [c.name, c.nullable])).toEqual([[named('id'), false], [named('label'), true]]);
        const described = await adapter.connection.describeRelations([relation('described'), relation('t_one'), relation('missing')]);
        expect(described.map((r) => r.identifier).sort()).toEqual(['described', 't_one']);
        expect(described.find((r) => r.identifier === 'described')!.columns.map((c) => c.name)).toEqual([named('id'), named('label')]);
      });

      it('adds, retypes and drops columns', async () => {
        const d = adapter.dialect;
        await sql(d.addColumnSql(relation('described'), { name: 'score', dataType: d.typeName('integer') }));
        await sql(d.alterColumnTypeSql(relation('described'), 'score', d.typeName('bigint')));
        await sql(d.dropColumnSql(relation('described'), 'label'));
        const columns = await adapter.connection.getColumns(relation('described'));
        expect(columns.map((c) => c.name)).toEqual([named('id'), named('score')]);
        expect(columns[1]!.dataType.toLowerCase()).toBe(d.typeName('bigint').toLowerCase());
      });
    });

    describe('identifiers and values', () => {
      it('quotes odd identifiers: spaces, quotes, mixed case, keywords', async () => {
        const d = adapter.dialect;
        const { table, columns: odd } = setup.oddNames ?? { table: 'Odd "Table"', columns: ['with space', 'quote"inside', 'MixedCase', 'select'] };
        await sql(d.createTableAsSql(relation(table), `SELECT ${odd.map((name, i) => `${i} AS ${d.quoteIdentifier(name)}`).join(', ')}`));
        const columns = await adapter.connection.getColumns(relation(table));
        expect(columns.map((c) => c.name)).toEqual(odd);
        expect(await rows(`SELECT ${odd.map((n) => d.quoteIdentifier(n)).join(', ')} FROM ${render(table)}`)).toEqual([odd.map((_, i) => i)]);
      });

      it('round-trips values as plain JSON-friendly values', async () => {
        const d = adapter.dialect;
        const cast = (value: string, type: string) => d.castSql(value, d.typeName(type));
        const [result] = await adapter.connection.execute(`SELECT
          ${cast('42', 'bigint')} AS small_bigint, ${cast("'9007199254740993'", 'bigint')} AS big_bigint,
          ${cast('1.25', 'numeric')} AS numeric_value, ${cast('0.5', 'float')} AS float_value,
          ${cast("'2024-02-29'", 'date')} AS date_value, ${d.timestampLiteralSql('2024-01-02 03:04:05.123')} AS timestamp_value,
          ${cast(d.quoteString("it's ünïcödé ✓"), 'string')} AS text_value, ${cast('true', 'boolean')} AS boolean_value, ${cast('NULL', 'integer')} AS null_value`);
        expect(result!.rows).toEqual([[42, '9007199254740993', 1.25, 0.5, '2024-02-29', '2024-01-02T03:04:05.123', "it's ünïcödé ✓", true, null]]);
      });
    });

    describe('bulk paths', () => {
      it('loads seeds from odd CSVs: quotes, embedded newlines and delimiters, empty values as NULL, a BOM', async () => {
        const file = path.join(project.root, 'odd.csv');
        writeFileSync(file, '\uFEFFid,name,amount,day\n1,"Smith, Jane",1.5,2024-01-01\n2,"line one\nline two",,2024-01-02\n3,"say ""hi""",3,\n');
        const loaded = await adapter.connection.loadCsv!(relation('odd_seed'), 'odd.csv', { delimiter: ',', columnTypes: {}, quoteColumns: false, replace: true });
        expect(loaded.rowsAffected).toBe(3);
        const d = adapter.dialect;
        expect(await rows(`SELECT id, name, amount, ${d.castSql('day', d.typeName('string'))} FROM ${render('odd_seed')} ORDER BY id`)).toEqual([
          [1, 'Smith, Jane', 1.5, '2024-01-01'],
          [2, 'line one\nline two', null, '2024-01-02'],
          [3, 'say "hi"', 3, null],
        ]);
        // Reloading a changed file replaces the table, new columns and all.
        writeFileSync(file, 'id,other\n7,x\n');
        await adapter.connection.loadCsv!(relation('odd_seed'), 'odd.csv', { delimiter: ',', columnTypes: { id: d.typeName('string') }, quoteColumns: false, replace: true });
        expect(await rows(`SELECT * FROM ${render('odd_seed')}`)).toEqual([['7', 'x']]);
      });

      it('appends column-major rows, vectors included', async () => {
        const d = adapter.dialect;
        await sql(d.createTableSql(relation('appended'), [`${d.quoteIdentifier('id')} ${d.typeName('bigint')}`, `${d.quoteIdentifier('body')} ${d.typeName('string')}`, `${d.quoteIdentifier('embedding')} ${d.vectorTypeName(3)}`]));
        const count = 2_500;
        const ids = Array.from({ length: count }, (_, i) => i);
        await adapter.connection.appendColumns!(relation('appended'), [ids, ids.map((i) => (i % 10 === 0 ? null : `row ${i}`)), ids.map((i) => new Float32Array([i, 0.5, -1]))]);
        expect(await rows(`SELECT count(*), count(body), sum(id) FROM ${render('appended')}`)).toEqual([[count, count - 250, (count * (count - 1)) / 2]]);
        const [[vector]] = (await rows(`SELECT embedding FROM ${render('appended')} WHERE id = 7`)) as [[number[]]];
        expect(vector).toEqual([7, 0.5, -1]);
      });

      it('streams a query through a cursor in batches', async () => {
        const cursor = await adapter.connection.openCursor!(`SELECT id FROM ${render('appended')} ORDER BY id`);
        expect(cursor.columns.map((c) => c.name)).toEqual([named('id')]);
        let seen = 0;
        for (;;) {
          const batch = await adapter.connection.readCursor!(cursor.id, 1_000);
          if (batch.rowCount === 0) break;
          expect(batch.columns[0]![0]).toBe(seen);
          seen += batch.rowCount;
        }
        expect(seen).toBe(2_500);
      });
    });

    describe('failures', () => {
      it("surfaces the warehouse's own message", async () => {
        const error = await sql(`SELECT missing_column FROM ${render('counted')}`).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(KilnError);
        expect((error as Error).message).toMatch(/missing_column/i);
      });

      it('cancels a running statement by its tag', async () => {
        const started = Date.now();
        const outcome = adapter.connection.execute(setup.slowQuery(30), { tag: 'model.slow' }).then(
          () => new Error('the statement finished instead of being cancelled'),
          (error: unknown) => error as Error,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        await adapter.connection.cancel('model.slow');
        expect((await outcome).message).toMatch(/cancel|interrupt/i);
        expect(Date.now() - started).toBeLessThan(10_000);
        // The connection is usable afterwards.
        expect(await rows('SELECT 1')).toEqual([[1]]);
      });
    });
  });
}
