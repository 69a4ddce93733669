/**
 * Python's str, list and dict methods, reached through attribute lookup
 * (`'abc'.upper()`, `xs.append(1)`, `d.items()`) without touching the
 * JavaScript prototypes. Each method takes `self` and the call's arguments;
 * a trailing nunjucks keyword-argument bag is split off by `splitArgs`.
 */
import { isKeywordArgs } from '../nunjucks-internals.js';
import { strFormat } from './python-format.js';
import { asString, isSet, isTuple, makeSet, makeTuple, pyCompare, pyEquals, pyIterate, pyRepr, pyStr } from './python-values.js';

type Method = (self: never, args: unknown[], kwargs: Record<string, unknown>) => unknown;

export function splitArgs(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (!isKeywordArgs(last)) return [args, {}];
  const kwargs: Record<string, unknown> = {};
  for (const key of Object.keys(last)) if (key !== '__keywords') kwargs[key] = last[key];
  return [args.slice(0, -1), kwargs];
}

/** Python's binding of `args` to parameters `names`: by position first, then by keyword, else the default. */
export function bindArgs(args: unknown[], names: string[], defaults: unknown[] = []): unknown[] {
  const [positional, kwargs] = splitArgs(args);
  return names.map((name, i) => (i < positional.length ? positional[i] : name in kwargs ? kwargs[name] : defaults[i]));
}

