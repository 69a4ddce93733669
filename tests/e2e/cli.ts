/** Run the built CLI (bin/kiln.cjs → dist/) on a temp copy of a fixture project. */
import { spawn, spawnSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = join(repoRoot, 'bin', 'kiln.cjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kiln(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Run the CLI and expect success; its output is in the failure message otherwise. Returns stdout. */
export function kilnOk(dir: string, ...args: string[]): string {
  const result = kiln(args, dir);
  expect(result.code, `kiln ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Run the CLI and expect it to fail with exit code 1 (a node failed); returns stdout and stderr together. */
export function kilnFails(dir: string, ...args: string[]): string {
  const result = kiln(args, dir);
  expect(result.code, `kiln ${args.join(' ')} should fail\n${result.stdout}\n${result.stderr}`).toBe(1);
  return `${result.stdout}\n${result.stderr}`;
}

/** `kiln` without blocking the test's event loop, for tests that serve the CLI (a loopback HTTP server). */
export function kilnAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A fresh copy of tests/fixtures/<name> in a temp folder. */
export function fixtureCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kiln-${name}-`));
  cpSync(join(repoRoot, 'tests', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** A `fixture(name)` giving fresh copies of tests/fixtures/<name>, all removed after the calling file's tests. */
export function fixtureCopies(): (name: string) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  return (name) => {
    const dir = fixtureCopy(name);
    dirs.push(dir);
    return dir;
  };
}

/** The repo's own project (the kiln_ai package) in a temp folder, with kiln where its TypeScript models import it from. */
export function repoProjectCopy(prefix = 'kiln-ai-project-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const part of ['project.yml', 'models', 'macros', 'tests/data', 'data/corpus']) cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'kiln'), 'dir');
  return dir;
}

/** A temp project made of the given files. */
export function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-project-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Rows of `sql` run on the project's default warehouse (target/kiln.duckdb), after the CLI has exited. */
export async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, 'target', 'kiln.duckdb'));
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
