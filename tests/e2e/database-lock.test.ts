/**
 * One writer per DuckDB file: a second kiln meeting a database another process holds fails
 * at once naming the file and the process, or waits with --wait; commands that read only
 * the project work beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kiln, kilnAsync, projectWith, repoRoot } from './cli.js';

const dirs: string[] = [];
let holder: ChildProcess | undefined;
afterEach(() => holder?.kill('SIGKILL'));
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A process that opens the project's database for writing, holds it `ms`, then exits. */
function holdDatabase(file: string, ms: number): Promise<ChildProcess> {
  const script = `
    const { DuckDBInstance } = await import(${JSON.stringify(join(repoRoot, 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js'))});
    const db = await DuckDBInstance.create(${JSON.stringify(file)});
    process.stdout.write('holding\\n');
    setTimeout(() => { db.closeSync(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  holder = child;
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

function project(): string {
  const dir = projectWith({ 'project.yml': 'name: locked\n', 'models/a.sql': 'select 1 as x\n' });
  dirs.push(dir);
  return dir;
}

describe('a DuckDB file another process holds', () => {
  it('fails at once naming the file and the process, and nothing else needs it', async () => {
    const dir = project();
    expect(kiln(['build'], dir).code).toBe(0);
    const other = await holdDatabase(join(dir, 'target', 'kiln.duckdb'), 30_000);
    const started = Date.now();
    const run = kiln(['build'], dir);
    expect(run.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.stderr).toContain(`the DuckDB database ${join(dir, 'target', 'kiln.duckdb')} is in use by another process (PID ${other.pid}`);
    expect(run.stderr).toContain('--wait');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // Commands that read only the project run beside the holder.
    expect(kiln(['compile'], dir).code).toBe(0);
    expect(kiln(['ls'], dir).stdout).toContain('locked.a');
  });

  it('waits with --wait until the other process lets go', async () => {
    const dir = project();
    expect(kiln(['build'], dir).code).toBe(0);
    await holdDatabase(join(dir, 'target', 'kiln.duckdb'), 1_500);
    const run = await kilnAsync(['build', '--wait', '20'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(kiln(['build', '--wait', 'soon'], dir).stderr).toContain("--wait must be a number of seconds (0 or more), got 'soon'");
  });

  it('gives up after --wait seconds with the same message', async () => {
    const dir = project();
    expect(kiln(['build'], dir).code).toBe(0);
    await holdDatabase(join(dir, 'target', 'kiln.duckdb'), 30_000);
    const started = Date.now();
    const run = await kilnAsync(['run', '--wait', '1'], dir);
    expect(run.code).not.toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(run.stderr).toMatch(/is in use by another process \(PID \d+, .*\) and stayed in use for 1s/);
  });
});
