/**
 * A `given` entry's `input:` — `ref('orders')`, `ref('pkg', 'orders')`,
 * `ref('orders', v=2)`, `source('raw', 'payments')` or `this` — resolved to the
 * unique_id of the parent it stands for.
 */
import { RefResolver, resolveSourceId } from '../../compile/linkManifest.js';
import { refsInYaml } from '../../compile/refsInYaml.js';
import { KilnError } from '../../errors.js';
import type { Manifest, ManifestNode } from '../../project/nodes.js';

export const THIS_INPUT = 'this';

const resolvers = new WeakMap<Manifest, Map<string, RefResolver>>();

function resolverFor(manifest: Manifest, rootPackage: string): RefResolver {
  let byRoot = resolvers.get(manifest);
  if (!byRoot) resolvers.set(manifest, (byRoot = new Map()));
  let resolver = byRoot.get(rootPackage);
  if (!resolver) byRoot.set(rootPackage, (resolver = new RefResolver(manifest, rootPackage)));
  return resolver;
}

/** The unique_id `input` names (or `this`); a KilnError naming the unit test's file otherwise. */
export function resolveInput(input: string, unitTest: ManifestNode, manifest: Manifest, rootPackage: string): string {
  const text = input.trim();
  if (text === THIS_INPUT || text === '{{ this }}') return THIS_INPUT;
  const { refs, sources } = refsInYaml(text);
  if (refs.length + sources.length !== 1) {
    throw new KilnError(`unit test '${unitTest.name}': input '${input}' is not a ref(), source() or this`, {
      file: unitTest.original_file_path,
      hint: "write input: ref('my_model'), input: source('my_source', 'my_table') or input: this",
    });
  }
  if (refs.length) return resolverFor(manifest, rootPackage).resolve(refs[0]!, unitTest).unique_id;
  return resolveSourceId(manifest, sources[0]!, unitTest);
}