/** The same, as a record by parameter name. */
export function bindArgsByName(args: unknown[], names: string[]): Record<string, unknown> {
  const values = bindArgs(args, names);
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

const WHITESPACE = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029';

function stripChars(text: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? WHITESPACE : String(asString(chars) ?? chars);
  let start = 0;
  let end = text.length;
  if (left) while (start < end && set.includes(text[start]!)) start++;
  if (right) while (end > start && set.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

function splitWhitespace(text: string, maxsplit: number): string[] {
  const parts: string[] = [];
  let rest = text.replace(/^\s+/, '');
  while (rest.length) {
    if (maxsplit >= 0 && parts.length === maxsplit) {
      parts.push(rest);
      break;
    }
    const m = /\s+/.exec(rest);
    if (!m) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return parts;
}

function pySplit(text: string, sep: unknown, maxsplitArg: unknown): string[] {
  const maxsplit = maxsplitArg === undefined || maxsplitArg === null ? -1 : Number(maxsplitArg);
  if (sep === undefined || sep === null) return splitWhitespace(text, maxsplit);
  const separator = pyStr(sep);
  if (separator === '') throw new Error('ValueError: empty separator');
  const parts = text.split(separator);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(separator)];
}

function pyRsplit(text: string, sep: unknown, maxsplitArg: unknown): string[] {
  const maxsplit = maxsplitArg === undefined || maxsplitArg === null ? -1 : Number(maxsplitArg);
  if (sep === undefined || sep === null) {
    if (maxsplit < 0) return splitWhitespace(text, -1);
    const reversed = splitWhitespace(Array.from(text).reverse().join(''), maxsplit);
    return reversed.map((p) => Array.from(p).reverse().join('')).reverse();
  }
  const separator = pyStr(sep);
  const parts = text.split(separator);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  const cut = parts.length - maxsplit;
  return [parts.slice(0, cut).join(separator), ...parts.slice(cut)];
}

function affixTest(text: string, affix: unknown, start: unknown, end: unknown, atStart: boolean): boolean {
  const slice = text.slice(start === undefined || start === null ? 0 : Number(start), end === undefined || end === null ? undefined : Number(end));
  const options = Array.isArray(affix) ? affix : [affix];
  return options.some((a) => {
    const s = pyStr(a);
    return atStart ? slice.startsWith(s) : slice.endsWith(s);
  });
}

/** Python's str.title(): capitalise after every non-letter. */
export function pyTitle(text: string): string {
  return text.replace(/[A-Za-z\u00C0-\u024F]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
}

function sliceBounds(length: number, start: unknown, end: unknown): [number, number] {
  const norm = (v: unknown, dflt: number): number => {
    if (v === undefined || v === null) return dflt;
    const n = Number(v);
    return n < 0 ? Math.max(0, length + n) : Math.min(n, length);
  };
  return [norm(start, 0), norm(end, length)];
}

function countOccurrences(text: string, sub: string): number {
  if (sub === '') return text.length + 1;
  return text.split(sub).length - 1;
}

export const STRING_METHODS: Record<string, Method> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  casefold: (s: string) => s.toLowerCase(),
  swapcase: (s: string) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s: string) => pyTitle(s),
  strip: (s: string, [chars]) => stripChars(s, chars, true, true),
  lstrip: (s: string, [chars]) => stripChars(s, chars, true, false),
  rstrip: (s: string, [chars]) => stripChars(s, chars, false, true),
  split: (s: string, [sep, maxsplit], kw) => pySplit(s, sep ?? kw.sep, maxsplit ?? kw.maxsplit),
  rsplit: (s: string, [sep, maxsplit], kw) => pyRsplit(s, sep ?? kw.sep, maxsplit ?? kw.maxsplit),
  splitlines: (s: string, [keepends]) => {
    const lines = s.split(/(?<=\r\n|\r(?!\n)|\n)/);
    const out = keepends ? lines : lines.map((l) => l.replace(/(\r\n|\r|\n)$/, ''));
    return out.length && out[out.length - 1] === '' ? out.slice(0, -1) : out;
  },
  startswith: (s: string, [affix, start, end]) => affixTest(s, affix, start, end, true),
  endswith: (s: string, [affix, start, end]) => affixTest(s, affix, start, end, false),
  replace: (s: string, [oldArg, newArg, countArg]) => {
    const old = pyStr(oldArg);
    const replacement = pyStr(newArg);
    const count = countArg === undefined || countArg === null ? -1 : Number(countArg);
    if (count < 0) return s.split(old).join(replacement);
    const parts = s.split(old);
    if (parts.length - 1 <= count) return parts.join(replacement);
    return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
  },
  join: (s: string, [items]) => pyIterate(items).map((item) => {
    const text = asString(item);
    if (text === undefined) throw new TypeError(`sequence item: expected str instance, ${typeof item} found`);
    return text;
  }).join(s),
  find: (s: string, [sub, start, end]) => {
    const [a, b] = sliceBounds(s.length, start, end);
    const i = s.slice(0, b).indexOf(pyStr(sub), a);
    return i;
  },
  rfind: (s: string, [sub, start, end]) => {
    const [a, b] = sliceBounds(s.length, start, end);
    const i = s.slice(a, b).lastIndexOf(pyStr(sub));
    return i < 0 ? -1 : i + a;
  },
  index: (s: string, [sub, start, end]) => {
    const i = STRING_METHODS.find!(s as never, [sub, start, end], {}) as number;
    if (i < 0) throw new Error('ValueError: substring not found');
    return i;
  },
  rindex: (s: string, [sub, start, end]) => {
    const i = STRING_METHODS.rfind!(s as never, [sub, start, end], {}) as number;
    if (i < 0) throw new Error('ValueError: substring not found');
    return i;
  },
  count: (s: string, [sub, start, end]) => {
    const [a, b] = sliceBounds(s.length, start, end);
    return countOccurrences(s.slice(a, b), pyStr(sub));
  },
  isdigit: (s: string) => /^[0-9]+$/.test(s),
  isnumeric: (s: string) => /^\p{N}+$/u.test(s),
  isdecimal: (s: string) => /^\p{Nd}+$/u.test(s),
  isalpha: (s: string) => /^\p{L}+$/u.test(s),
  isalnum: (s: string) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  islower: (s: string) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  istitle: (s: string) => /[A-Za-z]/.test(s) && s === pyTitle(s),
  isidentifier: (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s),
  format: (s: string, args, kwargs) => strFormat(s, args, kwargs),
  zfill: (s: string, [width]) => {
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    const body = sign ? s.slice(1) : s;
    return sign + body.padStart(Number(width) - sign.length, '0');
  },
  ljust: (s: string, [width, fill]) => s.padEnd(Number(width), fill === undefined ? ' ' : pyStr(fill)),
  rjust: (s: string, [width, fill]) => s.padStart(Number(width), fill === undefined ? ' ' : pyStr(fill)),
  center: (s: string, [width, fill]) => {
    const f = fill === undefined ? ' ' : pyStr(fill);
    const total = Number(width) - s.length;
    if (total <= 0) return s;
    const left = Math.floor(total / 2) + (total & Number(width) & 1);
    return f.repeat(left) + s + f.repeat(total - left);
  },
  partition: (s: string, [sepArg]) => {
    const sep = pyStr(sepArg);
    const i = s.indexOf(sep);
    return makeTuple(i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s: string, [sepArg]) => {
    const sep = pyStr(sepArg);
    const i = s.lastIndexOf(sep);
    return makeTuple(i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s: string, [p]) => (s.startsWith(pyStr(p)) ? s.slice(pyStr(p).length) : s),
  removesuffix: (s: string, [p]) => (pyStr(p) && s.endsWith(pyStr(p)) ? s.slice(0, -pyStr(p).length) : s),
  expandtabs: (s: string, [size]) => s.replace(/\t/g, ' '.repeat(size === undefined ? 8 : Number(size))),
};

function listIndex(list: unknown[], value: unknown): number {
  const i = list.findIndex((x) => pyEquals(x, value));
  if (i < 0) throw new Error(`ValueError: ${pyRepr(value)} is not in list`);
  return i;
}

export const TUPLE_METHODS: Record<string, Method> = {
  index: (xs: unknown[], [value]) => listIndex(xs, value),
  count: (xs: unknown[], [value]) => xs.filter((x) => pyEquals(x, value)).length,
};

export const LIST_METHODS: Record<string, Method> = {
  ...TUPLE_METHODS,
  append: (xs: unknown[], [value]) => {
    xs.push(value);
    return null;
  },
  extend: (xs: unknown[], [values]) => {
    xs.push(...pyIterate(values));
    return null;
  },
  insert: (xs: unknown[], [indexArg, value]) => {
    let index = Number(indexArg);
    if (index < 0) index = Math.max(0, xs.length + index);
    xs.splice(Math.min(index, xs.length), 0, value);
    return null;
  },
  pop: (xs: unknown[], [indexArg]) => {
    if (!xs.length) throw new Error('IndexError: pop from empty list');
    let index = indexArg === undefined ? xs.length - 1 : Number(indexArg);
    if (index < 0) index += xs.length;
    if (index < 0 || index >= xs.length) throw new Error('IndexError: pop index out of range');
    return xs.splice(index, 1)[0];
  },
  remove: (xs: unknown[], [value]) => {
    const i = xs.findIndex((x) => pyEquals(x, value));
    if (i < 0) throw new Error('ValueError: list.remove(x): x not in list');
    xs.splice(i, 1);
    return null;
  },
  sort: (xs: unknown[], _args, kwargs) => {
    const key = kwargs.key as ((v: unknown) => unknown) | undefined;
    xs.sort((a, b) => (key ? pyCompare(key(a), key(b)) : pyCompare(a, b)));
    if (kwargs.reverse) xs.reverse();
    return null;
  },
  reverse: (xs: unknown[]) => {
    xs.reverse();
    return null;
  },
  copy: (xs: unknown[]) => xs.slice(),
  clear: (xs: unknown[]) => {
    xs.length = 0;
    return null;
  },
};

function dictEntries(d: Record<string, unknown>): [string, unknown][] {
  return Object.keys(d).filter((k) => k !== '__keywords').map((k) => [k, d[k]]);
}

export const DICT_METHODS: Record<string, Method> = {
  get: (d: Record<string, unknown>, [key, dflt]) =>
    Object.prototype.hasOwnProperty.call(d, String(key)) ? d[String(key)] : dflt === undefined ? null : dflt,
  keys: (d: Record<string, unknown>) => dictEntries(d).map(([k]) => k),
  values: (d: Record<string, unknown>) => dictEntries(d).map(([, v]) => v),
  items: (d: Record<string, unknown>) => dictEntries(d).map((e) => makeTuple(e)),
  update: (d: Record<string, unknown>, [other], kwargs) => {
    if (other !== undefined && other !== null) {
      if (Array.isArray(other)) for (const pair of other) d[String((pair as unknown[])[0])] = (pair as unknown[])[1];
      else for (const [k, v] of dictEntries(other as Record<string, unknown>)) d[k] = v;
    }
    Object.assign(d, kwargs);
    return null;
  },
  pop: (d: Record<string, unknown>, args) => {
    const key = String(args[0]);
    if (Object.prototype.hasOwnProperty.call(d, key)) {
      const value = d[key];
      delete d[key];
      return value;
    }
    if (args.length > 1) return args[1];
    throw new Error(`KeyError: ${pyRepr(args[0])}`);
  },
  popitem: (d: Record<string, unknown>) => {
    const entries = dictEntries(d);
    if (!entries.length) throw new Error("KeyError: 'popitem(): dictionary is empty'");
    const [k, v] = entries[entries.length - 1]!;
    delete d[k];
    return makeTuple([k, v]);
  },
  setdefault: (d: Record<string, unknown>, [key, dflt]) => {
    const k = String(key);
    if (!Object.prototype.hasOwnProperty.call(d, k)) d[k] = dflt === undefined ? null : dflt;
    return d[k];
  },
  copy: (d: Record<string, unknown>) => Object.fromEntries(dictEntries(d)),
  clear: (d: Record<string, unknown>) => {
    for (const k of Object.keys(d)) delete d[k];
    return null;
  },
  has_key: (d: Record<string, unknown>, [key]) => Object.prototype.hasOwnProperty.call(d, String(key)),
};

const has = (set: unknown[], item: unknown): boolean => set.some((x) => pyEquals(x, item));
const others = (args: unknown[]): unknown[][] => args.map((a) => pyIterate(a));

/** Python's set methods; the mutating ones change the set in place, as Python's do. */
export const SET_METHODS: Record<string, Method> = {
  add: (set: unknown[], [item]) => {
    if (!has(set, item)) set.push(item);
    return null;
  },
  update: (set: unknown[], args) => {
    for (const list of others(args)) for (const item of list) if (!has(set, item)) set.push(item);
    return null;
  },
  discard: (set: unknown[], [item]) => {
    const index = set.findIndex((x) => pyEquals(x, item));
    if (index >= 0) set.splice(index, 1);
    return null;
  },
  remove: (set: unknown[], [item]) => {
    const index = set.findIndex((x) => pyEquals(x, item));
    if (index < 0) throw new Error(`KeyError: ${pyRepr(item)}`);
    set.splice(index, 1);
    return null;
  },
  pop: (set: unknown[]) => {
    if (set.length === 0) throw new Error("KeyError: 'pop from an empty set'");
    return set.shift();
  },
  clear: (set: unknown[]) => {
    set.length = 0;
    return null;
  },
  copy: (set: unknown[]) => makeSet(set),
  union: (set: unknown[], args) => makeSet([...set, ...others(args).flat()]),
  intersection: (set: unknown[], args) => makeSet(set.filter((item) => others(args).every((list) => has(list, item)))),
  difference: (set: unknown[], args) => makeSet(set.filter((item) => !others(args).some((list) => has(list, item)))),
  symmetric_difference: (set: unknown[], [other]) => {
    const list = pyIterate(other);
    return makeSet([...set.filter((item) => !has(list, item)), ...list.filter((item) => !has(set, item))]);
  },
  issubset: (set: unknown[], [other]) => set.every((item) => has(pyIterate(other), item)),
  issuperset: (set: unknown[], [other]) => pyIterate(other).every((item) => has(set, item)),
  isdisjoint: (set: unknown[], [other]) => !pyIterate(other).some((item) => has(set, item)),
};

/** A bound Python method of `self` named `name`, or undefined when the type has none. */
export function pythonMethod(self: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  let table: Record<string, Method> | undefined;
  let target = self;
  const text = asString(self);
  if (text !== undefined) {
    table = STRING_METHODS;
    target = text;
  } else if (isSet(self)) table = SET_METHODS;
  else if (Array.isArray(self)) table = isTuple(self) ? TUPLE_METHODS : LIST_METHODS;
  else table = DICT_METHODS;
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const method = table[name]!;
  return (...args: unknown[]) => {
    const [positional, kwargs] = splitArgs(args);
    return method(target as never, positional, kwargs);
  };
}
