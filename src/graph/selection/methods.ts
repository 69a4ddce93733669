/**
 * Selector methods: each finds the members a `method:value` criterion names,
 * after dbt's selector_methods.py (fnmatch wildcards where dbt uses them).
 */
import { createRequire } from 'node:module';
import { KilnError } from '../../errors.js';
import { didYouMean } from '../../project/suggest.js';
import type { Manifest } from '../../project/nodes.js';
import { fnmatch, hasWildcard } from './fnmatch.js';
import { emptySet, type GraphIndex, type MemberCategory, type MemberEntry, type NodeSet } from './graph-index.js';
import { stateComparison } from './state.js';
import type { PreviousResult, SelectionCriterion } from './types.js';

/** picomatch, loaded for the first wildcard `path:` selector: every other selection (and every command) is 5 ms quicker without it. */
const picomatch = (pattern: string, options: { dot: boolean }): ((path: string) => boolean) =>
  (createRequire(import.meta.url)('picomatch') as typeof import('picomatch'))(pattern, options);

export interface MethodContext {
  index: GraphIndex;
  manifest: Manifest;
  state?: Manifest;
  previousResults?: PreviousResult[];
  rootPackage: string;
}

type Loose = Record<string, unknown>;

export const RESOURCE_TYPES = [
  'model',
  'seed',
  'snapshot',
  'test',
  'unit_test',
  'analysis',
  'source',
  'exposure',
  'metric',
  'semantic_model',
  'saved_query',
  'operation',
] as const;

const TEST_TYPES = ['generic', 'singular', 'data', 'unit', 'schema'];
const VERSION_SELECTORS = ['latest', 'prerelease', 'old', 'none'];

function invalid(c: SelectionCriterion, message: string, hint?: string): never {
  throw new KilnError(`Invalid selection criterion '${c.raw}': ${message}`, { hint });
}

function isTest(member: Loose): boolean {
  return member.resource_type === 'test';
}

function isUnitTest(member: Loose, category: MemberCategory): boolean {
  return category === 'unit_test' || member.resource_type === 'unit_test';
}

/**
 * dbt's fqn matcher (is_selected_node, tried on the fqn and on the fqn without its package),
 * built once per selector value; compares in place rather than slicing, as it runs per member.
 */
