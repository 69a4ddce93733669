/**
 * Starts the BigQuery emulator for a test file, in a child process (the test process blocks
 * in spawnSync while the kiln CLI runs, so the server cannot live in it): a fresh service
 * account key pair, the emulator told its public half, and a profile output that reaches it
 * through the adapter's documented fields (method service-account-json, api_endpoint).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BigQueryEmulator {
  url: string;
  project: string;
  /** The service account's key, as keyfile_json takes it. */
  keyfileJson: string;
  /** A profile output for `dataset`, as an object (adapter tests) … */
  target(dataset: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** … and as profiles.yml lines (six-space indent), the key read from the environment. */
  profileYaml(dataset: string): string;
  /** The environment a kiln process needs for profileYaml's env_var(). */
  env: Record<string, string>;
  faults(settings: { http?: number; status?: number; jobs?: number; reason?: string }): Promise<void>;
  counts(): Promise<Record<string, number>>;
  /** SQL constructs the emulator ran that BigQuery would refuse, each with a sample statement. */
  lenient(): Promise<Record<string, string>>;
  stop(): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY_ENV = 'KILN_TEST_BIGQUERY_KEYFILE_JSON';

export async function startBigQueryEmulator(options: { project?: string; pageSize?: number } = {}): Promise<BigQueryEmulator> {
  const project = options.project ?? 'kiln-emulated';
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-bq-'));
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const clientEmail = `kiln-tests@${project}.iam.gserviceaccount.com`;
  writeFileSync(path.join(dir, 'public.pem'), publicKey);
  const keyfileJson = JSON.stringify({ type: 'service_account', project_id: project, private_key_id: 'test-key', private_key: privateKey, client_email: clientEmail });
  const child: ChildProcess = spawn(process.execPath, [path.join(here, '..', 'runTypeScript.mjs'), path.join(here, 'main.ts'), clientEmail, path.join(dir, 'public.pem'), String(options.pageSize ?? 500)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /\{"port":\s*(\d+)\}/.exec(out);
      if (line) resolve(Number(line[1]));
    });
    child.on('exit', (code) => reject(new Error(`the BigQuery emulator exited (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`the BigQuery emulator did not start in 30 s: ${stderr}`)), 30_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const post = async (pathname: string, body: unknown) => {
    const response = await fetch(`${url}${pathname}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (!response.ok) throw new Error(`${pathname}: ${response.status}`);
  };
  return {
    url,
    project,
    keyfileJson,
    env: { [KEY_ENV]: keyfileJson },
    target: (dataset, extra = {}) => ({ type: 'bigquery', method: 'service-account-json', project, dataset, keyfile_json: keyfileJson, api_endpoint: url, location: 'US', page_size: 200, ...extra }),
    profileYaml: (dataset) => `      type: bigquery\n      method: service-account-json\n      project: ${project}\n      dataset: ${dataset}\n      keyfile_json: "{{ env_var('${KEY_ENV}') }}"\n      api_endpoint: ${url}\n      location: US\n      page_size: 200\n      threads: 2\n`,
    faults: (settings) => post('/emulator/faults', settings),
    counts: async () => (await (await fetch(`${url}/emulator/counts`)).json()) as Record<string, number>,
    lenient: async () => (await (await fetch(`${url}/emulator/lenient`)).json()) as Record<string, string>,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
