/**
 * `state:` comparisons against a previous manifest (--state), after dbt's
 * same_body / same_config / same_persisted_description / same_database_representation /
 * same_contract / same_contents, and its check for changed upstream macros.
 */
import { KilnError } from '../../errors.js';
import { didYouMean } from '../../project/suggest.js';
import type { Manifest } from '../../project/nodes.js';
import type { GraphIndex, Member, MemberCategory } from './graph-index.js';

export const STATE_SELECTORS = [
  'new',
  'old',
  'modified',
  'unmodified',
  'modified.body',
  'modified.configs',
  'modified.persisted_descriptions',
  'modified.relation',
  'modified.macros',
  'modified.contract',
] as const;

type Loose = Record<string, unknown>;

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Loose;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

function same(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

function previousOf(state: Manifest, id: string): Member | undefined {
  return (
    state.nodes?.[id] ??
    state.sources?.[id] ??
    state.exposures?.[id] ??
    state.unit_tests?.[id] ??
    state.metrics?.[id] ??
    state.semantic_models?.[id] ??
    state.saved_queries?.[id]
  );
}

/** Config as written (dbt's unrendered_config) when both sides have it, else the resolved config. */
function configPair(newer: Loose, older: Loose): [Loose, Loose] {
  const nu = newer.unrendered_config as Loose | undefined;
  const ou = older.unrendered_config as Loose | undefined;
  if (nu && ou) return [nu, ou];
  return [(newer.config as Loose) ?? {}, (older.config as Loose) ?? {}];
}

/** dbt leaves `tags` out of config comparison (CompareBehavior.Exclude). */
function sameConfig(newer: Loose, older: Loose): boolean {
  const [a, b] = configPair(newer, older);
  const strip = (c: Loose): Loose => {
    const { tags: _tags, ...rest } = c;
    return rest;
  };
  return same(strip(a), strip(b));
}

function sameBody(newer: Loose, older: Loose): boolean {
  const a = (newer.checksum as { checksum?: string } | undefined)?.checksum;
  const b = (older.checksum as { checksum?: string } | undefined)?.checksum;
  if (a !== undefined || b !== undefined) return a === b;
  return newer.raw_code === older.raw_code;
}

function sameFqn(newer: Loose, older: Loose): boolean {
  return same(newer.fqn, older.fqn);
}

function sameDatabaseRepresentation(newer: Loose, older: Loose, category: MemberCategory): boolean {
  if (category === 'source') {
    return newer.database === older.database && newer.schema === older.schema && newer.identifier === older.identifier;
  }
  const [a, b] = configPair(newer, older);
  return ['database', 'schema', 'alias'].every((k) => same(a[k], b[k]));
}

function samePersistedDescription(newer: Loose, older: Loose): boolean {
  const persist = ((newer.config as Loose | undefined)?.persist_docs ?? {}) as Loose;
  const oldPersist = ((older.config as Loose | undefined)?.persist_docs ?? {}) as Loose;
  if (persist.relation || oldPersist.relation) {
    if (newer.description !== older.description) return false;
  }
  if (persist.columns || oldPersist.columns) {
    const describe = (m: Loose): Record<string, unknown> =>
      Object.fromEntries(Object.entries((m.columns ?? {}) as Record<string, Loose>).map(([k, c]) => [k, c.description]));
    if (!same(describe(newer), describe(older))) return false;
  }
  return true;
}

function sameContract(newer: Loose, older: Loose): boolean {
  const nc = newer.contract as Loose | undefined;
  const oc = older.contract as Loose | undefined;
  const enforced = (m: Loose, contract: Loose | undefined): boolean =>
    Boolean(contract?.enforced ?? ((m.config as Loose | undefined)?.contract as Loose | undefined)?.enforced);
  const nEnforced = enforced(newer, nc);
  const oEnforced = enforced(older, oc);
  if (!nEnforced && !oEnforced) return true;
  if (nEnforced !== oEnforced) return false;
  if (nc?.checksum || oc?.checksum) return nc?.checksum === oc?.checksum;
  const shape = (m: Loose): unknown =>
    Object.values((m.columns ?? {}) as Record<string, Loose>).map((c) => [c.name, c.data_type, c.constraints ?? []]);
  return same(shape(newer), shape(older));
}

function sameSourceContents(newer: Loose, older: Loose): boolean {
  return (
    sameDatabaseRepresentation(newer, older, 'source') &&
    sameFqn(newer, older) &&
    sameConfig(newer, older) &&
    same(newer.quoting, older.quoting) &&
    same(newer.freshness, older.freshness) &&
    same(newer.loaded_at_field, older.loaded_at_field) &&
    same(newer.external, older.external)
  );
}

function sameExposureContents(newer: Loose, older: Loose): boolean {
  const keys = ['fqn', 'type', 'owner', 'maturity', 'url', 'description', 'label', 'config'];
  return keys.every((k) => same(newer[k], older[k])) && same((newer.depends_on as Loose)?.nodes, (older.depends_on as Loose)?.nodes);
}

function sameUnitTestContents(newer: Loose, older: Loose): boolean {
  return ['unit_test', 'config', 'fqn', 'description', 'depends_on'].every((k) => same(newer[k], older[k]));
}

const VOLATILE = new Set(['created_at', 'abs_path', 'compiled', 'compiled_code', 'extra_ctes', 'relation_name']);

function sameGeneric(newer: Loose, older: Loose): boolean {
  const strip = (m: Loose): Loose => Object.fromEntries(Object.entries(m).filter(([k]) => !VOLATILE.has(k)));
  return same(strip(newer), strip(older));
}

function sameContents(newer: Loose, older: Loose, category: MemberCategory): boolean {
  switch (category) {
    case 'node':
      return (
        sameBody(newer, older) &&
        sameConfig(newer, older) &&
        samePersistedDescription(newer, older) &&
        sameFqn(newer, older) &&
        sameDatabaseRepresentation(newer, older, category) &&
        sameContract(newer, older)
      );
    case 'source':
      return sameSourceContents(newer, older);
    case 'exposure':
      return sameExposureContents(newer, older);
    case 'unit_test':
      return sameUnitTestContents(newer, older);
    default:
      return sameGeneric(newer, older);
  }
}

/** Macros changed between the manifests (macro_sql differs, added, or removed). */
function modifiedMacros(current: Manifest, state: Manifest): Set<string> {
  const now = current.macros ?? {};
  const before = state.macros ?? {};
  const out = new Set<string>();
  for (const [id, macro] of Object.entries(now)) {
    if (!before[id] || before[id]!.macro_sql !== macro.macro_sql) out.add(id);
  }
  for (const id of Object.keys(before)) if (!now[id]) out.add(id);
  return out;
}

export interface StateComparison {
  /** Is `id` matched by `state:<selector>`? */
  matches(id: string): boolean;
}

export function stateComparison(
  selector: string,
  index: GraphIndex,
  current: Manifest,
  state: Manifest | undefined,
  raw: string,
): StateComparison {
  if (!(STATE_SELECTORS as readonly string[]).includes(selector)) {
    const hint = didYouMean(selector, STATE_SELECTORS);
    throw new KilnError(`Invalid state selector '${raw}'`, {
      hint: `${hint ? `${hint} ` : ''}Expected one of: ${STATE_SELECTORS.map((s) => `state:${s}`).join(', ')}.`,
    });
  }
  if (!state) {
    throw new KilnError(`The selection criterion '${raw}' needs a manifest to compare against`, {
      hint: 'Pass --state <path to the target/ folder of a previous run>.',
    });
  }

  let changedMacros: Set<string> | undefined;
  const macroChanged = (member: Loose): boolean => {
    changedMacros ??= modifiedMacros(current, state);
    if (changedMacros.size === 0) return false;
    const visited = new Set<string>();
    const stack = [...(((member.depends_on as Loose | undefined)?.macros as string[] | undefined) ?? [])];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (visited.has(id)) continue;
      visited.add(id);
      if (changedMacros.has(id)) return true;
      const macro = current.macros?.[id];
      if (macro) stack.push(...(macro.depends_on?.macros ?? []));
    }
    return false;
  };

  const check = (id: string): boolean => {
    const entry = index.byId.get(id);
    if (!entry) return false;
    const member = entry.member as unknown as Loose;
    const category = entry.category;
    const previous = previousOf(state, id) as unknown as Loose | undefined;
    const isNode = category === 'node';
    switch (selector) {
      case 'new':
        return previous === undefined;
      case 'old':
        return previous !== undefined;
      case 'modified':
        return previous === undefined || !sameContents(member, previous, category) || macroChanged(member);
      case 'unmodified':
        return previous !== undefined && sameContents(member, previous, category) && !macroChanged(member);
      case 'modified.body':
        return isNode && (previous === undefined || !sameBody(member, previous));
      case 'modified.configs':
        return (isNode || category === 'source' || category === 'exposure') && (previous === undefined || !sameConfig(member, previous));
      case 'modified.persisted_descriptions':
        return isNode && (previous === undefined || !samePersistedDescription(member, previous));
      case 'modified.relation':
        return (isNode || category === 'source') && (previous === undefined || !sameDatabaseRepresentation(member, previous, category));
      case 'modified.macros':
        return macroChanged(member);
      case 'modified.contract':
        return isNode && (previous === undefined || !sameContract(member, previous));
      default:
        return false;
    }
  };
  return { matches: check };
}
