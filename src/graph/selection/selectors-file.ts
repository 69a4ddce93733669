/**
 * selectors.yml, as dbt documents "YAML selectors":
 *
 *   selectors:
 *     - name: nightly
 *       default: true
 *       definition:
 *         union:
 *           - method: tag
 *             value: nightly
 *             children: true
 *           - "source:raw+"          # CLI syntax
 *           - tag: hourly            # key-value shorthand
 *           - method: selector       # another selector (also `selector: name`)
 *             value: base
 *           - exclude:
 *               - "tag:deprecated"
 */
import type { LineCounter, Node as YamlNode } from 'yaml';
import { KilnError } from '../../errors.js';
import { METHOD_KEYS } from '../../project/schemas/index.js';
import { didYouMean } from '../../project/suggest.js';
import { parseCriterion, parseIndirectSelection, splitMethod } from './parse.js';
import type { SelectionCriterion, SelectionSpec, SelectorDefinition, SelectorsFile } from './types.js';
import { yamlLibrary } from '../../project/schemas/yamlLibrary.js';

// The yaml package loads on first use (see yamlLibrary); a project without selectors.yml never needs it.
type Yaml = typeof import('yaml');
const isMap = ((node: unknown) => yamlLibrary().isMap(node)) as Yaml['isMap'];
const isSeq = ((node: unknown) => yamlLibrary().isSeq(node)) as Yaml['isSeq'];
const isScalar = ((node: unknown) => yamlLibrary().isScalar(node)) as Yaml['isScalar'];

const CRITERION_KEYS: ReadonlySet<string> = new Set(METHOD_KEYS);

const SELECTOR_KEYS = ['name', 'description', 'definition', 'default'];

interface Ctx {
  file: string;
  lines: LineCounter;
}

function lineOf(ctx: Ctx, node: YamlNode | null | undefined): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : ctx.lines.linePos(offset).line;
}

function fail(ctx: Ctx, node: YamlNode | null | undefined, message: string, hint?: string): never {
  throw new KilnError(message, { file: ctx.file, line: lineOf(ctx, node), hint });
}

/** Plain JS value of a YAML node. */
function plain(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.toJSON();
  return node;
}

function asString(ctx: Ctx, node: unknown, what: string): string {
  const value = plain(node);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  fail(ctx, node as YamlNode, `${what} must be a string`);
}

function asBool(ctx: Ctx, node: unknown, what: string): boolean {
  const value = plain(node);
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  fail(ctx, node as YamlNode, `${what} must be true or false`);
}

function asDepth(ctx: Ctx, node: unknown, what: string): number | undefined {
  const value = plain(node);
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0) fail(ctx, node as YamlNode, `${what} must be a whole number`);
  return n;
}

function listItems(ctx: Ctx, node: unknown, key: string): unknown[] {
  if (!isSeq(node)) fail(ctx, node as YamlNode, `'${key}' must be a list of selector definitions`);
  return node.items;
}

/** Parse the items of a union/intersection, splitting off at most one `exclude:` item. */
function parseSetItems(ctx: Ctx, node: unknown, key: 'union' | 'intersection', raw: string): SelectionSpec {
  const include: SelectionSpec[] = [];
  let exclude: SelectionSpec | undefined;
  for (const item of listItems(ctx, node, key)) {
    if (isMap(item) && item.has('exclude') && item.items.length === 1) {
      if (exclude) fail(ctx, item, `Only one 'exclude' is allowed in the same '${key}'`);
      exclude = parseExclusions(ctx, item.get('exclude', true));
    } else {
      include.push(parseDefinition(ctx, item, false));
    }
  }
  const set: SelectionSpec = { kind: key, components: include, expectExists: false, raw };
  return exclude ? { kind: 'difference', components: [set, exclude], raw } : set;
}

function parseExclusions(ctx: Ctx, node: unknown): SelectionSpec {
  const items = isSeq(node) ? node.items : [node];
  const parsed = items.map((item) => parseDefinition(ctx, item, false));
  if (parsed.length === 0) fail(ctx, node as YamlNode, `'exclude' must not be empty`);
  return parsed.length === 1 ? parsed[0]! : { kind: 'union', components: parsed, expectExists: false };
}

