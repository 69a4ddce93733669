import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileIfChanged, type SeenFolders } from '../../../src/artifacts/nodePaths.js';

const dirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-nodepaths-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileIfChanged', () => {
  it('creates the file and its folders', () => {
    const path = join(scratch(), 'compiled', 'shop', 'models', 'a.sql');
    const folders: SeenFolders = new Map();
    writeFileIfChanged(path, 'select 1', folders);
    expect(readFileSync(path, 'utf8')).toBe('select 1');
    // Made by this run: the next file in it is written without reading what is there.
    expect([...folders]).toEqual([[dirname(path), false]]);
    writeFileIfChanged(join(dirname(path), 'b.sql'), 'select 2', folders);
    expect(readFileSync(join(dirname(path), 'b.sql'), 'utf8')).toBe('select 2');
  });

  it('leaves a file that already holds its text untouched, and rewrites one that differs', () => {
    const dir = scratch();
    const same = join(dir, 'same.sql');
    const changed = join(dir, 'changed.sql');
    writeFileSync(same, 'select 1');
    writeFileSync(changed, 'select 1');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(same, old, old);
    writeFileIfChanged(same, 'select 1');
    writeFileIfChanged(changed, 'select 2');
    expect(statSync(same).mtime.getTime()).toBe(old.getTime());
    expect(readFileSync(changed, 'utf8')).toBe('select 2');
  });
});
