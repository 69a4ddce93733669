import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPackageProperties } from '../../../src/compile/properties.js';
import type { PackageFiles } from '../../../src/project/types.js';
import { CheckedYaml, loadValidators } from '../../../src/project/schemas/index.js';

/** A package whose only property file holds `text`. */
function packageWith(text: string): PackageFiles {
  const file = { absPath: '/p/models/schema.yml', relPath: 'models/schema.yml', pathInResource: 'schema.yml', resourceRoot: 'models', contents: text, checksum: '', size: text.length, mtimeMs: 0 };
  return { name: 'shop', root: '/p', config: {} as PackageFiles['config'], isRoot: true, models: [], seeds: [], snapshots: [], macros: [], tests: [], analyses: [], docs: [], propertyFiles: [file] };
}

const MISSPELT = 'version: 2\nmodels:\n  - name: orders\n    descriptoin: the orders\n';

describe('readPackageProperties with the property files seen valid before', () => {
  beforeAll(async () => {
    await loadValidators();
  });

  it('validates a text it has not seen, and skips one recorded valid (as an earlier run records it)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kiln-properties-')), 'target', 'partial_parse_properties.json');
    expect(() => readPackageProperties(packageWith(MISSPELT), new CheckedYaml(path))).toThrow(/descriptoin/);
    // Recorded valid: read as it is, without validating (how a run reuses what an earlier run checked).
    const earlier = new CheckedYaml(path);
    earlier.add('properties', MISSPELT);
    earlier.save();
    expect(readPackageProperties(packageWith(MISSPELT), new CheckedYaml(path)).patches['models']!.get('orders')).toBeDefined();
    // Any edit is a new text: validated again.
    expect(() => readPackageProperties(packageWith(`${MISSPELT}\n`), new CheckedYaml(path))).toThrow(/descriptoin/);
  });

  it('records each valid file it read, so the next run can skip it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kiln-properties-')), 'target', 'partial_parse_properties.json');
    const valid = 'version: 2\nmodels:\n  - name: orders\n    description: the orders\n';
    const checked = new CheckedYaml(path);
    readPackageProperties(packageWith(valid), checked);
    checked.save();
    expect(new CheckedYaml(path).has('properties', valid)).toBe(true);
  });
});
