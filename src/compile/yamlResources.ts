/**
 * Resources that exist only in property YAML: exposures, unit tests, and the
 * semantic layer (semantic models, metrics, saved queries, groups), which kiln keeps
 * in the manifest for tools that read it, though nothing runs them.
 */
import { basename, dirname } from 'node:path';
import type { ExposureDefinition, GenericResource, ManifestNode, UnitTestDefinition } from '../project/nodes.js';
import type { PackageFiles } from '../project/types.js';
import { finalizeConfig, type ProjectParser } from './parseProject.js';
import type { PackageProperties, Patch } from './properties.js';
import { refsInYaml } from './refsInYaml.js';

type Yaml = Record<string, unknown>;

function fqnFor(pkg: PackageFiles, patch: Patch, name: string): string[] {
  const dir = dirname(patch.file.pathInResource);
  return [pkg.name, ...(dir === '.' ? [] : dir.split('/')), name];
}

function genericResource(kind: string, pkg: PackageFiles, patch: Patch): GenericResource {
  const entry = patch.entry;
  const { refs } = refsInYaml(entry['model']);
  return {
    ...entry,
    unique_id: `${kind}.${pkg.name}.${entry.name}`,
    resource_type: kind,
    package_name: pkg.name,
    name: entry.name,
    original_file_path: patch.file.relPath,
    fqn: fqnFor(pkg, patch, entry.name),
    refs,
    depends_on: { macros: [], nodes: [] },
  };
}

export function buildYamlResources(parser: ProjectParser, pkg: PackageFiles, props: PackageProperties): void {
  const manifest = parser.manifest;
  for (const patch of props.others['exposures'] ?? []) {
    const e = patch.entry;
    const deps = refsInYaml(e['depends_on']);
    const exposure: ExposureDefinition = {
      unique_id: `exposure.${pkg.name}.${e.name}`,
      resource_type: 'exposure',
      package_name: pkg.name,
      name: e.name,
      type: String(e['type'] ?? 'application'),
      owner: (e['owner'] as Yaml) ?? {},
      description: String(e['description'] ?? ''),
      label: e['label'] as string | undefined,
      maturity: e['maturity'] as string | undefined,
      url: e['url'] as string | undefined,
      meta: (e['meta'] as Yaml) ?? {},
      tags: (e['tags'] as string[]) ?? [],
      config: { enabled: true, ...((e['config'] as Yaml) ?? {}) },
      depends_on: { macros: [], nodes: [] },
      refs: deps.refs,
      sources: deps.sources,
      path: patch.file.relPath,
      original_file_path: patch.file.relPath,
      fqn: fqnFor(pkg, patch, e.name),
    };
    if (exposure.config.enabled !== false) manifest.exposures[exposure.unique_id] = exposure;
  }
  for (const patch of props.others['unit_tests'] ?? []) {
    const e = patch.entry;
    const model = String(e['model']);
    const given = ((e['given'] as Yaml[]) ?? []).map((g) => ({
      input: String(g['input']),
      rows: g['rows'],
      format: (g['format'] as 'dict' | 'csv' | 'sql') ?? 'dict',
      fixture: g['fixture'] as string | undefined,
    }));
    const expect = (e['expect'] as Yaml) ?? {};
    const definition: UnitTestDefinition = {
      model,
      given,
      expect: { rows: expect['rows'], format: (expect['format'] as 'dict' | 'csv' | 'sql') ?? 'dict', fixture: expect['fixture'] as string | undefined },
      overrides: e['overrides'] as UnitTestDefinition['overrides'],
    };
    const node: ManifestNode = parser.newNode(pkg, patch.file, 'unit_test', e.name, '', [...fqnFor(pkg, patch, model), e.name]);
    node.unique_id = `unit_test.${pkg.name}.${model}.${e.name}`;
    node.path = basename(patch.file.pathInResource);
    node.description = String(e['description'] ?? '');
    node.unit_test = definition;
    node.refs = [{ name: model }];
    // As for other nodes: `unit_tests:` in the project file, then the test's own config, Jinja rendered.
    node.config = finalizeConfig(parser.baseConfig(node, pkg, patch));
    node.tags = node.config.tags;
    if (node.config.enabled) manifest.unit_tests[node.unique_id] = node;
  }
  const semantic: [string, keyof typeof manifest][] = [
    ['semantic_models', 'semantic_models'],
    ['metrics', 'metrics'],
    ['saved_queries', 'saved_queries'],
    ['groups', 'groups'],
  ];
  for (const [kind, key] of semantic) {
    const resourceType = kind === 'semantic_models' ? 'semantic_model' : kind === 'saved_queries' ? 'saved_query' : kind.slice(0, -1);
    for (const patch of props.others[kind] ?? []) {
      const resource = genericResource(resourceType, pkg, patch);
      (manifest[key] as Record<string, GenericResource>)[resource.unique_id] = resource;
    }
  }
}
