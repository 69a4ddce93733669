/**
 * What kiln loads only when it is needed. The YAML validators (zod and kiln's schemas) load only
 * when a file has to be validated: a run that reuses the saved manifest and meets only YAML seen
 * valid before never loads them, and an edited file is validated again (a cache never hides a
 * mistake). `kiln ls` on an unchanged project reads the saved manifest without loading Jinja, the
 * parser or the warehouse bridge, and lists exactly what a full parse would.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, kiln, projectWith, repoRoot } from './cli.js';

/** Open a session in a fresh Node process (as the CLI does) and say whether it loaded the validators. */
function sessionLoadsValidators(dir: string): boolean {
  const script = `
    const { openSession } = await import(${JSON.stringify(join(repoRoot, 'dist/compile/session.js'))});
    const { validatorsLoaded } = await import(${JSON.stringify(join(repoRoot, 'dist/project/schemas/index.js'))});
    await openSession({ projectDir: ${JSON.stringify(dir)} });
    console.log(JSON.stringify(validatorsLoaded()));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as boolean;
}

describe('validators load on demand', () => {
  const project = (): string =>
    projectWith({
      'project.yml': 'name: shop\nversion: "1"\nmodels:\n  shop:\n    +materialized: view\n',
      'models/orders.sql': 'select 1 as id',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });

  it('a run with nothing changed does not load them; a changed file does', () => {
    const dir = project();
    expect(sessionLoadsValidators(dir)).toBe(true); // the first run validates and saves what it saw
    expect(sessionLoadsValidators(dir)).toBe(false);
    // A model changed: the saved manifest is stale and files are parsed, but an unchanged property
    // file was seen valid and the edited model has no config() to check.
    appendFileSync(join(dir, 'models', 'orders.sql'), '\n');
    expect(sessionLoadsValidators(dir)).toBe(false);
    // A config() call in a changed model is checked, and an edited property file too.
    writeFileSync(join(dir, 'models', 'orders.sql'), "{{ config(materialized='table') }}select 1 as id");
    expect(sessionLoadsValidators(dir)).toBe(true);
    expect(sessionLoadsValidators(dir)).toBe(false);
    appendFileSync(join(dir, 'models', 'schema.yml'), '\n');
    expect(sessionLoadsValidators(dir)).toBe(true);
  });

  it('a config() mistake in an edited model is reported when the validators were not loaded yet', () => {
    const dir = project();
    expect(kiln(['ls'], dir).code).toBe(0);
    writeFileSync(join(dir, 'models', 'orders.sql'), "{{ config(materialzed='table') }}select 1 as id");
    for (let run = 0; run < 2; run++) {
      const result = kiln(['ls'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("models/orders.sql:1: unknown key 'materialzed'");
    }
  });

  it('an edited project.yml is validated again: its mistake is reported after a good run', () => {
    const dir = project();
    expect(kiln(['ls'], dir).code).toBe(0);
    writeFileSync(join(dir, 'project.yml'), 'name: shop\nversion: "1"\nmodel-path: [models]\n');
    const result = kiln(['ls'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('project.yml:3:1');
    expect(result.stderr).toContain("unknown top-level key 'model-path'");
  });

  it('an edited property file is validated again', () => {
    const dir = project();
    expect(kiln(['ls'], dir).code).toBe(0);
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: orders\n    colums: []\n');
    const result = kiln(['ls'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown key 'colums'");
  });
});

/** `kiln <args>` in a fresh process, with the kiln modules it loaded (paths under dist/). */
function kilnLoading(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string; loaded: string[] } {
  const run = spawnSync(process.execPath, ['--import', join(repoRoot, 'tests/support/recordLoads.mjs'), bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  const lines = run.stderr.split('\n');
  return {
    code: run.status ?? -1,
    stdout: run.stdout,
    stderr: lines.filter((line) => line && !line.startsWith('LOADED ')).join('\n'),
    loaded: lines.filter((line) => line.startsWith('LOADED ')).map((line) => line.slice('LOADED '.length)),
  };
}

describe('zod', () => {
  it('loads as the one module kiln bundles of it, not as the zod package (95 modules with every locale)', () => {
    const dir = projectWith({ 'project.yml': 'name: shop\nversion: "1"\n', 'models/orders.sql': 'select 1 as id', 'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n' });
    const parsed = kilnLoading(['parse'], dir);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(parsed.loaded).toContain('project/schemas/zod.js');
    expect(parsed.loaded).not.toContain('node_modules/zod');
  });
});

describe('kiln ls on an unchanged project', () => {
  const HEAVY = ['jinja/runtime.js', 'jinja/compat/index.js', 'compile/parseProject.js', 'adapters/bridge/adapter-worker.js', 'project/schemas/validators.js'];
  const project = (profile: string): string =>
    projectWith({
      'project.yml': 'name: shop\nversion: "1"\nprofile: shop\n',
      'profiles.yml': profile,
      'models/orders.sql': "select 1 as id, '{{ var(\"who\", \"me\") }}' as who",
      'models/customers.sql': 'select * from {{ ref("orders") }}',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    });
  const plainProfile = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/shop.duckdb\n';

  it('reads the saved manifest, loads none of the parsing modules, and lists what a full parse lists', () => {
    const dir = project(plainProfile);
    const parsed = kilnLoading(['ls', '--output', 'json'], dir);
    expect(parsed.code).toBe(0);
    expect(parsed.loaded).toContain('compile/parseProject.js'); // the first run parses
    const warm = kilnLoading(['ls', '--output', 'json'], dir);
    expect(warm.stderr).toBe('');
    expect(warm.stdout).toBe(parsed.stdout);
    expect(warm.loaded.filter((path) => HEAVY.includes(path))).toEqual([]);
    expect(kilnLoading(['ls', '-s', '+customers'], dir).stdout).toBe('shop.customers\nshop.orders\nshop.unique_orders_id\n');
    // --no-partial-parse parses again, and lists the same.
    const reparsed = kilnLoading(['ls', '--output', 'json', '--no-partial-parse'], dir);
    expect(reparsed.loaded).toContain('compile/parseProject.js');
    expect(reparsed.stdout).toBe(parsed.stdout);
  });

  it('reuses the manifest a kiln build saved: every command keys its parse on the same flags', () => {
    const dir = project(plainProfile);
    const built = kiln(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    const listed = kilnLoading(['ls'], dir);
    expect(listed.stdout).toBe('shop.customers\nshop.orders\nshop.unique_orders_id\n');
    expect(listed.loaded).not.toContain('compile/parseProject.js');
    // --full-refresh may change what templates render (flags.FULL_REFRESH), so it is a parse of its own.
    expect(kiln(['build', '--full-refresh'], dir).code).toBe(0);
    expect(kilnLoading(['ls'], dir).loaded).toContain('compile/parseProject.js');
    expect(kilnLoading(['ls'], dir).loaded).not.toContain('compile/parseProject.js');
  });

  it('parses again when a file changed, so a new model is listed', () => {
    const dir = project(plainProfile);
    expect(kiln(['ls'], dir).code).toBe(0);
    writeFileSync(join(dir, 'models', 'payments.sql'), 'select 2 as id');
    const listed = kilnLoading(['ls', '--resource-type', 'model'], dir);
    expect(listed.stdout).toBe('shop.customers\nshop.orders\nshop.payments\n');
    expect(listed.loaded).toContain('compile/parseProject.js');
  });

  it('a profile with Jinja loads the Jinja engine for it, and only for it', () => {
    const dir = project("shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('KILN_LS_DB', 'target/fallback.duckdb') }}\"\n");
    expect(kiln(['ls'], dir, { KILN_LS_DB: 'target/a.duckdb' }).code).toBe(0);
    const warm = kilnLoading(['ls'], dir, { KILN_LS_DB: 'target/a.duckdb' });
    expect(warm.stderr).toBe('');
    expect(warm.stdout).toBe('shop.customers\nshop.orders\nshop.unique_orders_id\n');
    expect(warm.loaded).toContain('jinja/compat/index.js');
    expect(warm.loaded).not.toContain('compile/parseProject.js');
    // A profile value that cannot render is still reported with its file.
    writeFileSync(join(dir, 'profiles.yml'), "shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('KILN_LS_UNSET') }}\"\n");
    const broken = kiln(['ls'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('profiles.yml');
    expect(broken.stderr).toContain("env var 'KILN_LS_UNSET' is not set");
  });

  it('stops quietly when the reader of its output goes away (kiln ls | head)', async () => {
    const dir = project(plainProfile);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'ls'], { cwd: dir });
      child.stdout.destroy(); // the pipe's reader is gone before kiln writes a line
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
