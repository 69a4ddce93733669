/**
 * `ref('x')` and `source('a', 'b')` written inside YAML values (a relationships test's
 * `to:`, an exposure's `depends_on`, a semantic model's `model:`), found without rendering.
 */
import type { RefCall } from '../project/nodes.js';

const REF = /\bref\(\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?\s*(?:,\s*(?:v|version)\s*=\s*['"]?([\w.]+)['"]?\s*)?\)/g;
const SOURCE = /\bsource\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/g;

/** Every ref and source call in the strings of `value`, searched through lists and mappings. */
export function refsInYaml(value: unknown): { refs: RefCall[]; sources: [string, string][] } {
  const refs: RefCall[] = [];
  const sources: [string, string][] = [];
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const m of item.matchAll(REF)) refs.push(m[2] ? { package: m[1], name: m[2] } : { name: m[1]!, ...(m[3] ? { version: m[3] } : {}) });
      for (const m of item.matchAll(SOURCE)) sources.push([m[1]!, m[2]!]);
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (item && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return { refs, sources };
}
