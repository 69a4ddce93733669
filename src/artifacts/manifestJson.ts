/**
 * target/manifest.json in a shape close to dbt's (schema v12), so tools that read
 * dbt manifests can read kiln's. Internal-only fields are left out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest, ManifestNode } from '../project/nodes.js';
import { KILN_VERSION } from '../version.js';
import { redact } from '../secrets.js';

export interface ArtifactMetadata {
  invocationId: string;
  generatedAt: Date;
  projectName: string;
  adapterType: string;
}

function nodeForManifest(node: ManifestNode): Record<string, unknown> {
  const { abs_path: _abs, parsed_statically: _static, block_body: _body, config, ...rest } = node;
  const { pre_hook, post_hook, ...otherConfig } = config;
  return {
    ...rest,
    config: { ...otherConfig, 'pre-hook': pre_hook, 'post-hook': post_hook },
    relation_name: node.relation_name,
  };
}

export function manifestDocument(manifest: Manifest, meta: ArtifactMetadata): Record<string, unknown> {
  const strip = <T extends object>(record: Record<string, T>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => {
      const { abs_path: _a, ...rest } = v as T & { abs_path?: string };
      return [k, rest];
    }));
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: '1.9.0',
      kiln_version: KILN_VERSION,
      generated_at: meta.generatedAt.toISOString(),
      invocation_id: meta.invocationId,
      env: {},
      project_name: meta.projectName,
      adapter_type: meta.adapterType,
    },
    nodes: Object.fromEntries(Object.entries(manifest.nodes).map(([id, node]) => [id, nodeForManifest(node)])),
    sources: strip(manifest.sources),
    macros: Object.fromEntries(Object.entries(manifest.macros).map(([id, m]) => {
      const { abs_path: _a, kind: _k, adapter: _ad, line: _l, ...rest } = m;
      return [id, rest];
    })),
    docs: manifest.docs,
    exposures: manifest.exposures,
    metrics: manifest.metrics,
    groups: manifest.groups,
    selectors: {},
    disabled: Object.fromEntries(Object.entries(manifest.disabled).map(([id, list]) => [id, list.map((n) => ({ ...n, abs_path: undefined }))])),
    parent_map: manifest.parent_map,
    child_map: manifest.child_map,
    group_map: {},
    saved_queries: manifest.saved_queries,
    semantic_models: manifest.semantic_models,
    unit_tests: Object.fromEntries(Object.entries(manifest.unit_tests).map(([id, node]) => [id, nodeForManifest(node)])),
  };
}

export function writeManifest(targetDir: string, manifest: Manifest, meta: ArtifactMetadata): string {
  mkdirSync(targetDir, { recursive: true });
  const path = join(targetDir, 'manifest.json');
  writeFileSync(path, redact(JSON.stringify(manifestDocument(manifest, meta))));
  return path;
}
