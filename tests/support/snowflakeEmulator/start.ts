/**
 * Starts the Snowflake emulator (server.ts) in a process of its own for a test file, with one
 * account, a user who has both a password and a registered RSA public key (its private key
 * written to a temp file for the profile's private_key_path), and the databases asked for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorConfig } from './server.js';

export interface SnowflakeEmulator {
  host: string;
  port: number;
  account: string;
  user: string;
  password: string;
  /** A PEM file of the user's private key (PKCS#8, unencrypted). */
  privateKeyPath: string;
  /** The profile fields that reach the emulator (host, port, protocol, account, user). */
  target(extra: Record<string, unknown>): { type: 'snowflake'; [key: string]: unknown };
  /** The distinct notes of SQL the emulator ran that Snowflake would refuse (see server.ts). */
  refusals(): string[];
  stop(): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

export async function startSnowflakeEmulator(options: { databases?: string[]; failNext?: number; chunkRows?: number; syncMs?: number } = {}): Promise<SnowflakeEmulator> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-sf-emulator-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const privateKeyPath = path.join(dir, 'rsa_key.p8');
  writeFileSync(privateKeyPath, privateKey, { mode: 0o600 });
  const account = 'KILN_TEST';
  const user = 'KILN_USER';
  const password = `pw-${process.pid}-${Date.now()}`;
  const config: EmulatorConfig = { account, users: { [user]: { password, publicKey } }, databases: options.databases ?? ['KILN'], failNext: options.failNext, chunkRows: options.chunkRows, syncMs: options.syncMs };
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'tests/support/runTypeScript.mjs'), path.join(here, 'server.ts')], {
    cwd: repoRoot,
    env: { ...process.env, KILN_SNOWFLAKE_EMULATOR: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the Snowflake emulator did not start within 30 s:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (data: Buffer) => {
      stdout += data.toString();
      const match = /listening (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Snowflake emulator exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    host: '127.0.0.1',
    port,
    account,
    user,
    password,
    privateKeyPath,
    target: (extra) => ({ account, user, host: '127.0.0.1', port, protocol: 'http', ...extra, type: 'snowflake' }),
    refusals: () => [...new Set(stderr.split('\n').filter((line) => line.startsWith('snowflake would refuse: ')).map((line) => line.slice('snowflake would refuse: '.length)))],
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
