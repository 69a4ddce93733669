import { describe, expect, it } from 'vitest';
import { selectNodes } from '../../../../src/graph/selection/index.js';
import type { Manifest, ManifestNode } from '../../../../src/project/nodes.js';
import { fillMaps, makeManifest, node } from './fixture.js';

/** 10,000 models, each depending on the previous one and on one further back, plus a not_null test on every tenth. */
function bigManifest(): Manifest {
  const manifest = makeManifest();
  manifest.nodes = {};
  manifest.sources = {};
  manifest.exposures = {};
  manifest.metrics = {};
  manifest.unit_tests = {};
  const nodes: ManifestNode[] = [];
  for (let i = 0; i < 10_000; i++) {
    const deps = i === 0 ? [] : [`model.big.m${i - 1}`, `model.big.m${Math.floor(i / 2)}`].filter((d, k, a) => a.indexOf(d) === k);
    nodes.push(
      node({
        unique_id: `model.big.m${i}`,
        resource_type: 'model',
        package_name: 'big',
        name: `m${i}`,
        fqn: ['big', `layer${i % 10}`, `m${i}`],
        original_file_path: `models/layer${i % 10}/m${i}.sql`,
        deps,
        tags: i % 3 === 0 ? ['three'] : [],
      }),
    );
    if (i % 10 === 0) {
      nodes.push(
        node({
          unique_id: `test.big.not_null_m${i}`,
          resource_type: 'test',
          package_name: 'big',
          name: `not_null_m${i}`,
          fqn: ['big', `not_null_m${i}`],
          original_file_path: `models/schema.yml`,
          deps: [`model.big.m${i}`],
          test_metadata: { name: 'not_null', kwargs: {} },
        }),
      );
    }
  }
  for (const n of nodes) manifest.nodes[n.unique_id] = n;
  fillMaps(manifest);
  return manifest;
}

// Selection speed is measured in bench/parse-bench.mjs, not asserted here.
describe('a 10,000-node graph', () => {
  it('selects ancestors, descendants, intersections and exclusions correctly', () => {
    const manifest = bigManifest();
    const selected = selectNodes({ manifest, select: ['+m5000 m9000+ tag:three,layer3'], exclude: ['m4000'], rootPackage: 'big' });
    expect(selected.has('model.big.m5000')).toBe(true);
    expect(selected.has('model.big.m0')).toBe(true);
    expect(selected.has('test.big.not_null_m5000')).toBe(true);
    expect(selected.has('model.big.m4000')).toBe(false);
    expect(selected.has('model.big.m9999')).toBe(true);
    expect(selected.has('model.big.m6001')).toBe(false);
  });
});