function fqnMatcher(selector: string): (entry: MemberEntry, versioned: boolean) => boolean {
  const parts = selector.split('.');
  const slurp = parts.findIndex((p) => hasWildcard(p));
  const tailPattern = slurp >= 0 ? parts.slice(slurp).join('.') : '';
  const lastTwo = parts.slice(-2).join('_');
  const matchFrom = (fqn: string[], fqnStart: number, flat: string[], flatStart: number, versioned: boolean): boolean => {
    const n = fqn.length - fqnStart;
    if (n <= 0) return false;
    if (versioned) {
      if (n >= 2 && fqn[fqn.length - 2] === selector) return true;
      if (n >= 2 && `${fqn[fqn.length - 2]}_${fqn[fqn.length - 1]}` === lastTwo) return true;
      if (n === 1 && fqn[fqn.length - 1] === lastTwo) return true;
    } else if (fqn[fqn.length - 1] === selector) {
      return true;
    }
    if (flat.length - flatStart < parts.length) return false;
    for (let i = 0; i < parts.length; i++) {
      if (i === slurp) return fnmatch(flat.slice(flatStart + slurp).join('.'), tailPattern);
      if (flat[flatStart + i] !== parts[i]) return false;
    }
    return true;
  };
  return (entry, versioned) =>
    matchFrom(entry.fqn, 0, entry.flat, 0, versioned) ||
    (entry.fqn.length >= 2 && matchFrom(entry.fqn, 1, entry.flat, entry.packageParts, versioned));
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** `a/b/c.sql` → ['a/b/c.sql', 'a/b', 'a']. */
function pathAndParents(file: string): string[] {
  const out = [file];
  let i = file.lastIndexOf('/');
  while (i > 0) {
    out.push(file.slice(0, i));
    i = file.lastIndexOf('/', i - 1);
  }
  return out;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Descend into config by `args`; undefined when a key is missing. */
function configValue(config: unknown, args: string[]): { found: boolean; value: unknown } {
  let value = config;
  for (const arg of args) {
    if (value === null || typeof value !== 'object' || !(arg in (value as Loose))) return { found: false, value: undefined };
    value = (value as Loose)[arg];
  }
  return { found: true, value };
}

function configScalarMatches(value: unknown, selector: string, caseInsensitive: boolean): boolean {
  if (typeof value === 'boolean') return selector.toLowerCase() === String(value);
  if (typeof value === 'number') return String(value) === selector;
  if (typeof value === 'string') {
    if (caseInsensitive) return value.toLowerCase() === selector.toLowerCase();
    return value === selector || (hasWildcard(selector) && fnmatch(value, selector));
  }
  return false;
}

function compareVersions(a: string | number, b: string | number): number {
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Split `pkg.name` / `name` for exposure:, metric:, semantic_model:, saved_query:. */
function packageAndName(c: SelectionCriterion, what: string): [string, string] {
  const parts = c.value.split('.');
  if (parts.length === 1) return ['*', parts[0]!];
  if (parts.length === 2) return [parts[0]!, parts[1]!];
  invalid(c, `${what} selectors take the form '${what}_name' or 'package_name.${what}_name'`);
}

/** The members a criterion's method and value match (before graph operators). */
export function searchMethod(c: SelectionCriterion, ctx: MethodContext): NodeSet {
  const { index } = ctx;
  const out = emptySet(index);
  const each = (fn: (id: string, member: Loose, category: MemberCategory) => boolean, only?: MemberCategory[]): NodeSet => {
    const lists = only ? only.map((category) => index.byCategory.get(category) ?? []) : [index.entries];
    for (const list of lists) {
      for (const entry of list) {
        if (fn(entry.id, entry.member as unknown as Loose, entry.category)) out[entry.index] = 1;
      }
    }
    return out;
  };
  const value = c.value;

  switch (c.method) {
    case 'fqn': {
      const match = fqnMatcher(value);
      for (const category of ['node', 'unit_test'] as const) {
        for (const entry of index.byCategory.get(category) ?? []) {
          const version = (entry.member as { version?: unknown }).version;
          if (match(entry, version !== undefined && version !== null)) out[entry.index] = 1;
        }
      }
      return out;
    }

    case 'tag':
      return each((_id, m) => {
        const tags = (m.tags ?? (m.config as Loose | undefined)?.tags ?? []) as unknown;
        const list = Array.isArray(tags) ? tags : [tags];
        return list.some((t) => typeof t === 'string' && fnmatch(t, value));
      });

    case 'group':
      return each(
        (_id, m) => {
          const group = (m.config as Loose | undefined)?.group ?? m.group;
          return typeof group === 'string' && fnmatch(group, value);
        },
        ['node', 'metric', 'semantic_model', 'saved_query'],
      );

    case 'access':
      return each(
        (_id, m) => m.resource_type === 'model' && ((m.access ?? (m.config as Loose | undefined)?.access ?? 'protected') as string) === value,
        ['node'],
      );

    case 'source': {
      const parts = value.split('.');
      let pkg = '*';
      let source: string;
      let table = '*';
      if (parts.length === 1) source = parts[0]!;
      else if (parts.length === 2) [source, table] = parts as [string, string];
      else if (parts.length === 3) [pkg, source, table] = parts as [string, string, string];
      else invalid(c, "sources take the form 'source_name', 'source_name.table_name' or 'package_name.source_name.table_name'");
      return each(
        (_id, m) =>
          fnmatch(String(m.package_name), pkg) && fnmatch(String(m.source_name), source) && fnmatch(String(m.name), table),
        ['source'],
      );
    }

    case 'exposure':
    case 'metric':
    case 'semantic_model':
    case 'saved_query': {
      const [pkg, name] = packageAndName(c, c.method);
      return each((_id, m) => fnmatch(String(m.package_name), pkg) && fnmatch(String(m.name), name), [c.method]);
    }

    case 'unit_test': {
      const parts = value.split('.');
      if (parts.length > 3) invalid(c, "unit tests take the form 'test_name', 'model_name.test_name' or 'package_name.model_name.test_name'");
      return each(
        (_id, m) => {
          const name = String(m.name);
          const fqn = (m.fqn as string[] | undefined) ?? [];
          const model = String((m.unit_test as Loose | undefined)?.model ?? fqn[fqn.length - 2] ?? '');
          const pkg = String(m.package_name);
          if (parts.length === 1) return fnmatch(name, parts[0]!);
          if (parts.length === 2) {
            return fnmatch(name, parts[1]!) && (fnmatch(model, parts[0]!) || fnmatch(pkg, parts[0]!));
          }
          return fnmatch(pkg, parts[0]!) && fnmatch(model, parts[1]!) && fnmatch(name, parts[2]!);
        },
        ['unit_test'],
      );
    }

    case 'path': {
      const pattern = normalizePath(value);
      const wild = hasWildcard(pattern);
      const isMatch = wild ? picomatch(pattern, { dot: true }) : (p: string) => p === pattern;
      return each((_id, m) => {
        const ofp = typeof m.original_file_path === 'string' ? normalizePath(m.original_file_path) : undefined;
        if (ofp && pathAndParents(ofp).some((p) => isMatch(p))) return true;
        if (typeof m.patch_path === 'string' && m.patch_path) {
          const patch = normalizePath(m.patch_path.includes('://') ? m.patch_path.split('://')[1]! : m.patch_path);
          if (isMatch(patch)) return true;
        }
        return false;
      });
    }

    case 'file':
      return each((_id, m) => {
        if (typeof m.original_file_path !== 'string') return false;
        const name = baseName(normalizePath(m.original_file_path));
        return fnmatch(name, value) || fnmatch(stem(name), value);
      });

    case 'package': {
      const pkg = value === 'this' ? ctx.rootPackage : value;
      return each((_id, m) => fnmatch(String(m.package_name), pkg));
    }

    case 'config': {
      if (c.args.length === 0) {
        invalid(c, 'the config method needs a key', `Write 'config.<key>:<value>', e.g. 'config.materialized:view'.`);
      }
      const caseInsensitive = c.args.length === 1 && c.args[0] === 'severity';
      return each(
        (_id, m) => {
          const { found, value: v } = configValue(m.config, c.args);
          if (!found) return false;
          if (Array.isArray(v)) return v.some((item) => configScalarMatches(item, value, caseInsensitive));
          return configScalarMatches(v, value, caseInsensitive);
        },
        ['node', 'source', 'exposure', 'unit_test'],
      );
    }

    case 'test_name':
      return each(
        (_id, m, category) => {
          if (isUnitTest(m, category)) return fnmatch(String(m.name), value);
          const meta = m.test_metadata as Loose | undefined;
          return isTest(m) && meta !== undefined && fnmatch(String(meta.name), value);
        },
        ['node', 'unit_test'],
      );

    case 'test_type': {
      if (!TEST_TYPES.includes(value)) {
        const hint = didYouMean(value, TEST_TYPES);
        invalid(c, `unknown test type '${value}'`, `${hint ? `${hint} ` : ''}Expected generic, singular, data or unit.`);
      }
      return each(
        (_id, m, category) => {
          if (isUnitTest(m, category)) return value === 'unit';
          if (!isTest(m)) return false;
          const generic = m.test_metadata !== undefined && m.test_metadata !== null;
          if (value === 'generic' || value === 'schema') return generic;
          if (value === 'singular') return !generic;
          return value === 'data';
        },
        ['node', 'unit_test'],
      );
    }

    case 'resource_type': {
      if (!(RESOURCE_TYPES as readonly string[]).includes(value)) {
        const hint = didYouMean(value, RESOURCE_TYPES);
        invalid(c, `unknown resource type '${value}'`, `${hint ? `${hint} ` : ''}Expected one of: ${RESOURCE_TYPES.join(', ')}.`);
      }
      return each((_id, m, category) => m.resource_type === value || (value === 'unit_test' && category === 'unit_test'));
    }

    case 'version': {
      if (!VERSION_SELECTORS.includes(value)) {
        const hint = didYouMean(value, VERSION_SELECTORS);
        invalid(c, `unknown version selector '${value}'`, `${hint ? `${hint} ` : ''}Expected latest, prerelease, old or none.`);
      }
      return each(
        (_id, m) => {
          if (m.resource_type !== 'model') return false;
          const v = m.version as string | number | null | undefined;
          const latest = m.latest_version as string | number | null | undefined;
          const has = (x: unknown): x is string | number => x !== undefined && x !== null && x !== '';
          switch (value) {
            case 'latest':
              return has(v) && has(latest) && String(v) === String(latest);
            case 'prerelease':
              return has(v) && has(latest) && compareVersions(v, latest) > 0;
            case 'old':
              return has(v) && has(latest) && compareVersions(v, latest) < 0;
            default:
              return !has(v);
          }
        },
        ['node'],
      );
    }

    case 'state': {
      const comparison = stateComparison(value, index, ctx.manifest, ctx.state, c.raw);
      return each((id) => comparison.matches(id));
    }

    case 'result': {
      if (!ctx.previousResults) {
        throw new KilnError(`The selection criterion '${c.raw}' needs the results of a previous run`, {
          hint: 'Pass --state <path to the target/ folder of a previous run> (it must hold run_results.json).',
        });
      }
      const matches = new Set(ctx.previousResults.filter((r) => r.status === value).map((r) => r.unique_id));
      return each((id) => matches.has(id));
    }

    case 'source_status':
      throw new KilnError(`The selection method 'source_status' is not supported yet (in '${c.raw}')`, {
        hint: "It compares source freshness results (sources.json); select sources with 'source:' instead.",
      });

    default:
      throw new KilnError(`'${c.method}' is not a valid node selection method (in '${c.raw}')`);
  }
}
