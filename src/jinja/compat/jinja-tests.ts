/**
 * Jinja2's tests (`x is defined`, `x is mapping`, …) with Python's notion of
 * types: `true is number` but not `integer`, dicts are mappings, strings and
 * Undefined are iterable, `sameas` is identity.
 */
import { asString, isDict, isMappingObject, JinjaNamespace, pyContains, pyEquals, pyCompare } from './runtime/python-values.js';
import { SafeString } from './nunjucks-internals.js';

type Test = (value: unknown, ...args: unknown[]) => boolean;

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';

export const JINJA_TESTS: Record<string, Test> = {
  defined: (v) => v !== undefined,
  undefined: (v) => v === undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  false: (v) => v === false,
  true: (v) => v === true,
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  number: isNumber,
  string: (v) => asString(v) !== undefined,
  mapping: (v) => isDict(v) || v instanceof Map || isMappingObject(v),
  iterable: (v) => v === undefined || asString(v) !== undefined || Array.isArray(v) || isDict(v) ||
    (typeof v === 'object' && v !== null && !(v instanceof JinjaNamespace) && Symbol.iterator in v),
  sequence: (v) => asString(v) !== undefined || Array.isArray(v) || isDict(v),
  callable: (v) => typeof v === 'function',
  sameas: (v, other) => v === other,
  escaped: (v) => v instanceof SafeString,
  odd: (v) => Number(v) % 2 === 1 || Number(v) % 2 === -1,
  even: (v) => Number(v) % 2 === 0,
  divisibleby: (v, n) => Number(v) % Number(n) === 0,
  eq: (a, b) => pyEquals(a, b),
  ne: (a, b) => !pyEquals(a, b),
  lt: (a, b) => pyCompare(a, b) < 0,
  le: (a, b) => pyCompare(a, b) <= 0,
  gt: (a, b) => pyCompare(a, b) > 0,
  ge: (a, b) => pyCompare(a, b) >= 0,
  in: (a, container) => pyContains(container, a),
  lower: (v) => asString(v) !== undefined && asString(v) === asString(v)!.toLowerCase(),
  upper: (v) => asString(v) !== undefined && asString(v) === asString(v)!.toUpperCase(),
};

for (const [alias, name] of [['equalto', 'eq'], ['==', 'eq'], ['!=', 'ne'], ['lessthan', 'lt'], ['<', 'lt'], ['<=', 'le'], ['greaterthan', 'gt'], ['>', 'gt'], ['>=', 'ge']] as const) {
  JINJA_TESTS[alias] = JINJA_TESTS[name]!;
}
