/**
 * Turning schema issues into the errors users read: the file, the line and
 * column of the offending key, a message that names the thing it belongs to
 * ("in config of model 'orders'") and a did-you-mean hint.
 */
import type { z } from 'zod';
import { KilnError } from '../../errors.js';
import { closestName } from '../suggest.js';
import { KIND_SINGULAR } from './configs.js';
import type { KilnIssueParams } from './leaves.js';
import type { ParsedYaml, YamlPath } from './yaml.js';

/** Which kind of file a root schema reads; it changes how paths are described. */
export type RootKind = 'project' | 'profiles' | 'properties' | 'packages' | 'selectors';

const rootKinds = new WeakMap<object, RootKind>();
export function registerRootKind<T extends z.ZodType>(schema: T, kind: RootKind): T {
  rootKinds.set(schema, kind);
  return schema;
}
export function rootKindOf(schema: z.ZodType): RootKind | undefined {
  return rootKinds.get(schema);
}

export interface IssueContext {
  file: string;
  /** The validated value (to describe the owner of a path and quote the offending value). */
  root: unknown;
  parsed?: ParsedYaml;
  rootKind?: RootKind;
  /** Used when there is no parsed document (config() calls in SQL files). */
  line?: number;
  /** Replaces the computed "in …" description. */
  describe?: string;
}

type Issue = z.core.$ZodIssue;