function parseMethodDict(ctx: Ctx, node: unknown): SelectionSpec {
  if (!isMap(node)) fail(ctx, node as YamlNode, 'Expected a selector definition');
  const keys = node.items.map((pair) => String(plain(pair.key)));
  const raw = JSON.stringify(node.toJSON());
  const where = { file: ctx.file, line: lineOf(ctx, node) };

  // Key-value shorthand: `tag: nightly`, `config.materialized: view`, `selector: base`.
  if (keys.length === 1 && !CRITERION_KEYS.has(keys[0]!)) {
    const key = keys[0]!;
    const valueNode = node.get(key, true);
    const value = asString(ctx, valueNode, `'${key}'`);
    if (key === 'selector') return { kind: 'selector', name: value, raw };
    const { method, args } = splitMethod(key, raw, where);
    return criterion(raw, method, args, value);
  }

  for (const key of keys) {
    if (!CRITERION_KEYS.has(key)) {
      const hint = didYouMean(key, CRITERION_KEYS);
      fail(ctx, node, `Unknown key '${key}' in a selector definition`, hint || `Expected ${[...CRITERION_KEYS].join(', ')}.`);
    }
  }
  if (!node.has('method') || !node.has('value')) {
    fail(ctx, node, `A selector definition needs both 'method' and 'value' (or a single 'method: value' key), got: ${keys.join(', ')}`);
  }
  const methodName = asString(ctx, node.get('method', true), `'method'`);
  const value = asString(ctx, node.get('value', true), `'value'`);
  let spec: SelectionSpec;
  if (methodName === 'selector') {
    spec = { kind: 'selector', name: value, raw };
  } else {
    const { method, args } = splitMethod(methodName, raw, where);
    const c = criterion(raw, method, args, value);
    c.parents = asBool(ctx, node.get('parents', true), `'parents'`);
    c.children = asBool(ctx, node.get('children', true), `'children'`);
    c.childrensParents = asBool(ctx, node.get('childrens_parents', true), `'childrens_parents'`);
    c.parentsDepth = asDepth(ctx, node.get('parents_depth', true), `'parents_depth'`);
    c.childrenDepth = asDepth(ctx, node.get('children_depth', true), `'children_depth'`);
    if (c.childrensParents && c.parents) {
      fail(ctx, node, `'childrens_parents' and 'parents' cannot both be true`);
    }
    if (node.has('indirect_selection')) {
      c.indirectSelection = parseIndirectSelection(plain(node.get('indirect_selection', true)), where);
    }
    spec = c;
  }
  if (node.has('exclude')) {
    spec = { kind: 'difference', components: [spec, parseExclusions(ctx, node.get('exclude', true))], raw };
  }
  return spec;
}

function criterion(raw: string, method: string, args: string[], value: string): SelectionCriterion {
  return {
    kind: 'criterion',
    raw,
    method,
    args,
    value,
    parents: false,
    children: false,
    childrensParents: false,
  };
}

function parseDefinition(ctx: Ctx, node: unknown, rootLevel: boolean): SelectionSpec {
  if (isScalar(node) && typeof node.value === 'string') {
    return parseCriterion(node.value, { file: ctx.file, line: lineOf(ctx, node) });
  }
  if (isMap(node)) {
    const hasUnion = node.has('union');
    const hasIntersection = node.has('intersection');
    if (hasUnion || hasIntersection) {
      if (node.items.length > 1) {
        const keys = node.items.map((p) => String(plain(p.key))).join(', ');
        fail(
          ctx,
          node,
          rootLevel
            ? `Only a single 'union' or 'intersection' key is allowed in a root level selector definition; found ${keys}`
            : `A 'union' or 'intersection' must be the only key of its definition; found ${keys}`,
        );
      }
      const key = hasUnion ? 'union' : 'intersection';
      return parseSetItems(ctx, node.get(key, true), key, JSON.stringify(node.toJSON()));
    }
    return parseMethodDict(ctx, node);
  }
  fail(ctx, node as YamlNode, 'Expected a selector definition: a string, or a mapping with method/value, union or intersection');
}

