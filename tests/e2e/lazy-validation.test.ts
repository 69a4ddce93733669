/**
 * The YAML validators (zod and kiln's schemas) load only when a file has to be validated: a run
 * that reuses the saved manifest and meets only YAML seen valid before never loads them, and an
 * edited file is validated again (a cache never hides a mistake).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiln, projectWith, repoRoot } from './cli.js';

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
    // A model changed: the saved manifest is stale, files are parsed (and property files validated).
    appendFileSync(join(dir, 'models', 'orders.sql'), '\n');
    expect(sessionLoadsValidators(dir)).toBe(true);
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
