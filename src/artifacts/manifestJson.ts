/**
 * target/manifest.json in a shape close to dbt's (schema v12), so tools that read
 * dbt manifests can read kiln's. Internal-only fields are left out.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest, ManifestNode } from '../project/nodes.js';
import { KILN_VERSION, kilnBuild } from '../version.js';
import { redact } from '../secrets.js';
import { writeJsonFile } from '../jsonFile.js';
import { hasStamp, stampOf, type FileStamp } from './fileStamp.js';

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

function metadataOf(meta: ArtifactMetadata): Record<string, unknown> {
  return {
    dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
    dbt_version: '1.9.0',
    kiln_version: KILN_VERSION,
    generated_at: meta.generatedAt.toISOString(),
    invocation_id: meta.invocationId,
    env: {},
    project_name: meta.projectName,
    adapter_type: meta.adapterType,
  };
}

/**
 * manifest.json's document. Each node, source and macro is copied into its manifest.json shape
 * only when it is serialized (toJSON), so the copies die young instead of all living until the
 * whole document is written (10,000 models: 19 MB of copies the garbage collector moved).
 */
export function manifestDocument(manifest: Manifest, meta: ArtifactMetadata): Record<string, unknown> {
  const copied = <T>(record: Record<string, T>, shape: (value: T) => unknown): Record<string, { toJSON: () => unknown }> => {
    const out: Record<string, { toJSON: () => unknown }> = {};
    for (const [id, value] of Object.entries(record)) out[id] = { toJSON: () => shape(value) };
    return out;
  };
  return {
    metadata: metadataOf(meta),
    nodes: copied(manifest.nodes, nodeForManifest),
    sources: copied(manifest.sources, ({ abs_path: _a, ...rest }) => rest),
    macros: copied(manifest.macros, ({ abs_path: _a, kind: _k, adapter: _ad, line: _l, ...rest }) => rest),
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
    unit_tests: copied(manifest.unit_tests, nodeForManifest),
  };
}

/**
 * What a manifest's document, but for its metadata, is made of when the manifest is the parse
 * whose fingerprint is `parsed` (its files and environment) plus what compiling set on its nodes.
 */
export function manifestBodyKey(parsed: string, manifest: Manifest): string {
  const hash = createHash('sha1').update(`${KILN_VERSION}\0${kilnBuild()}\0${parsed}`);
  for (const group of [manifest.nodes, manifest.unit_tests]) {
    for (const [id, node] of Object.entries(group)) {
      hash.update(`\0${id}\0${node.compiled ? 1 : 0}\0${node.compiled_code ?? ''}\0${node.extra_ctes ? JSON.stringify(node.extra_ctes) : ''}`);
    }
  }
  return hash.digest('hex');
}

/** The previous manifest.json's body key, and the size and time (whole milliseconds) of the file written with it. */
interface WrittenBody extends FileStamp {
  key: string;
}

/**
 * Write target/manifest.json. With `bodyKey` (see manifestBodyKey), when the previous write had
 * the same key and the file is as it left it, only the metadata at its head is new: it is spliced
 * onto the body already on disk rather than building and serializing the whole document again
 * (1,000 models: about 70 ms; 10,000: about 0.4 s). target/partial_parse_manifest_body.json keeps
 * the key.
 */
export function writeManifest(targetDir: string, manifest: Manifest, meta: ArtifactMetadata, bodyKey?: string): string {
  const path = join(targetDir, 'manifest.json');
  if (bodyKey !== undefined && writeManifestFromBody(targetDir, meta, bodyKey)) return path;
  mkdirSync(targetDir, { recursive: true });
  writeJsonFile(path, manifestDocument(manifest, meta), { depth: 2, map: redact });
  if (bodyKey !== undefined) recordBody(targetDir, bodyKey);
  return path;
}

/**
 * Write target/manifest.json from the body the previous write left, when that write had `bodyKey`
 * and the file is as it left it: only the metadata is new, and no manifest is needed. False when
 * there is no such body.
 */
export function writeManifestFromBody(targetDir: string, meta: ArtifactMetadata, bodyKey: string): boolean {
  const path = join(targetDir, 'manifest.json');
  if (!writtenWith(path, join(targetDir, BODY_KEY_FILE), bodyKey)) return false;
  const head = Buffer.from(`{"metadata":${JSON.stringify(metadataOf(meta))}`);
  if (!overwriteHead(path, head)) {
    const body = bodyOf(path);
    if (!body) return false;
    writeParts(path, [head, body]);
  }
  recordBody(targetDir, bodyKey);
  return true;
}

const BODY_KEY_FILE = 'partial_parse_manifest_body.json';

/** Remember the key of the manifest.json just written, with the file's size and time. */
function recordBody(targetDir: string, key: string): void {
  writeFileSync(join(targetDir, BODY_KEY_FILE), JSON.stringify({ key, ...stampOf(join(targetDir, 'manifest.json'))! } satisfies WrittenBody));
}

/** Write `parts` one after the other into `path`, without joining them first. */
function writeParts(path: string, parts: Buffer[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const part of parts) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
}

/** Whether the manifest.json at `path` was written with `key` and is still as that write left it. */
function writtenWith(path: string, keyPath: string, key: string): boolean {
  try {
    const written = JSON.parse(readFileSync(keyPath, 'utf8')) as WrittenBody;
    return written.key === key && hasStamp(path, written);
  } catch {
    return false; // no previous write to reuse
  }
}

// Inside a JSON string every quote is escaped, so the first `,"nodes":` ends the metadata.
const METADATA_START = Buffer.from('{"metadata":');
const BODY_START = Buffer.from(',"nodes":');

/**
 * Write `head` over the file's metadata in place, when the old metadata is exactly as long: it
 * nearly always is, as only the time and the invocation id change, and then the body is neither
 * read nor written (10,000 models: 23 MB). False, having written nothing, otherwise.
 */
function overwriteHead(path: string, head: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    return false;
  }
  try {
    const old = Buffer.alloc(head.length + BODY_START.length);
    if (readSync(fd, old, 0, old.length, 0) !== old.length) return false;
    if (!old.subarray(0, METADATA_START.length).equals(METADATA_START) || !old.subarray(head.length).equals(BODY_START)) return false;
    writeSync(fd, head, 0, head.length, 0);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** The file's body: all after its metadata, as bytes (nothing to decode and encode again). */
function bodyOf(path: string): Buffer | undefined {
  const bytes = readFileSync(path);
  const start = bytes.indexOf(BODY_START);
  return bytes.subarray(0, METADATA_START.length).equals(METADATA_START) && start > 0 ? bytes.subarray(start) : undefined;
}
