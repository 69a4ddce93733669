/**
 * Fuzzed command lines never crash kiln: seeded random argv built from kiln's commands and flags
 * with mangled values (selection syntax, --vars YAML, numbers, unknown flags), run in-process on a
 * small project. Each must exit 0, 1 or 2 with no "internal error", and no stack trace unless --debug asked for one.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'kiln-cli-fuzz-'));
mkdirSync(join(dir, 'models'));
writeFileSync(join(dir, 'project.yml'), 'name: cli_fuzz\n');
writeFileSync(join(dir, 'models', 'a.sql'), "select 1 as id\n");
writeFileSync(join(dir, 'models', 'b.sql'), "select * from {{ ref('a') }}\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS = ['parse', 'compile', 'ls', 'list', 'clean', 'nosuch', 'help', ''];
const FLAGS = ['-s', '--select', '--exclude', '--selector', '--vars', '--threads', '--target', '--log-format', '--output', '--resource-type', '--inline', '--state', '--wait', '--project-dir', '--no-partial-parse', '--debug', '--bogus', '-t', '-h', '--version'];
const VALUES = ['a', '+b', 'a+', '2+a', '@a', 'tag:x', 'path:models', 'config.materialized:view', 'state:modified', 'a,b', 'a b', '', '{', '{x: 1', '{x: [1, 2]}', '[1,2]', '-1', '0', '3.5', 'NaN', 'json', 'text', 'xml', 'model', 'source', '../..', '/nonexistent', "select {{ ref('a') }}", "{{ nope(", '🙂', '*', 'resource_type:model', 'source:*', '1+a+1', 'a@'];

function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

const CASES = Number(process.env['KILN_FUZZ_CLI_CASES'] ?? 400);

describe('fuzzed command lines', () => {
  it(`exit cleanly, ${CASES} seeded cases`, async () => {
    const pick = <T>(random: () => number, xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const crashes: string[] = [];
    const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    const cwd = process.cwd();
    let captured = '';
    const capture = (chunk: unknown) => ((captured += String(chunk)), true);
    try {
      process.chdir(dir);
      for (let seed = 1; seed <= CASES; seed++) {
        const random = rng(seed);
        const argv = [pick(random, COMMANDS)].filter(Boolean);
        for (let i = 0, n = Math.floor(random() * 4); i < n; i++) {
          argv.push(pick(random, FLAGS));
          if (random() < 0.8) argv.push(pick(random, VALUES));
        }
        if (argv.includes('clean')) continue; // it deletes target/, which is fine but slows the rest
        captured = '';
        process.stdout.write = capture as typeof process.stdout.write;
        process.stderr.write = capture as typeof process.stderr.write;
        let code: number;
        try {
          code = await runCli(argv);
        } catch (error) {
          code = -1;
          captured += `thrown: ${(error as Error).stack}`;
        } finally {
          process.stdout.write = writes.out;
          process.stderr.write = writes.err;
        }
        // --debug prints stack traces on purpose; without it, a stack trace means a crash.
        const stack = !argv.includes('--debug') && /\n\s+at \S+ \(/.test(captured);
        if (![0, 1, 2].includes(code) || /internal error/.test(captured) || stack) crashes.push(`seed ${seed}: kiln ${argv.map((a) => JSON.stringify(a)).join(' ')} → exit ${code}\n${captured.slice(0, 800)}`);
      }
    } finally {
      process.chdir(cwd);
    }
    expect(crashes.slice(0, 3).join('\n\n')).toBe('');
  }, 180_000);
});
