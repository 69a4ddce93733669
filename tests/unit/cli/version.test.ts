import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { KILN_VERSION } from '../../../src/version.js';
import { REPO_ROOT } from '../adapters/helpers/compiled-adapters.js';

describe('kiln --version', () => {
  it("is package.json's version, which the entry point prints without loading the CLI", () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(KILN_VERSION).toBe(manifest.version);
    expect(execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'kiln.cjs'), '--version'], { encoding: 'utf8' })).toBe(`${manifest.version}\n`);
  });

  it('is also what the full CLI prints (the flag among others)', async () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      expect(await runCli(['--version'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(written.join('')).toBe(`${KILN_VERSION}\n`);
  });
});