/** Parse selectors.yml text. Selector references are checked here (unknown names, cycles). */
export function parseSelectorsFile(text: string, file: string): SelectorsFile {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const ctx: Ctx = { file, lines };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new KilnError(`Invalid YAML: ${err.message.split('\n')[0]}`, {
      file,
      line: err.linePos?.[0]?.line,
    });
  }
  const selectors: Record<string, SelectorDefinition> = {};
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, selectors };
  if (!isMap(root)) fail(ctx, root, `${file} must be a mapping with a 'selectors' list`);
  const list = root.get('selectors', true);
  if (list === undefined || (isScalar(list) && list.value === null)) return { file, selectors };
  if (!isSeq(list)) fail(ctx, list as YamlNode, `'selectors' must be a list`);

  let defaultName: string | undefined;
  for (const entry of list.items) {
    if (!isMap(entry)) fail(ctx, entry as YamlNode, 'Each selector must be a mapping with name and definition');
    for (const pair of entry.items) {
      const key = String(plain(pair.key));
      if (!SELECTOR_KEYS.includes(key)) {
        const hint = didYouMean(key, SELECTOR_KEYS);
        fail(ctx, pair.key as YamlNode, `Unknown selector key '${key}'`, hint || `Expected ${SELECTOR_KEYS.join(', ')}.`);
      }
    }
    if (!entry.has('name')) fail(ctx, entry, `A selector needs a 'name'`);
    const name = asString(ctx, entry.get('name', true), `'name'`);
    if (selectors[name]) fail(ctx, entry, `Duplicate selector name '${name}'`);
    if (!entry.has('definition')) fail(ctx, entry, `Selector '${name}' needs a 'definition'`);
    const isDefault = asBool(ctx, entry.get('default', true), `'default'`);
    if (isDefault) {
      if (defaultName) {
        fail(ctx, entry, `Found multiple selectors with 'default: true': '${defaultName}' and '${name}'`);
      }
      defaultName = name;
    }
    const description = entry.has('description') ? asString(ctx, entry.get('description', true), `'description'`) : undefined;
    selectors[name] = {
      name,
      description,
      default: isDefault,
      definition: parseDefinition(ctx, entry.get('definition', true), true),
      line: lineOf(ctx, entry),
    };
  }
  checkReferences({ file, selectors });
  return { file, selectors };
}

function references(spec: SelectionSpec, out: string[] = []): string[] {
  if (spec.kind === 'selector') out.push(spec.name);
  else if (spec.kind !== 'criterion') for (const c of spec.components) references(c, out);
  return out;
}

/** Unknown selector names and reference cycles are errors in the file. */
function checkReferences(file: SelectorsFile): void {
  const names = Object.keys(file.selectors);
  for (const sel of Object.values(file.selectors)) {
    for (const ref of references(sel.definition)) {
      if (!file.selectors[ref]) {
        const hint = didYouMean(ref, names);
        throw new KilnError(`Selector '${sel.name}' refers to an unknown selector '${ref}'`, {
          file: file.file,
          line: sel.line,
          hint: hint || (names.length ? `Defined selectors: ${names.join(', ')}.` : undefined),
        });
      }
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new KilnError(`Selectors refer to each other in a cycle: ${cycle.join(' -> ')}`, {
        file: file.file,
        line: file.selectors[name]!.line,
      });
    }
    state.set(name, 'visiting');
    for (const ref of references(file.selectors[name]!.definition)) visit(ref, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of names) visit(name, []);
}

/** The selector marked `default: true`, if any. */
export function defaultSelector(file: SelectorsFile | undefined): SelectorDefinition | undefined {
  if (!file) return undefined;
  return Object.values(file.selectors).find((s) => s.default);
}
