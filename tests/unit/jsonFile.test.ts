import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines, writeJsonFile, writeJsonLines } from '../../src/jsonFile.js';

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

describe('writeJsonLines and readJsonLines', () => {
  function roundTrip(value: unknown, depth: number, prefix = 'header\n'): unknown {
    const path = join(scratch, `${++files}.jsonl`);
    expect(writeJsonLines(path, value, { depth, prefix })).toBe(true);
    return readJsonLines(path, prefix);
  }
  // What reading the whole JSON.stringify text back would give.
  const parsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

  it('reads back what JSON.parse of JSON.stringify gives, whatever depth it splits at, in the same key order', () => {
    for (const depth of [0, 1, 2, 3, 10]) {
      const back = roundTrip(awkward, depth);
      expect(back, `depth ${depth}`).toEqual(parsed(awkward));
      expect(JSON.stringify(back), `depth ${depth}`).toBe(JSON.stringify(awkward));
    }
    expect(roundTrip([awkward, 'x'], 3)).toEqual(parsed([awkward, 'x']));
    expect(roundTrip('top-level string', 2)).toBe('top-level string');
    expect(roundTrip({}, 2)).toEqual({});
    expect(roundTrip({ only: undefined }, 2)).toEqual({});
  });

  it('writes one line per member at the depth asked, each its keys and its value', () => {
    const path = join(scratch, 'lines.jsonl');
    writeJsonLines(path, { manifest: { nodes: { a: { x: 1 }, b: {} } }, warnings: ['w'] }, { depth: 3, prefix: 'h\n' });
    expect(readFileSync(path, 'utf8')).toBe('h\n["manifest","nodes","a",{"x":1}]\n["manifest","nodes","b",{}]\n["warnings",["w"]]\n');
  });

  it('reads files far bigger than its buffer, and lines bigger than it', () => {
    const nodes = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`model.p.m${i}`, { name: `m${i}`, raw_code: `select ${i} as ünïcode_${'x'.repeat(i % 400)}`, tags: ['a', i] }]));
    const document = { metadata: { at: 1 }, nodes, huge: 'é'.repeat(3 << 20), after: { last: true } };
    expect(JSON.stringify(roundTrip(document, 2))).toBe(JSON.stringify(document));
  });

  it('keeps a __proto__ key as a member, as JSON.parse does', () => {
    const back = roundTrip(JSON.parse('{"nodes":{"__proto__":{"polluted":true},"b":1}}'), 2) as { nodes: Record<string, unknown> };
    expect(Object.keys(back.nodes)).toEqual(['__proto__', 'b']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(back.nodes)).toBe(Object.prototype);
  });

  it('answers undefined for another prefix, and throws on a file cut short or not of its lines', () => {
    const path = join(scratch, 'cut.jsonl');
    writeJsonLines(path, { a: 1, b: 2 }, { depth: 1, prefix: 'v1\n' });
    expect(readJsonLines(path, 'v2\n')).toBeUndefined();
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, -3));
    expect(() => readJsonLines(path, 'v1\n')).toThrow(/middle of a line/);
    writeFileSync(path, 'v1\n{"a":1}\n');
    expect(() => readJsonLines(path, 'v1\n')).toThrow(/keys and a value/);
  });
});
