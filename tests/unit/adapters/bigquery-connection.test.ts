/**
 * What the BigQuery adapter does through the SDK that the shared suite does not look at, on the
 * emulator: the signed service-account JWT the emulator checks, cost statistics, results read
 * page by page, the SDK's retry of HTTP 503, job_retries for a job that failed transiently,
 * maximum_bytes_billed, and the default dataset for unqualified names.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type AdapterTarget } from '../../../src/adapters/registry.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../support/bigqueryEmulator/start.js';
import { ensureAdaptersCompiled } from './helpers/compiled-adapters.js';
import { makeTempProject } from './helpers/temp-project.js';

const dataset = 'kiln_sdk_checks';
let emulator: BigQueryEmulator;
let adapter: Adapter;
const project = makeTempProject('kiln-bigquery-');
const open = (extra: Record<string, unknown> = {}) => createAdapter(emulator.target(dataset, extra) as AdapterTarget, { threads: 1, projectRoot: project.root });
const table = () => adapter.dialect.renderRelation({ database: emulator.project, schema: dataset, identifier: 'numbers' });

beforeAll(async () => {
  ensureAdaptersCompiled();
  emulator = await startBigQueryEmulator();
  adapter = await open();
  await adapter.connection.execute([adapter.dialect.createSchemaSql(emulator.project, dataset), `CREATE OR REPLACE TABLE ${table()} AS SELECT n, CONCAT('row ', CAST(n AS STRING)) AS label FROM UNNEST(GENERATE_ARRAY(1, 2500)) AS n`]);
}, 60_000);
afterAll(async () => {
  await adapter?.close();
  emulator?.stop();
  project.remove();
});

describe('bigquery through the SDK', () => {
  it('reports what a job cost and its job id, and the rows a CREATE TABLE … AS made', async () => {
    const [created] = await adapter.connection.execute(`CREATE OR REPLACE TABLE ${adapter.dialect.renderRelation({ database: emulator.project, schema: dataset, identifier: 'copy' })} AS SELECT * FROM ${table()}`);
    expect(created!.rowsAffected).toBe(2500);
    const [result] = await adapter.connection.execute(`SELECT sum(n) FROM ${table()}`);
    expect(result!.rows).toEqual([[(2500 * 2501) / 2]]);
    expect(result!.bytesProcessed).toBeGreaterThan(0);
    expect(result!.bytesBilled).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    expect(result!.slotMs).toBeGreaterThanOrEqual(0);
    expect(result!.queryId).toMatch(/^kiln_/);
  });

  it('reads a large result page by page (pageToken), in order', async () => {
    const before = (await emulator.counts())['GET projects/*/queries/*'] ?? 0;
    const [result] = await adapter.connection.execute(`SELECT n, label FROM ${table()} ORDER BY n`);
    expect(result!.rows).toHaveLength(2500);
    expect(result!.rows[2499]).toEqual([2500, 'row 2500']);
    // page_size 200: at least 13 pages.
    expect(((await emulator.counts())['GET projects/*/queries/*'] ?? 0) - before).toBeGreaterThanOrEqual(13);
  });

  it('resolves unqualified names in the target dataset (the jobs default dataset)', async () => {
    expect((await adapter.connection.execute('SELECT count(*) FROM numbers'))[0]!.rows).toEqual([[2500]]);
  });

  it('lets the SDK retry a request that met a 503', async () => {
    const before = (await emulator.counts())['POST projects/*/jobs'] ?? 0;
    await emulator.faults({ http: 1, status: 503 });
    expect((await adapter.connection.execute('SELECT 1'))[0]!.rows).toEqual([[1]]);
    expect(((await emulator.counts())['POST projects/*/jobs'] ?? 0) - before).toBe(2);
  });

  it('runs a job again after a transient failure (job_retries), and reports it when retries run out', async () => {
    await emulator.faults({ jobs: 1, reason: 'backendError' });
    expect((await adapter.connection.execute('SELECT 2'))[0]!.rows).toEqual([[2]]);
    const strict = await open({ job_retries: 0 });
    try {
      await emulator.faults({ jobs: 1, reason: 'backendError' });
      await expect(strict.connection.execute('SELECT 3')).rejects.toThrow(/reason: backendError/);
    } finally {
      await strict.close();
    }
  });

  it('sends maximum_bytes_billed with each job and says plainly when a query would exceed it', async () => {
    const capped = await open({ maximum_bytes_billed: 1000 });
    try {
      const error = (await capped.connection.execute(`SELECT * FROM ${table()}`).catch((e: unknown) => e)) as Error & { hint?: string };
      expect(error.message).toMatch(/exceeded limit for bytes billed: 1000.*reason: bytesBilledLimitExceeded/s);
      expect(error.hint).toMatch(/maximum_bytes_billed/);
      // A statement that reads no table bills nothing.
      expect((await capped.connection.execute('SELECT 4'))[0]!.rows).toEqual([[4]]);
    } finally {
      await capped.close();
    }
  });

  it('is refused with a key the service does not know, and says to check the credentials', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const key = { ...(JSON.parse(emulator.keyfileJson) as Record<string, string>), private_key: privateKey };
    const stranger = await open({ keyfile_json: JSON.stringify(key) });
    try {
      const error = (await stranger.connection.execute('SELECT 1').catch((e: unknown) => e)) as Error & { hint?: string };
      expect(error.message).toMatch(/invalid authentication credentials/);
      expect(error.hint).toMatch(/credentials/);
      expect(`${error.message} ${error.hint}`).not.toContain('PRIVATE KEY');
    } finally {
      await stranger.close();
    }
  });

  it("runs DML in one transaction script, each statement's rows counted from its child job", async () => {
    const target = adapter.dialect.renderRelation({ database: emulator.project, schema: dataset, identifier: 'tx' });
    await adapter.connection.execute(`CREATE OR REPLACE TABLE ${target} (n INT64)`);
    const results = await adapter.connection.execute([`-- two rows\nINSERT INTO ${target} VALUES (1), (2)`, `UPDATE ${target} SET n = n + 10 WHERE n > 1`], { transaction: true });
    expect(results.map((r) => r.rowsAffected)).toEqual([2, 1]);
    expect((await adapter.connection.execute(`SELECT n FROM ${target} ORDER BY n`))[0]!.rows).toEqual([[1], [12]]);
  });

  it('builds a partitioned, clustered, labelled table from model config', async () => {
    const relation = { database: emulator.project, schema: dataset, identifier: 'partitioned' };
    const config = { partition_by: { field: 'at', data_type: 'timestamp', granularity: 'day' }, cluster_by: 'n', labels: { team: 'data' } };
    const sql = (adapter.dialect as unknown as { createTableAsSql(r: typeof relation, s: string, o: object): string }).createTableAsSql(relation, `SELECT n, TIMESTAMP '2024-01-01 00:00:00' AS at FROM ${table()}`, { config });
    const [created] = await adapter.connection.execute(sql);
    expect(created!.rowsAffected).toBe(2500);
  });

  it('describes relations with their row counts in one query', async () => {
    const [described] = await adapter.connection.describeRelations([{ database: emulator.project, schema: dataset, identifier: 'numbers' }]);
    expect(described).toMatchObject({ identifier: 'numbers', type: 'table', rowCount: 2500 });
    expect(described!.columns.map((c) => [c.name, c.dataType])).toEqual([['n', 'INT64'], ['label', 'STRING']]);
  });
});
