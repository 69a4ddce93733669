/**
 * How Python (and so Jinja2) sees JavaScript values: truthiness, equality,
 * `str()` / `repr()` printing, tuples, and namespaces. Conventions:
 * `undefined` is Jinja's Undefined, `null` is None, arrays are lists, arrays
 * marked with TUPLE are tuples, plain objects are dicts.
 */
import { SafeString } from '../nunjucks-internals.js';

const TUPLE = Symbol('kiln.tuple');

/** A Python tuple: an array carrying a hidden mark so it prints as `(1, 2)`. */
export function makeTuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

const SET = Symbol('kiln.set');

/** A Python set: an array of distinct items (by Python equality) carrying a mark, so it compares unordered and prints as `{1, 2}`. */
export function makeSet<T>(items: Iterable<T>): T[] {
  const distinct: T[] = [];
  for (const item of items) if (!distinct.some((seen) => pyEquals(seen, item))) distinct.push(item);
  Object.defineProperty(distinct, SET, { value: true });
  return distinct;
}

export function isSet(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[SET] === true;
}

/** Jinja's `namespace()` object: attributes assignable with `{% set ns.x = … %}`. */
export class JinjaNamespace {
  [key: string]: unknown;
  constructor(initial: Record<string, unknown> = {}) {
    Object.assign(this, initial);
  }
}

export function isSafeString(value: unknown): value is { val: string } {
  return value instanceof SafeString;
}

/** A primitive string for a string or Markup-like value, else undefined. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof SafeString) return (value as { val: string }).val;
  return undefined;
}

/** Python dicts are plain objects (not class instances, arrays or null). */
/** Marks a class whose instances templates treat as a mapping (`x is mapping`, `.get`), as dbt's API objects are. */
export const MAPPING_OBJECT = Symbol.for('kiln.mappingObject');

export function isMappingObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MAPPING_OBJECT] === true;
}

export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isTruthy(value: unknown): boolean {
  if (!value) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof SafeString) return (value as { val: string }).val.length > 0;
  if (isDict(value)) {
    for (const key in value) if (key !== '__keywords') return true;
    return false;
  }
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  return true;
}

export function pyTypeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (asString(value) !== undefined) return 'str';
  if (isTuple(value)) return 'tuple';
  if (isSet(value)) return 'set';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  if (typeof value === 'function') return 'function';
  return (value as object).constructor?.name ?? 'object';
}

/** Python's `repr()` of a float or int (shortest round-trip digits, Python exponent style). */
export function formatPyNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const [mantissa, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    const m = mantissa.includes('.') ? mantissa : `${mantissa}`;
    return `${m}e${sign}${digits}`;
  }
  return String(value);
}

export function reprString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function reprDictBody(value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    if (key === '__keywords') continue;
    parts.push(`${reprString(key)}: ${pyRepr(value[key])}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Python's `repr()`, used for values nested inside printed lists and dicts. */
export function pyRepr(value: unknown): string {
  const text = asString(value);
  if (text !== undefined) return reprString(text);
  if (value === undefined) return 'Undefined';
  if (isTuple(value)) {
    return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(', ')})`;
  }
  if (isSet(value)) return value.length === 0 ? 'set()' : `{${value.map(pyRepr).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return pyStr(value);
}

/** Python's `str()`: what `{{ value }}`, `~` and the `string` filter print. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatPyNumber(value);
  if (value instanceof SafeString) return (value as { val: string }).val;
  if (Array.isArray(value)) return pyRepr(value);
  if (value instanceof JinjaNamespace) return `<Namespace ${reprDictBody(value)}>`;
  if (isDict(value)) return reprDictBody(value);
  if (typeof value === 'function') return `<function ${value.name || 'anonymous'}>`;
  return String(value);
}

/** Python `==`: deep for lists/dicts, no string/number coercion, True == 1. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const sa = asString(a);
  const sb = asString(b);
  if (sa !== undefined || sb !== undefined) return sa === sb;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const na = typeof a === 'boolean' ? Number(a) : a;
    const nb = typeof b === 'boolean' ? Number(b) : b;
    return typeof na === 'number' && typeof nb === 'number' && na === nb;
  }
  if (isSet(a) || isSet(b)) return isSet(a) && isSet(b) && a.length === b.length && a.every((item) => b.some((other) => pyEquals(item, other)));
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length || isTuple(a) !== isTuple(b)) return false;
    return a.every((item, i) => pyEquals(item, b[i]));
  }
  if (sameClassWithValue(a, b)) return (a as object).valueOf() === (b as object).valueOf();
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a).filter((k) => k !== '__keywords');
    const kb = Object.keys(b).filter((k) => k !== '__keywords');
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Python's natural ordering for `sort()`: numbers numerically, strings by code point, lists lexicographically. */
export function pyCompare(a: unknown, b: unknown): number {
  const sa = asString(a);
  const sb = asString(b);
  if (sa !== undefined && sb !== undefined) return sa < sb ? -1 : sa > sb ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const na = typeof a === 'boolean' ? Number(a) : a;
  const nb = typeof b === 'boolean' ? Number(b) : b;
  if (typeof na === 'number' && typeof nb === 'number') return na - nb;
  const ordered = orderedValues(a, b);
  if (ordered) return ordered[0] - ordered[1];
  throw new TypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Instances of one class that defines valueOf (datetimes, relations): Python's `==` compares those values. */
function sameClassWithValue(a: unknown, b: unknown): boolean {
  return !!a && !!b && typeof a === 'object' && typeof b === 'object' && Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && (a as object).valueOf !== Object.prototype.valueOf;
}

/** …and where the values are numbers (datetimes), they order them too. */
function orderedValues(a: unknown, b: unknown): [number, number] | undefined {
  if (!sameClassWithValue(a, b)) return undefined;
  const [va, vb] = [(a as object).valueOf(), (b as object).valueOf()];
  return typeof va === 'number' && typeof vb === 'number' ? [va, vb] : undefined;
}

/** Python iteration: strings yield characters, dicts yield keys, Undefined yields nothing. */
export function pyIterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined) return [];
  const text = asString(value);
  if (text !== undefined) return Array.from(text);
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`'${pyTypeName(value)}' object is not iterable`);
  }
  if (isDict(value)) return Object.keys(value).filter((k) => k !== '__keywords');
  if (value instanceof Map) return Array.from(value.keys());
  if (Symbol.iterator in value) return Array.from(value as Iterable<unknown>);
  if (value instanceof JinjaNamespace) throw new TypeError(`'Namespace' object is not iterable`);
  return Object.keys(value);
}

/** Python's `x in container`. */
export function pyContains(container: unknown, item: unknown): boolean {
  const text = asString(container);
  if (text !== undefined) {
    const needle = asString(item);
    if (needle === undefined) throw new TypeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return text.includes(needle);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (container === undefined) return false;
  if (container === null || typeof container !== 'object') {
    throw new TypeError(`argument of type '${pyTypeName(container)}' is not iterable`);
  }
  if (container instanceof Map || container instanceof Set) return container.has(item);
  return Object.prototype.hasOwnProperty.call(container, String(item));
}

/** Unpacks a value into exactly `count` targets (`{% set a, b = … %}`, `{% for k, v in … %}`). */
export function pyUnpack(value: unknown, count: number): unknown[] {
  const items = pyIterate(value);
  if (items.length !== count) {
    throw new TypeError(
      items.length > count
        ? `too many values to unpack (expected ${count})`
        : `not enough values to unpack (expected ${count}, got ${items.length})`,
    );
  }
  return items;
}
