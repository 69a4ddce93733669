/**
 * The CLI grammar: `--select "a+ tag:x,config.materialized:view" --exclude b`.
 * Space separates a union, comma an intersection inside one criterion, and each
 * criterion is `[@][N+][method[.arg...]:]value[+N]`.
 */
import { KilnError } from '../../errors.js';
import { didYouMean } from '../../project/suggest.js';
import type { IndirectSelection, SelectionCriterion, SelectionSpec } from './types.js';

/** Every method kiln knows, as dbt names them. */
export const SELECTOR_METHODS = [
  'fqn',
  'tag',
  'group',
  'access',
  'source',
  'path',
  'file',
  'package',
  'config',
  'test_name',
  'test_type',
  'resource_type',
  'state',
  'exposure',
  'metric',
  'result',
  'source_status',
  'version',
  'semantic_model',
  'saved_query',
  'unit_test',
] as const;

const METHODS = new Set<string>(SELECTOR_METHODS);

const INDIRECT_MODES: IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];

const CRITERION_PATTERN = /^(@)?((\d*)\+)?(?:([\w.]+):)?(.*?)(\+(\d*))?$/s;

export interface CriterionOptions {
  /** Where the text came from, for errors (e.g. selectors.yml and its line). */
  file?: string;
  line?: number;
}

/** Is `value` probably a path? dbt: it contains a path separator. */
function probablyPath(value: string): boolean {
  return value.includes('/') || value.includes('\\');
}

/** The method dbt uses for a bare value: path, file, or fqn. */
export function defaultMethod(value: string): 'path' | 'file' | 'fqn' {
  if (probablyPath(value)) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}

export function checkMethodName(name: string, raw: string, options: CriterionOptions = {}): void {
  if (METHODS.has(name)) return;
  const suggestion = didYouMean(name, SELECTOR_METHODS);
  throw new KilnError(`'${name}' is not a valid node selection method (in '${raw}')`, {
    file: options.file,
    line: options.line,
    hint: suggestion
      ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)} Valid methods: ${SELECTOR_METHODS.join(', ')}.`
      : `Valid methods: ${SELECTOR_METHODS.join(', ')}.`,
  });
}

/** Split `config.meta.owner` into method and arguments, checking the method name. */
export function splitMethod(rawMethod: string, raw: string, options: CriterionOptions = {}): { method: string; args: string[] } {
  const [method, ...args] = rawMethod.split('.');
  checkMethodName(method!, raw, options);
  return { method: method!, args };
}

function parseDepth(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  return Number.parseInt(text, 10);
}

/** One criterion: `2+tag:nightly+`, `@stg_orders`, `config.materialized:view`. */
export function parseCriterion(raw: string, options: CriterionOptions = {}): SelectionCriterion {
  const match = CRITERION_PATTERN.exec(raw);
  if (!match) {
    throw new KilnError(`Invalid selection criterion '${raw}'`, { file: options.file, line: options.line });
  }
  const [, at, parentsOp, parentsDepth, rawMethod, value = '', childrenOp, childrenDepth] = match;
  if (at && parentsOp) {
    throw new KilnError(`Invalid selection criterion '${raw}': the '@' and '+' prefixes cannot be combined`, {
      file: options.file,
      line: options.line,
      hint: `Use '@${raw.replace(/^@?\d*\+/, '')}' (children and their ancestors) or '${raw.slice(1)}' (ancestors).`,
    });
  }
  if (value === '') {
    throw new KilnError(`Invalid selection criterion '${raw}': no value to search for`, {
      file: options.file,
      line: options.line,
      hint: rawMethod ? `Write '${rawMethod}:<value>', e.g. '${rawMethod}:*'.` : undefined,
    });
  }
  let method: string;
  let args: string[] = [];
  if (rawMethod === undefined) {
    method = defaultMethod(value);
  } else {
    ({ method, args } = splitMethod(rawMethod, raw, options));
  }
  return {
    kind: 'criterion',
    raw,
    method,
    args,
    value,
    parents: parentsOp !== undefined,
    parentsDepth: parseDepth(parentsDepth),
    children: childrenOp !== undefined,
    childrenDepth: parseDepth(childrenDepth),
    childrensParents: at !== undefined,
  };
}

/**
 * CLI arguments as dbt reads them: each argument split on spaces (union),
 * each part split on commas (intersection). Each part warns when it matches nothing.
 */
export function parseUnion(args: readonly string[]): SelectionSpec {
  const components: SelectionSpec[] = [];
  for (const arg of args) {
    for (const part of arg.split(/\s+/)) {
      if (part === '') continue;
      const criteria = part
        .split(',')
        .filter((p) => p !== '')
        .map((p) => parseCriterion(p));
      if (criteria.length === 0) continue;
      components.push({ kind: 'intersection', components: criteria, expectExists: true, raw: part });
    }
  }
  return { kind: 'union', components, expectExists: false, raw: args.join(' ') };
}

export function parseIndirectSelection(value: unknown, options: CriterionOptions = {}): IndirectSelection {
  if (typeof value === 'string' && (INDIRECT_MODES as string[]).includes(value)) return value as IndirectSelection;
  const hint = typeof value === 'string' ? didYouMean(value, INDIRECT_MODES) : '';
  throw new KilnError(`Invalid indirect_selection '${String(value)}'`, {
    file: options.file,
    line: options.line,
    hint: `${hint ? `${hint} ` : ''}Expected one of: ${INDIRECT_MODES.join(', ')}.`,
  });
}