export function issuesToErrors(issues: readonly Issue[], ctx: IssueContext): KilnError[] {
  const errors = issues.map((issue) => issueToError(issue, ctx));
  return errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function issueToError(issue: Issue, ctx: IssueContext): KilnError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const custom = issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
  const inner = (custom?.zod as Issue | undefined) ?? (issue.code === 'custom' ? undefined : issue);
  const params = custom && 'kiln' in custom ? (custom as KilnIssueParams) : undefined;

  const position = ctx.parsed?.positionOf(path);
  const line = position?.line ?? ctx.line;
  const details = {
    file: ctx.file,
    line,
    column: position?.column,
    excerpt: position && ctx.parsed ? ctx.parsed.lineText(position.line).trim() || undefined : undefined,
  };

  const got = valueAt(ctx.root, path);
  const owner = (trim: number): string => ctx.describe ?? describePath(ctx.root, path.slice(0, path.length - trim), ctx.rootKind);
  const label = labelOf(path);
  const ownerOfValue = owner(typeof path[path.length - 1] === 'number' ? 2 : 1);
  const suffix = ownerOfValue ? ` (in ${ownerOfValue})` : '';

  if (params?.kiln === 'unknown_key') {
    const where = owner(1);
    let message = where ? `unknown key '${params.key}' in ${where}` : `unknown top-level key '${params.key}'`;
    if (params.note) message += `: ${params.note}`;
    const best = params.hint ? undefined : closestName(params.key, params.candidates);
    const hint = params.hint ?? (best ? `did you mean '${best}'?` : params.fallbackHint ?? knownKeysHint(params.candidates));
    return new KilnError(message, { ...details, hint });
  }
  if (params?.kiln === 'type') {
    if (got === undefined) return missing(path, owner(1), details);
    return new KilnError(`${label} must be ${params.expected}, got ${show(got)}${suffix}`, details);
  }
  if (params?.kiln === 'choice') {
    if (got === undefined) return missing(path, owner(1), details);
    const best = typeof got === 'string' ? closestName(got, params.choices) : undefined;
    return new KilnError(`${label} must be one of ${params.choices.map((c) => `'${c}'`).join(', ')}, got ${show(got)}${suffix}`, {
      ...details,
      hint: best ? `did you mean '${best}'?` : undefined,
    });
  }
  if (params?.kiln === 'message') {
    return new KilnError(`${params.message}${suffix}`, { ...details, hint: params.hint });
  }
  if (inner?.code === 'invalid_type') {
    if (got === undefined) return missing(path, owner(1), details);
    return new KilnError(`${label} must be ${EXPECTED[inner.expected] ?? inner.expected}, got ${show(got)}${suffix}`, details);
  }
  return new KilnError(`${label}: ${inner?.message ?? issue.message}${suffix}`, details);
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

function missing(path: YamlPath, owner: string, details: ConstructorParameters<typeof KilnError>[1]): KilnError {
  const key = path[path.length - 1];
  const what = typeof key === 'number' ? `item ${key + 1}` : `key '${String(key)}'`;
  return new KilnError(`missing required ${what}${owner ? ` in ${owner}` : ''}`, details);
}

function knownKeysHint(candidates: readonly string[]): string {
  const shown = candidates.slice(0, 12).join(', ');
  return `known keys: ${shown}${candidates.length > 12 ? ', …' : ''}`;
}

function labelOf(path: YamlPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the file';
  if (typeof last === 'number') {
    const list = path[path.length - 2];
    return list === undefined ? `item ${last + 1}` : `item ${last + 1} of '${String(list)}'`;
  }
  return `'${last}'`;
}

export function valueAt(root: unknown, path: YamlPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** A short rendering of a value for messages: `3`, `'table'`, `{a: 1}`, `[x, y]`. */
export function show(value: unknown): string {
  const text = render(value, 0);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function render(value: unknown, depth: number): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return depth === 0 ? `'${value}'` : value;
  if (Array.isArray(value)) return depth > 2 ? '[...]' : `[${value.map((v) => render(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    if (depth > 2) return '{...}';
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${render(v, depth + 1)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Lists whose items are named things, and what one item is called. */
const ENTITY: Record<string, string> = {
  models: 'model',
  sources: 'source',
  tables: 'table',
  columns: 'column',
  seeds: 'seed',
  snapshots: 'snapshot',
  macros: 'macro',
  exposures: 'exposure',
  analyses: 'analysis',
  unit_tests: 'unit test',
  semantic_models: 'semantic model',
  metrics: 'metric',
  saved_queries: 'saved query',
  groups: 'group',
  functions: 'function',
  versions: 'version',
  data_tests: 'test',
  tests: 'test',
  given: 'given input',
  arguments: 'argument',
  constraints: 'constraint',
  selectors: 'selector',
  packages: 'package',
  projects: 'project',
  dispatch: 'dispatch entry',
  entities: 'entity',
  measures: 'measure',
  dimensions: 'dimension',
  exports: 'export',
};

function nameOf(item: unknown, list: string): string | undefined {
  if (typeof item === 'string') return item;
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  if (list === 'data_tests' || list === 'tests') {
    const keys = Object.keys(record);
    return keys.length === 1 ? keys[0] : undefined;
  }
  for (const key of ['name', 'v', 'input', 'package', 'git', 'local', 'tarball', 'private', 'macro_namespace', 'type']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/**
 * Describe the owner of a path: `config of model 'orders'`,
 * `column 'id' of model 'orders'`, `models config at 'jaffle_shop.staging'`,
 * `output 'dev' of profile 'jaffle_shop'`; '' for the top level.
 */
export function describePath(root: unknown, path: YamlPath, rootKind?: RootKind): string {
  if (path.length === 0) return '';
  if (rootKind === 'project' && typeof path[0] === 'string' && KIND_SINGULAR[path[0]] !== undefined) {
    return path.length === 1 ? `'${path[0]}' config` : `'${path[0]}' config at '${path.slice(1).join('.')}'`;
  }
  const entities: string[] = [];
  let sub: string[] = [];
  let current: unknown = root;
  let skipKey: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const parentKey = i > 0 ? path[i - 1] : undefined;
    current = valueAt(current, [segment]);
    if (rootKind === 'profiles' && i === 0) {
      entities.unshift(`profile '${String(segment)}'`);
      continue;
    }
    if (rootKind === 'profiles' && parentKey === 'outputs' && i === 2) {
      sub = [];
      entities.unshift(`output '${String(segment)}'`);
      continue;
    }
    if (typeof segment === 'number' && typeof parentKey === 'string' && ENTITY[parentKey]) {
      sub.pop(); // the list's own key
      if (sub.length > 0) entities.unshift(sub.join('.'));
      sub = [];
      const name = nameOf(current, parentKey);
      entities.unshift(name === undefined ? `${ENTITY[parentKey]} #${segment + 1}` : `${ENTITY[parentKey]} '${name}'`);
      skipKey = parentKey === 'data_tests' || parentKey === 'tests' ? name : undefined;
      continue;
    }
    if (skipKey !== undefined && segment === skipKey && sub.length === 0) {
      skipKey = undefined;
      continue;
    }
    skipKey = undefined;
    if (typeof segment === 'number' && sub.length > 0) sub[sub.length - 1] += `[${segment}]`;
    else sub.push(typeof segment === 'number' ? `[${segment}]` : segment);
  }
  const parts = sub.length > 0 ? [sub.join('.'), ...entities] : entities;
  return parts.join(' of ');
}
