import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWrites } from '../../../src/artifacts/nodePaths.js';

const dirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-filewrites-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('FileWrites', () => {
  it('writes every file, creating their folders, by the time done() resolves', async () => {
    const dir = scratch();
    const writes = new FileWrites();
    for (let i = 0; i < 100; i++) await writes.add(join(dir, 'compiled', `f${i % 7}`, `m${i}.sql`), `select ${i}`);
    await writes.done();
    for (let i = 0; i < 100; i++) expect(readFileSync(join(dir, 'compiled', `f${i % 7}`, `m${i}.sql`), 'utf8')).toBe(`select ${i}`);
  });

  it('leaves a file that already holds its text untouched, and rewrites one that differs', async () => {
    const dir = scratch();
    const same = join(dir, 'same.sql');
    const changed = join(dir, 'changed.sql');
    writeFileSync(same, 'select 1');
    writeFileSync(changed, 'select 1');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(same, old, old);
    const writes = new FileWrites();
    await writes.add(same, 'select 1');
    await writes.add(changed, 'select 2');
    await writes.done();
    expect(statSync(same).mtime.getTime()).toBe(old.getTime());
    expect(readFileSync(changed, 'utf8')).toBe('select 2');
  });

  it('ends with the later text when one path is written twice', async () => {
    const dir = scratch();
    const path = join(dir, 'twice.sql');
    const writes = new FileWrites();
    await writes.add(path, 'select "first"');
    await writes.add(path, 'select "second"');
    await writes.done();
    expect(readFileSync(path, 'utf8')).toBe('select "second"');
  });

  it('reports a failed write from done(), after the other files are written', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'a-folder'));
    const writes = new FileWrites();
    await writes.add(join(dir, 'a-folder'), 'select 1');
    await writes.add(join(dir, 'fine.sql'), 'select 2');
    await expect(writes.done()).rejects.toThrow(/EISDIR/);
    expect(readFileSync(join(dir, 'fine.sql'), 'utf8')).toBe('select 2');
  });
});
