/**
 * Fuzzed seed files: 300 seeded mutations of a CSV (ragged rows, stray and doubled quotes,
 * BOMs, CRLF, blank lines, huge fields, invalid UTF-8, other delimiters) loaded by one
 * `kiln seed`. Each one loads, or fails naming its file; none crashes kiln, and none loads
 * silently short: a loaded file has exactly the rows a CSV parser reads in it, and a file that
 * parser refuses does not load.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const CASES = 300;
const BASE = 'id,name,amount,created_at\n1,alpha,10.5,2024-01-01\n2,"beta, with comma",20,2024-01-02\n3,"say ""hi""",30,2024-01-03\n4,delta,,2024-01-04\n5,epsilon,50,2024-01-05\n';
const NOISE = ['"', '""', ',', ';', '\t', '\n', '\r\n', '\n\n', '\uFEFF', ' ', 'x'.repeat(70_000), '\u0000', 'é', '🙂'];

function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function mutated(seed: number): Buffer {
  const random = rng(seed);
  let text = BASE;
  for (let step = 0, steps = 1 + Math.floor(random() * 3); step < steps; step++) {
    const at = Math.floor(random() * text.length);
    const kind = Math.floor(random() * 5);
    if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
    else if (kind === 1) text = text.slice(0, at) + NOISE[Math.floor(random() * NOISE.length)] + text.slice(at);
    else if (kind === 2) text = text.split('\n').map((line, i) => (i === 1 + Math.floor(random() * 5) ? `${line},extra` : line)).join('\n');
    else if (kind === 3) text = '\uFEFF' + text;
    else text = text.replace(/\n/g, '\r\n');
  }
  const bytes = Buffer.from(text, 'utf8');
  if (random() < 0.05) bytes[Math.floor(random() * bytes.length)] = 0xff; // not UTF-8 any more
  return bytes;
}

let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzzed seed files', () => {
  it(`load whole or fail naming the file, ${CASES} cases`, async () => {
    const files: Record<string, string | Buffer> = { 'project.yml': 'name: seeds_fuzzed\n' };
    for (let seed = 1; seed <= CASES; seed++) files[`seeds/s${seed}.csv`] = mutated(seed);
    dir = projectWith(files as Record<string, string>);
    const run = kiln(['seed', '--threads', '2'], dir);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; message: string; adapter_response: { rows_affected?: number } }[];
    expect(results).toHaveLength(CASES);
    let loaded = 0;
    const shortLoads: string[] = [];
    for (const result of results) {
      const name = result.unique_id.split('.').pop()!;
      if (result.status === 'error') {
        expect(run.stderr, name).toContain(`seeds/${name}.csv`);
        continue;
      }
      expect(result.status).toBe('success');
      loaded++;
      let records: string[][] | undefined;
      try {
        // A quote inside an unquoted field is a plain character, for DuckDB as for most readers.
        records = parse(readFileSync(join(dir, 'seeds', `${name}.csv`)), { bom: true, skip_empty_lines: true, relax_quotes: true });
      } catch (error) {
        records = undefined;
        shortLoads.push(`${name}: loaded though a strict CSV parser refuses it (${(error as Error).message})`);
      }
      if (records) {
        const [{ n }] = (await query(dir, `select count(*) as n from "${name}"`)) as [{ n: string }];
        expect(Number(n), `${name}: rows loaded vs rows in the file`).toBe(records.length - 1);
      }
    }
    expect(shortLoads).toEqual([]);
    expect(loaded).toBeGreaterThan(CASES / 10);
    expect(loaded).toBeLessThan(CASES);
  }, 240_000);

  it('say which line is wrong and how', () => {
    const bad = projectWith({ 'project.yml': 'name: seeds_bad\n', 'seeds/ragged.csv': 'id,name\n1,a\n2,b,extra\n', 'seeds/open_quote.csv': 'id,name\n1,"never closed\n2,b\n' });
    try {
      const run = kiln(['seed'], bad);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('seeds/ragged.csv:3: the seed file is not valid CSV: a row with 3 fields where the header has 2');
      expect(run.stderr).toContain('seeds/open_quote.csv:3: the seed file is not valid CSV: a quoted field that is never closed (it runs to the end of the file)');
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
