import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeManifest, writeManifestFromBody, type ArtifactMetadata } from '../../../src/artifacts/manifestJson.js';
import { blankNode } from '../../../src/compile/blankNode.js';
import type { Manifest } from '../../../src/project/nodes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function manifestWithOneModel(): Manifest {
  const node = blankNode({
    unique_id: 'model.shop.orders',
    resource_type: 'model',
    package_name: 'shop',
    name: 'orders',
    path: 'orders.sql',
    original_file_path: 'models/orders.sql',
    abs_path: '/p/models/orders.sql',
    fqn: ['shop', 'orders'],
    raw_code: 'select 1 as id',
    checksum: 'abc',
  });
  return { nodes: { [node.unique_id]: node }, sources: {}, macros: {}, docs: {}, exposures: {}, semantic_models: {}, metrics: {}, saved_queries: {}, groups: {}, unit_tests: {}, parent_map: {}, child_map: {}, disabled: {} };
}

const meta = (projectName: string, invocationId: string): ArtifactMetadata => ({ invocationId, generatedAt: new Date('2026-12-07T10:00:00Z'), projectName, adapterType: 'duckdb' });
type Document = { metadata: { invocation_id: string; project_name: string }; nodes: Record<string, unknown> };
const read = (path: string): Document => JSON.parse(readFileSync(path, 'utf8')) as Document;

describe('manifest.json written again from its body', () => {
  function written(): { dir: string; path: string; body: string } {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-manifest-'));
    dirs.push(dir);
    const path = writeManifest(dir, manifestWithOneModel(), meta('shop', 'a'.repeat(36)), 'key-1');
    return { dir, path, body: JSON.stringify(read(path).nodes) };
  }

  it('puts metadata of the same length over the old in place, body untouched', () => {
    const { dir, path, body } = written();
    const size = statSync(path).size;
    expect(writeManifestFromBody(dir, meta('shop', 'b'.repeat(36)), 'key-1')).toBe(true);
    expect(read(path).metadata.invocation_id).toBe('b'.repeat(36));
    expect(JSON.stringify(read(path).nodes)).toBe(body);
    expect(statSync(path).size).toBe(size);
  });

  it('writes metadata of another length in front of the body read back', () => {
    const { dir, path, body } = written();
    expect(writeManifestFromBody(dir, meta('a_longer_project_name', 'c'.repeat(36)), 'key-1')).toBe(true);
    expect(read(path).metadata).toMatchObject({ invocation_id: 'c'.repeat(36), project_name: 'a_longer_project_name' });
    expect(JSON.stringify(read(path).nodes)).toBe(body);
    // And again from that write: the body is still reused.
    expect(writeManifestFromBody(dir, meta('a_longer_project_name', 'd'.repeat(36)), 'key-1')).toBe(true);
    expect(JSON.stringify(read(path).nodes)).toBe(body);
  });

  it('reuses nothing under another key, or once the file changed', () => {
    const { dir, path } = written();
    expect(writeManifestFromBody(dir, meta('shop', 'e'.repeat(36)), 'key-2')).toBe(false);
    writeFileSync(path, '{}');
    expect(writeManifestFromBody(dir, meta('shop', 'e'.repeat(36)), 'key-1')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('{}');
  });
});
