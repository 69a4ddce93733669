/**
 * Which parents a unit test replaces, and with what: every `given` entry resolved to
 * a parent of the tested model (or `this`), each parent the model reads checked to
 * have an input — except seeds, which default to their own CSV file, as in dbt.
 * Ephemeral parents are inlined, so the inputs are their parents.
 */
import { readFileSync } from 'node:fs';
import { KilnError } from '../../errors.js';
import type { Manifest, ManifestNode, SourceDefinition } from '../../project/nodes.js';
import { csvTable } from './csvText.js';
import { readFixtureData, type FixtureContext } from './fixtureData.js';
import { resolveInput, THIS_INPUT } from './inputCall.js';
import { EPHEMERAL_PREFIX } from '../../jinja/relation.js';
import type { FixtureData } from './types.js';

export interface ResolvedInput {
  /** The parent's unique_id, or `this`. */
  id: string;
  label: string;
  /** Undefined for `this` (the tested model itself). */
  parent?: ManifestNode | SourceDefinition;
  data: FixtureData;
  /** Values are CSV text (read `12` as a number when no type is known). */
  fromCsv: boolean;
  cteName: string;
}

export function cteNameFor(id: string, manifest: Manifest): string {
  if (id === THIS_INPUT) return `${EPHEMERAL_PREFIX}this`;
  const source = manifest.sources[id];
  const name = source ? `${source.source_name}__${source.name}` : (manifest.nodes[id]?.name ?? id);
  return `${EPHEMERAL_PREFIX}${name.replace(/\W/g, '_')}`;
}

export function inputLabel(id: string, manifest: Manifest): string {
  if (id === THIS_INPUT) return THIS_INPUT;
  const source = manifest.sources[id];
  return source ? `source('${source.source_name}', '${source.name}')` : `ref('${manifest.nodes[id]?.name ?? id}')`;
}

/** The relations the model's SQL reads, with ephemeral models replaced by what they read. */
export function readParents(model: ManifestNode, manifest: Manifest): string[] {
  const out = new Set<string>();
  const visit = (node: ManifestNode, seen: Set<string>) => {
    for (const id of node.depends_on.nodes) {
      const parent = manifest.nodes[id];
      if (parent?.resource_type === 'model' && parent.config.materialized === 'ephemeral') {
        if (!seen.has(id)) visit(parent, new Set([...seen, id]));
      } else out.add(id);
    }
  };
  visit(model, new Set([model.unique_id]));
  return [...out];
}

function seedData(seed: ManifestNode): FixtureData {
  const table = csvTable(readFileSync(seed.abs_path, 'utf8'), String(seed.config['delimiter'] ?? ','));
  if ('error' in table) throw new KilnError(`seed '${seed.name}' is not valid CSV: ${table.error}`, { file: seed.original_file_path });
  return { kind: 'rows', ...table };
}

export function resolveInputs(unitTest: ManifestNode, model: ManifestNode, manifest: Manifest, rootPackage: string, fixtures: Omit<FixtureContext, 'what'>): ResolvedInput[] {
  const definition = unitTest.unit_test!;
  const file = unitTest.original_file_path;
  const reads = readParents(model, manifest);
  const inputs: ResolvedInput[] = [];
  for (const given of definition.given) {
    const id = resolveInput(given.input, unitTest, manifest, rootPackage);
    const label = inputLabel(id, manifest);
    const target = id === THIS_INPUT ? undefined : (manifest.nodes[id] ?? manifest.sources[id]);
    if (id !== THIS_INPUT && !reads.includes(id)) {
      const ephemeral = target?.resource_type === 'model' && (target as ManifestNode).config.materialized === 'ephemeral';
      throw new KilnError(`unit test '${unitTest.name}' gives input ${label}, which model '${model.name}' does not read`, {
        file,
        hint: ephemeral
          ? `kiln inlines ephemeral models: give inputs for what '${target!.name}' reads instead (${readParents(target as ManifestNode, manifest).map((p) => inputLabel(p, manifest)).join(', ') || 'nothing'})`
          : `'${model.name}' reads ${reads.map((p) => inputLabel(p, manifest)).join(', ') || 'no other relation'}`,
      });
    }
    if (inputs.some((i) => i.id === id)) throw new KilnError(`unit test '${unitTest.name}' gives input ${label} twice`, { file });
    const data = readFixtureData({ rows: given.rows, format: given.format, fixture: given.fixture }, { ...fixtures, what: `given ${label}` });
    inputs.push({ id, label, parent: target, data, fromCsv: given.format === 'csv', cteName: cteNameFor(id, manifest) });
  }
  const missing: string[] = [];
  for (const id of reads) {
    if (inputs.some((i) => i.id === id)) continue;
    const node = manifest.nodes[id];
    if (node?.resource_type === 'seed') inputs.push({ id, label: inputLabel(id, manifest), parent: node, data: seedData(node), fromCsv: true, cteName: cteNameFor(id, manifest) });
    else missing.push(id);
  }
  if (missing.length) {
    const labels = missing.map((id) => inputLabel(id, manifest));
    throw new KilnError(`unit test '${unitTest.name}' gives no input for ${labels.join(', ')}, which model '${model.name}' reads`, {
      file,
      hint: `add under given: ${labels.map((l) => `- input: ${l}`).join('  ')} (rows: [] for an empty input)`,
    });
  }
  return inputs;
}
