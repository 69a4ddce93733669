/**
 * `kiln daemon`: parse, compile and ls handed to a background process that has kiln loaded. Its
 * answers must be kiln's answers: the same output, files and exit codes, with the client's
 * environment and folder, edits seen at once, and a fallback to running in-process whenever the
 * daemon cannot answer (stopped, killed, or of another kiln build).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bin, kiln, projectWith, repoRoot } from './cli.js';
import { socketPathFor } from '../../dist/cli/daemon/protocol.cjs';

const started: { dir: string; bin: string }[] = [];

/** `kiln` of another installation (`kilnBin`), or of this one. */
function kilnWith(kilnBin: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  if (kilnBin === bin) return kiln(args, cwd);
  const result = spawnSync(process.execPath, [kilnBin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function startDaemon(dir: string, kilnBin = bin): void {
  const result = kilnWith(kilnBin, ['daemon', 'start', '--idle-timeout', '5'], dir);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/kiln daemon \d+ serves/);
  started.push({ dir, bin: kilnBin });
}

/** How many commands the project's daemon has run: it tells a command it ran from one run in-process. */
function served(dir: string): number {
  const status = kiln(['daemon', 'status', '--log-format', 'json'], dir);
  const line = JSON.parse(status.stdout.trim()) as { commandsServed?: number };
  return line.commandsServed ?? -1;
}

afterEach(() => {
  for (const { dir, bin: kilnBin } of started.splice(0)) kilnWith(kilnBin, ['daemon', 'stop'], dir);
});

const project = () =>
  projectWith({
    'project.yml': 'name: shop\nversion: "1"\nmodels:\n  shop:\n    +materialized: view\n',
    'models/orders.sql': "select 1 as id, '{{ env_var(\"KILN_DAEMON_TEST\", \"unset\") }}' as label",
    'models/customers.sql': "select id from {{ ref('orders') }}",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null, unique]\n',
  });

const compiledOrders = (dir: string) => readFileSync(join(dir, 'target/compiled/shop/models/orders.sql'), 'utf8');

describe('kiln daemon', () => {
  it('answers compile, ls, lineage and parse as kiln does without it, with the client environment', () => {
    const dir = project();
    const alone = kiln(['compile'], dir, { KILN_NO_DAEMON: '1', KILN_DAEMON_TEST: 'a' });
    const aloneSql = compiledOrders(dir);
    const aloneLs = kiln(['ls'], dir, { KILN_NO_DAEMON: '1' });
    const aloneLineage = kiln(['lineage', 'customers.id'], dir, { KILN_NO_DAEMON: '1' });
    expect(aloneLineage.stdout).toContain('orders.id');
    rmSync(join(dir, 'target'), { recursive: true });

    startDaemon(dir);
    expect(served(dir)).toBe(0);
    const viaDaemon = kiln(['compile'], dir, { KILN_DAEMON_TEST: 'a' });
    expect(served(dir)).toBe(1);
    expect(viaDaemon).toEqual(alone);
    expect(compiledOrders(dir)).toBe(aloneSql);
    expect(kiln(['ls'], dir)).toEqual(aloneLs);
    expect(kiln(['lineage', 'customers.id'], dir)).toEqual(aloneLineage);
    expect(kiln(['parse'], dir).code).toBe(0);
    expect(served(dir)).toBe(4);

    // The client's environment, not the daemon's: env_var() sees each command's own.
    expect(kiln(['compile'], dir, { KILN_DAEMON_TEST: 'b' }).code).toBe(0);
    expect(compiledOrders(dir)).toContain("'b' as label");
    // An edit is seen by the next command.
    writeFileSync(join(dir, 'models/orders.sql'), 'select 2 as id');
    expect(kiln(['compile', '-s', 'orders'], dir).code).toBe(0);
    expect(compiledOrders(dir)).toBe('select 2 as id');
    expect(served(dir)).toBe(6);
  });

  it('runs in the client folder, keeps exit codes and errors, and serves only its own commands', () => {
    const dir = project();
    startDaemon(dir);
    // From another folder, naming the project: the same daemon answers.
    const elsewhere = mkdtempSync(join(tmpdir(), 'kiln-daemon-cwd-'));
    expect(kiln(['ls', '--project-dir', dir, '-s', 'customers'], elsewhere).stdout).toBe('shop.customers\n');
    expect(served(dir)).toBe(1);

    writeFileSync(join(dir, 'models/broken.sql'), 'select {{ 1 + }}');
    const broken = kiln(['compile'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('models/broken.sql');
    expect(served(dir)).toBe(2);
    rmSync(join(dir, 'models/broken.sql'));

    const unknown = kiln(['ls', '-s', 'no_such_model'], dir);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toContain("'no_such_model' does not match");
    expect(served(dir)).toBe(3);

    // Commands that run SQL, and the others, run in their own process.
    expect(kiln(['clean'], dir).code).toBe(0);
    expect(served(dir)).toBe(3);
  });

  it('falls back to running the command itself when the daemon is stopped or killed', () => {
    const dir = project();
    startDaemon(dir);
    expect(kiln(['daemon', 'stop'], dir).stdout).toContain('stopped the kiln daemon');
    expect(existsSync(socketPathFor(dir))).toBe(false);
    expect(kiln(['daemon', 'status'], dir).stdout).toContain('no kiln daemon serves');
    expect(kiln(['compile'], dir).code).toBe(0);

    startDaemon(dir);
    const status = JSON.parse(kiln(['daemon', 'status', '--log-format', 'json'], dir).stdout.trim()) as { pid: number };
    process.kill(status.pid, 'SIGKILL');
    expect(existsSync(socketPathFor(dir))).toBe(true); // left behind
    const afterKill = kiln(['compile'], dir);
    expect(afterKill.code, afterKill.stderr).toBe(0);
    expect(afterKill.stderr).toBe('');
    startDaemon(dir); // over the stale socket
    expect(kiln(['compile'], dir).code).toBe(0);
    expect(served(dir)).toBe(1);
  });

  it('does not answer for another kiln build, and stops once its own build changes', () => {
    // A second copy of kiln, as another installation would be.
    const other = mkdtempSync(join(tmpdir(), 'kiln-daemon-build-'));
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repoRoot, part), join(other, part), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(other, 'node_modules'), 'dir');
    const otherBin = join(other, 'bin', 'kiln.cjs');

    const dir = project();
    startDaemon(dir);
    expect(kilnWith(otherBin, ['compile'], dir).code).toBe(0);
    expect(served(dir)).toBe(0); // ran by the other kiln itself
    expect(kiln(['daemon', 'stop'], dir).code).toBe(0);

    startDaemon(dir, otherBin);
    expect(kilnWith(otherBin, ['compile'], dir).code).toBe(0);
    expect(served(dir)).toBe(1);
    // The other kiln is rebuilt: its daemon hands the command back and stops.
    const stamp = new Date(Date.now() + 5_000);
    utimesSync(join(other, 'dist', '.tsbuildinfo'), stamp, stamp);
    expect(kilnWith(otherBin, ['compile'], dir).code).toBe(0);
    expect(served(dir)).toBe(-1);
    expect(existsSync(socketPathFor(dir))).toBe(false);
    rmSync(other, { recursive: true, force: true });
  });

  it('refuses to start outside a project', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kiln-daemon-empty-'));
    mkdirSync(join(empty, 'models'));
    const result = kiln(['daemon', 'start'], empty);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no project.yml or dbt_project.yml');
  });
});
