import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonFile } from '../../src/jsonFile.js';

const scratch = mkdtempSync(join(tmpdir(), 'kiln-json-file-'));
let files = 0;

function written(value: unknown, depth: number, prefix?: string): string {
  const path = join(scratch, `${++files}.json`);
  expect(writeJsonFile(path, value, { depth, prefix })).toBe(true);
  return readFileSync(path, 'utf8');
}

// Members JSON.stringify leaves out or writes its own way, at every level the writer splits.
const awkward = {
  text: 'quote " backslash \\ newline \n tab \t nul \u0000 é 日本 😀 \ud800',
  missing: undefined,
  fn: () => 1,
  when: new Date('2026-12-07T10:00:00Z'),
  own: { toJSON: () => 'from toJSON' },
  list: [1, undefined, () => 2, { a: undefined, b: [] }, null],
  empty: {},
  nested: { deeper: { deepest: { x: 1, y: undefined }, z: 'z' }, none: undefined },
  '"odd key"': { '\n': true },
  numbers: [0, -0, 1.5e300, Number.NaN, Number.POSITIVE_INFINITY],
};

describe('writeJsonFile', () => {
  it('writes exactly what JSON.stringify writes, whatever depth it splits at', () => {
    for (const depth of [0, 1, 2, 3, 10]) expect(written(awkward, depth), `depth ${depth}`).toBe(JSON.stringify(awkward));
    expect(written([awkward, 'x'], 3)).toBe(JSON.stringify([awkward, 'x']));
    expect(written('top-level string', 2)).toBe('"top-level string"');
  });

  it('writes documents far bigger than its buffer, and pieces bigger than it, with a prefix first', () => {
    const nodes = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`model.p.m${i}`, { name: `m${i}`, raw_code: `select ${i} as ünïcode_${'x'.repeat(i % 400)}`, tags: ['a', i] }]));
    const document = { metadata: { at: 1 }, nodes, huge: 'é'.repeat(3 << 20) };
    expect(written(document, 2, 'header line\n')).toBe(`header line\n${JSON.stringify(document)}`);
  });

  it('stops when the piece map abandons the write, and says so', () => {
    const path = join(scratch, 'abandoned.json');
    const map = (text: string): string | undefined => (text.includes('secret') ? undefined : text);
    expect(writeJsonFile(path, { a: 'fine', b: { c: 'a secret here' }, d: 'never reached' }, { depth: 2, map })).toBe(false);
    expect(readFileSync(path, 'utf8')).not.toContain('never reached');
    expect(writeJsonFile(path, { a: 'fine' }, { depth: 2, map: (text) => text.toUpperCase() })).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('{"A":"FINE"}');
  });
});
