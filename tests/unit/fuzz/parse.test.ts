/**
 * Fuzzed inputs never crash the parse: seeded random mutations of a small project's
 * project.yml, property YAML, models and macros (deleted and inserted characters, Jinja and
 * YAML punctuation, duplicated, swapped and cut lines, BOMs and control characters). Every case
 * must parse, or fail with a KilnError that names a file; anything else (a TypeError, a
 * RangeError, an error without a file) is a crash. A failure prints its seed and the mutated file.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/compile/session.js';
import { KilnError, KilnErrors } from '../../../src/errors.js';

const BASE: Record<string, string> = {
  'project.yml': "name: fuzzed\nversion: '1.0'\nvars:\n  start: '2024-01-01'\nmodels:\n  fuzzed:\n    +materialized: view\n    marts:\n      +materialized: table\n",
  'models/staging/stg_orders.sql': "{{ config(tags=['staging']) }}\nselect id, amount, '{{ var(\"start\") }}' as since from {{ source('raw', 'orders') }}\n",
  'models/marts/orders.sql': "{% set cols = ['id', 'amount'] %}\nselect {% for c in cols %}{{ c }}{{ ',' if not loop.last }} {% endfor %}\nfrom {{ ref('stg_orders') }}\nwhere amount > {{ cents(100) }}\n",
  'models/schema.yml': "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\nmodels:\n  - name: orders\n    description: Orders\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n      - name: amount\n        data_tests:\n          - accepted_values:\n              arguments:\n                values: [1, 2]\n",
  'macros/cents.sql': "{% macro cents(x, scale=100) -%}\n  ({{ x }} / {{ scale }})\n{%- endmacro %}\n",
};

const NOISE = ['{', '}', '{{', '}}', '{%', '%}', ':', ': ', '-', '- ', "'", '"', '\n', '  ', '[', ']', '#', '\t', '\u0000', '\uFEFF', '|', '(', ')', ',', '*', '&', '!', '?', '@', '\\', 'é', '🙂', 'ref(', 'null', '~', '>', '---\n'];

function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function mutate(text: string, random: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(random() * 3);
  for (let step = 0; step < steps; step++) {
    const at = Math.floor(random() * (out.length + 1));
    const lines = out.split('\n');
    const line = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 7)) {
      case 0: out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8)); break;
      case 1: out = out.slice(0, at) + NOISE[Math.floor(random() * NOISE.length)] + out.slice(at); break;
      case 2: lines.splice(line, 0, lines[line] ?? ''); out = lines.join('\n'); break;
      case 3: { const other = Math.floor(random() * lines.length); [lines[line], lines[other]] = [lines[other]!, lines[line]!]; out = lines.join('\n'); break; }
      case 4: out = out.slice(0, at); break;
      case 5: lines[line] = ' '.repeat(Math.floor(random() * 5)) + (lines[line] ?? '').trimStart(); out = lines.join('\n'); break;
      default: out = out.slice(0, at) + out.slice(at).replace(/[a-z_]+/, (w) => w.split('').reverse().join('')); break;
    }
  }
  return out;
}

const CASES = Number(process.env['KILN_FUZZ_CASES'] ?? 2000);
const root = mkdtempSync(join(tmpdir(), 'kiln-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeProject(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Why a thrown value is a crash, or undefined when it is a clear error. */
function crash(error: unknown): string | undefined {
  if (!(error instanceof KilnError)) return `${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`;
  const errors = error instanceof KilnErrors ? error.errors : [error];
  const unplaced = errors.find((e) => !e.file && !/profile|project\.yml|dbt_project\.yml/.test(e.message));
  return unplaced ? `a KilnError naming no file: ${unplaced.message}` : undefined;
}

describe('fuzzed projects', () => {
  it(`parse or fail clearly, ${CASES} seeded cases`, async () => {
    const names = Object.keys(BASE);
    const dir = join(root, 'project');
    const crashes: string[] = [];
    let clear = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const random = rng(seed);
      const file = names[Math.floor(random() * names.length)]!;
      const mutated = mutate(BASE[file]!, random);
      writeProject(dir, { ...BASE, [file]: mutated });
      try {
        await openSession({ projectDir: dir, partialParse: false, log: () => undefined });
      } catch (error) {
        const why = crash(error);
        if (why) crashes.push(`seed ${seed}, ${file}: ${why}\n--- ${file} ---\n${mutated}`);
        else clear++;
      }
    }
    expect(crashes.slice(0, 5).join('\n\n')).toBe('');
    // The mutations must actually break things often, or the suite proves nothing.
    expect(clear).toBeGreaterThan(CASES / 10);
    if (process.env['KILN_FUZZ_VERBOSE']) console.log(`${clear} of ${CASES} cases failed with a clear error, ${CASES - clear} parsed`);
  }, 180_000);
});
