import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckedYaml } from '../../../../src/project/schemas/index.js';

const scratch = (): string => join(mkdtempSync(join(tmpdir(), 'kiln-checked-')), 'target', 'partial_parse_yaml.json');

describe('CheckedYaml: YAML texts seen valid before', () => {
  it('knows a text the last run saved, by kind and exact text', () => {
    const path = scratch();
    const first = new CheckedYaml(path);
    expect(first.has('project', 'name: shop\n')).toBe(false);
    first.add('project', 'name: shop\n');
    first.save();
    const next = new CheckedYaml(path);
    expect(next.has('project', 'name: shop\n')).toBe(true);
    expect(next.has('profiles', 'name: shop\n')).toBe(false);
    expect(next.has('project', 'name: shop2\n')).toBe(false);
  });

  it('keeps only what the run read, so an edited file leaves its old hash behind', () => {
    const path = scratch();
    const first = new CheckedYaml(path);
    first.add('project', 'a: 1\n');
    first.add('profiles', 'p: 1\n');
    first.save();
    const second = new CheckedYaml(path);
    expect(second.has('project', 'a: 1\n')).toBe(true);
    second.add('profiles', 'p: 2\n');
    second.save();
    const third = new CheckedYaml(path);
    expect(third.has('profiles', 'p: 1\n')).toBe(false);
    expect(third.has('profiles', 'p: 2\n')).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveLength(2);
  });

  it('stores hashes, never the text (a password in profiles.yml stays out of target/)', () => {
    const path = scratch();
    const checked = new CheckedYaml(path);
    checked.add('profiles', 'shop:\n  outputs:\n    dev:\n      password: hunter2-secret\n');
    checked.save();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('reads a corrupt file as empty', () => {
    const path = scratch();
    const checked = new CheckedYaml(path);
    checked.add('project', 'x');
    checked.save();
    writeFileSync(path, '{not json');
    expect(new CheckedYaml(path).has('project', 'x')).toBe(false);
  });
});
