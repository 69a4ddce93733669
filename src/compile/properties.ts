/**
 * Property YAML files (`models:`, `sources:`, `seeds:` …) read into patches keyed by
 * resource name, so the node parser can apply descriptions, columns, configs and
 * tests to the node a file describes.
 */
import { KilnError } from '../errors.js';
import { readYamlDocument, type CheckedYaml } from '../project/schemas/index.js';
import type { PackageFiles, SourceFile } from '../project/types.js';

export type PropertyEntry = Record<string, unknown> & { name: string };

export interface Patch {
  entry: PropertyEntry;
  file: SourceFile;
  /** The entry's line; computed when read (positions cost a second parse of the file). */
  readonly line?: number;
  packageName: string;
}

export interface SourcePatch {
  source: Record<string, unknown> & { name: string };
  file: SourceFile;
  line?: number;
  packageName: string;
}

export interface PackageProperties {
  /** kind (models, seeds, snapshots, analyses, macros) → name → patch */
  patches: Record<string, Map<string, Patch>>;
  sources: SourcePatch[];
  /** exposures, unit_tests, semantic_models, metrics, saved_queries, groups */
  others: Record<string, Patch[]>;
}

const PATCH_KINDS = ['models', 'seeds', 'snapshots', 'analyses', 'macros'] as const;
const OTHER_KINDS = ['exposures', 'unit_tests', 'semantic_models', 'metrics', 'saved_queries', 'groups', 'data_tests'] as const;

function patchOf(entry: PropertyEntry, file: SourceFile, packageName: string, line: () => number | undefined): Patch {
  return {
    entry,
    file,
    packageName,
    get line() {
      return line();
    },
  };
}

export function readPackageProperties(pkg: PackageFiles, checked?: CheckedYaml): PackageProperties {
  const props: PackageProperties = { patches: {}, sources: [], others: {} };
  for (const kind of PATCH_KINDS) props.patches[kind] = new Map();
  for (const kind of OTHER_KINDS) props.others[kind] = [];
  for (const file of pkg.propertyFiles) {
    if (!file.contents.trim()) continue;
    const { value, parsed } = readYamlDocument(file.contents, file.relPath, 'properties', checked);
    const doc = value as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object') continue;
    const { lineOf } = parsed;
    for (const kind of PATCH_KINDS) {
      const list = doc[kind];
      if (!Array.isArray(list)) continue;
      list.forEach((entry: PropertyEntry, index) => {
        const patch = patchOf(entry, file, pkg.name, () => lineOf([kind, index]));
        const existing = props.patches[kind]!.get(entry.name);
        if (existing) {
          throw new KilnError(`${kind.replace(/s$/, '')} '${entry.name}' is described twice`, {
            file: file.relPath,
            line: patch.line,
            hint: `the other description is in ${existing.file.relPath}${existing.line ? `:${existing.line}` : ''}; merge them into one entry`,
          });
        }
        props.patches[kind]!.set(entry.name, patch);
      });
    }
    if (Array.isArray(doc['sources'])) {
      (doc['sources'] as SourcePatch['source'][]).forEach((source, index) => {
        props.sources.push({ source, file, line: lineOf(['sources', index]), packageName: pkg.name });
      });
    }
    for (const kind of OTHER_KINDS) {
      const list = doc[kind];
      if (!Array.isArray(list)) continue;
      list.forEach((entry: PropertyEntry, index) => props.others[kind]!.push(patchOf(entry, file, pkg.name, () => lineOf([kind, index]))));
    }
  }
  return props;
}
