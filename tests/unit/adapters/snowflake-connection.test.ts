/**
 * The Snowflake connection through snowflake-sdk against the emulator, for what the shared
 * conformance suite does not cover: the SDK's retries of a 503, sign-in failures with Snowflake's
 * message and kiln's hint (and no secret in them), key-pair sign-in with a key that is not the
 * registered one, query ids, and results larger than one chunk.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../src/adapters/registry.js';
import { startSnowflakeEmulator, type SnowflakeEmulator } from '../../support/snowflakeEmulator/start.js';
import { ensureAdaptersCompiled } from './helpers/compiled-adapters.js';
import { makeTempProject } from './helpers/temp-project.js';

let emulator: SnowflakeEmulator;
const project = makeTempProject('kiln-sf-connection-');

beforeAll(async () => {
  ensureAdaptersCompiled();
  // The first two query requests answer 503: the SDK must retry them.
  emulator = await startSnowflakeEmulator({ databases: ['KILN'], failNext: 2, chunkRows: 100 });
});
afterAll(() => {
  emulator?.stop();
  project.remove();
});

const open = (extra: Record<string, unknown>) => createAdapter(emulator.target({ database: 'KILN', schema: 'PUBLIC', ...extra }), { threads: 1, projectRoot: project.root });

describe('snowflake connection (emulator)', () => {
  it("rides out 503s through the SDK's retries, and reports Snowflake's query id", async () => {
    const adapter = await open({ password: emulator.password });
    try {
      const [result] = await adapter.connection.execute('select 1 as one');
      expect(result!.rows).toEqual([[1]]);
      expect(result!.columns.map((c) => c.name)).toEqual(['ONE']);
      expect(result!.queryId).toMatch(/^[0-9a-f-]{36}$/);
      const stats = (await (await fetch(`http://${emulator.host}:${emulator.port}/__emulator/stats`)).json()) as { retriedRequests: number; failedRequests: number };
      expect(stats).toMatchObject({ failedRequests: 2, retriedRequests: 2 });
    } finally {
      await adapter.close();
    }
  });

  it('reads a result of many chunks, and caps it with maxRows', async () => {
    const adapter = await open({ private_key_path: emulator.privateKeyPath });
    try {
      const [all] = await adapter.connection.execute('select range as n from range(1050) order by n');
      expect(all!.rows).toHaveLength(1050);
      expect(all!.rows[1049]).toEqual([1049]);
      const [capped] = await adapter.connection.execute('select range as n from range(1050) order by n', { maxRows: 150 });
      expect(capped!.rows.map((r) => r[0])).toEqual(Array.from({ length: 150 }, (_, i) => i));
    } finally {
      await adapter.close();
    }
  });

  it("fails to sign in with Snowflake's message and a hint, never the password", async () => {
    const error = await open({ password: 'not-the-password' }).catch((e: Error & { hint?: string }) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Could not connect to Snowflake account KILN_TEST as KILN_USER.*Incorrect username or password/s);
    expect((error as Error).message).toMatch(/Snowflake error 390100/);
    expect(`${(error as Error).message} ${(error as { hint?: string }).hint}`).not.toContain('not-the-password');
    expect((error as { hint?: string }).hint).toMatch(/private key/);
  });

  it('refuses a private key that is not the registered one (the JWT signature is checked)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const other = path.join(project.root, 'other_key.p8');
    writeFileSync(other, privateKey);
    const error = await open({ private_key_path: other }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/JWT token is invalid/);
  });
});
