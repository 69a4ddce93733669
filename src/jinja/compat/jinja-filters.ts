/**
 * Jinja2's built-in filters where nunjucks's differ: keyword arguments
 * (nunjucks filters take positional arguments only, so `sort(attribute='x')`
 * silently reverses), Python printing (`join`, `string`), Python truthiness
 * (`select`, `default(…, true)`), case-insensitive `unique`/`sort`, Jinja's
 * `tojson` (sorted keys, HTML-safe escapes), `map`, `items`, `indent`, `round`
 * (round-half-even, like Python). nunjucks's others (escape, safe, urlencode,
 * striptags, nl2br…) are kept.
 */
import { SafeString } from './nunjucks-internals.js';
import { percentFormat } from './runtime/python-format.js';
import { bindArgs, splitArgs } from './runtime/python-methods.js';
import { jinjaRuntime } from './runtime/jinja-runtime.js';
import {
  asString, isDict, isTruthy, makeTuple, pyCompare, pyEquals, pyIterate, pyRepr, pyStr, JinjaNamespace,
} from './runtime/python-values.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type FilterContext = { env: any };
type Filter = (this: FilterContext, value: any, ...args: any[]) => unknown;

const getattr = jinjaRuntime.getattr as (obj: unknown, name: string) => unknown;
const getitem = jinjaRuntime.getitem as (obj: unknown, key: unknown) => unknown;

/** Jinja's attribute paths: `user.name`, `items.0`. */
function attributeGetter(attribute: unknown, dflt?: unknown): (item: unknown) => unknown {
  if (attribute === undefined || attribute === null) return (item) => item;
  const parts = typeof attribute === 'number' ? [attribute] : String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item) => {
    let value: unknown = item;
    for (const part of parts) value = typeof part === 'number' ? getitem(value, part) : getitem(value, part) ?? getattr(value, part);
    return value === undefined ? dflt : value;
  };
}

function sortKey(caseSensitive: unknown): (v: unknown) => unknown {
  return (v) => {
    const text = asString(v);
    return text !== undefined && !caseSensitive ? text.toLowerCase() : v;
  };
}

function roundHalfEven(value: number, precision: number): number {
  const factor = 10 ** precision;
  const scaled = value * factor;
  if (Math.abs(scaled % 1) === 0.5) {
    const floor = Math.floor(scaled);
    return (floor % 2 === 0 ? floor : floor + 1) / factor;
  }
  return Number(value.toFixed(Math.max(0, precision)));
}

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/** Python's json.dumps(sort_keys=True) with Jinja's HTML-safe escaping. */
function toJson(value: unknown, indent: number | undefined, level = 0): string {
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const close = indent === undefined ? '' : '\n' + ' '.repeat(indent * level);
  const sep = indent === undefined ? ', ' : ',';
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? pyStr(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  const text = asString(value);
  if (text !== undefined) {
    return JSON.stringify(text)
      .replace(/[<>&']/g, (c) => JSON_ESCAPES[c]!)
      .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${pad}${value.map((v) => toJson(v, indent, level + 1)).join(sep + pad)}${close}]`;
  }
  if (isDict(value) || value instanceof JinjaNamespace) {
    const keys = Object.keys(value).filter((k) => k !== '__keywords').sort();
    if (!keys.length) return '{}';
    const body = keys.map((k) => `${toJson(k, indent)}: ${toJson((value as Record<string, unknown>)[k], indent, level + 1)}`);
    return `{${pad}${body.join(sep + pad)}${close}}`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return toJson((value as { toJSON(): unknown }).toJSON(), indent, level);
  throw new TypeError(`Object of type ${(value as object).constructor?.name ?? typeof value} is not JSON serializable`);
}

function selectOrReject(this: FilterContext, value: unknown, args: unknown[], expect: boolean, byAttribute: boolean): unknown[] {
  const [positional, kwargs] = splitArgs(args);
  const attr = byAttribute ? positional.shift() : undefined;
  const get = attributeGetter(attr);
  const testName = positional.shift();
  const test = testName === undefined ? (v: unknown) => isTruthy(v) : (v: unknown) => isTruthy(this.env.getTest(String(testName)).call(this, v, ...positional, ...(Object.keys(kwargs).length ? [kwargs] : [])));
  // Jinja2 iterates only a truthy value: `none | select(…)` is empty, not an error.
  return (isTruthy(value) ? pyIterate(value) : []).filter((item) => test(get(item)) === expect);
}

function jinjaTitle(text: string): string {
  return text
    .split(/([-\s({[<]+)/)
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('');
}

/**
 * dbt's native-type filters: a rendered string back to the Python value it spells
 * (`"{{ env_var('N') | as_number }}"` in profiles, `as_bool` in project configs).
 */
export function pythonLiteral(value: unknown): unknown {
  const text = asString(value);
  if (text === undefined) return value;
  const trimmed = text.trim();
  if (trimmed === 'True' || trimmed === 'true') return true;
  if (trimmed === 'False' || trimmed === 'false') return false;
  if (trimmed === 'None') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  try {
    return JSON.parse(trimmed.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null').replace(/'/g, '"'));
  } catch {
    return text;
  }
}

const DBT_FILTERS: Record<string, Filter> = {
  // dbt's is_list filter (dbt-common's jinja environment): a list or tuple, not a string.
  is_list: (v) => Array.isArray(v),
  as_text: (v) => pyStr(v),
  as_native: (v) => pythonLiteral(v),
  as_bool: (v) => {
    const parsed = pythonLiteral(v);
    if (typeof parsed !== 'boolean') throw new TypeError(`as_bool: '${pyStr(v)}' is not a boolean`);
    return parsed;
  },
  as_number: (v) => {
    const parsed = pythonLiteral(v);
    if (typeof parsed !== 'number') throw new TypeError(`as_number: '${pyStr(v)}' is not a number`);
    return parsed;
  },
};

export const JINJA_FILTERS: Record<string, Filter> = {
  ...DBT_FILTERS,
  abs: (v) => Math.abs(Number(v)),
  attr: (v, name) => getattr(v, String(name)),
  batch(value, ...args) {
    const [count, fill] = bindArgs(args, ['linecount', 'fill_with'], [undefined, null]);
    const size = Number(count);
    const out: unknown[][] = [];
    let row: unknown[] = [];
    for (const item of pyIterate(value)) {
      if (row.length === size) {
        out.push(row);
        row = [];
      }
      row.push(item);
    }
    if (row.length) {
      if (fill !== null && fill !== undefined) while (row.length < size) row.push(fill);
      out.push(row);
    }
    return out;
  },
  capitalize: (v) => {
    const s = pyStr(v);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  },
  center(value, ...args) {
    const [width] = bindArgs(args, ['width'], [80]);
    const s = pyStr(value);
    const total = Number(width) - s.length;
    if (total <= 0) return s;
    const left = Math.floor(total / 2) + (total & Number(width) & 1);
    return ' '.repeat(left) + s + ' '.repeat(total - left);
  },
  default(value, ...args) {
    const [dflt, boolean] = bindArgs(args, ['default_value', 'boolean'], ['', false]);
    return value === undefined || (boolean && !isTruthy(value)) ? dflt : value;
  },
  dictsort(value, ...args) {
    const [caseSensitive, by, reverse] = bindArgs(args, ['case_sensitive', 'by', 'reverse'], [false, 'key', false]);
    const index = by === 'value' ? 1 : 0;
    const key = sortKey(caseSensitive);
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== '__keywords');
    entries.sort((a, b) => pyCompare(key(a[index]), key(b[index])));
    if (reverse) entries.reverse();
    return entries.map((e) => makeTuple(e));
  },
  first: (v) => pyIterate(v)[0],
  float(value, ...args) {
    const [dflt] = bindArgs(args, ['default'], [0]);
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return Number(value);
    const text = asString(value)?.trim();
    return text && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? parseFloat(text) : text && /^[-+]?(inf|infinity|nan)$/i.test(text) ? Number(text.replace(/inf(inity)?/i, 'Infinity')) : dflt;
  },
  format(value, ...args) {
    const [positional, kwargs] = splitArgs(args);
    return percentFormat(pyStr(value), Object.keys(kwargs).length ? kwargs : makeTuple(positional));
  },
  groupby(value, ...args) {
    const [attribute, dflt, caseSensitive] = bindArgs(args, ['attribute', 'default', 'case_sensitive'], [undefined, undefined, false]);
    const get = attributeGetter(attribute, dflt);
    const key = sortKey(caseSensitive);
    const items = pyIterate(value).slice().sort((a, b) => pyCompare(key(get(a)), key(get(b))));
    const groups: unknown[][] = [];
    for (const item of items) {
      const last = groups[groups.length - 1];
      if (last && pyEquals(key(last[0]), key(get(item)))) (last[1] as unknown[]).push(item);
      else {
        // Jinja yields namedtuples: g.grouper / g.list as well as g[0] / g[1].
        const group = makeTuple([get(item), [item]]);
        Object.defineProperties(group, { grouper: { get: () => group[0] }, list: { get: () => group[1] } });
        groups.push(group);
      }
    }
    return groups;
  },
  indent(value, ...args) {
    const [width, first, blank] = bindArgs(args, ['width', 'first', 'blank'], [4, false, false]);
    const prefix = typeof width === 'string' ? width : ' '.repeat(Number(width));
    const text = pyStr(value);
    const lines = text.split('\n');
    const out = lines.map((line, i) => {
      if (i === 0 && !first) return line;
      if (!blank && line.trim() === '') return line;
      return prefix + line;
    });
    return out.join('\n');
  },
  int(value, ...args) {
    const [dflt, base] = bindArgs(args, ['default', 'base'], [0, 10]);
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'boolean') return Number(value);
    const text = asString(value)?.trim().replace(/_/g, '');
    if (!text) return dflt;
    const b = Number(base);
    const body = b === 16 ? text.replace(/^([-+]?)0x/i, '$1') : b === 8 ? text.replace(/^([-+]?)0o/i, '$1') : b === 2 ? text.replace(/^([-+]?)0b/i, '$1') : text;
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
    if (new RegExp(`^[-+]?[${digits}]+$`, 'i').test(body)) return parseInt(body, b);
    if (b === 10 && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Math.trunc(parseFloat(text));
    return dflt;
  },
  items: (v) => (v === undefined ? [] : Object.entries(v as Record<string, unknown>).filter(([k]) => k !== '__keywords').map((e) => makeTuple(e))),
  join(value, ...args) {
    const [sep, attribute] = bindArgs(args, ['d', 'attribute'], ['', undefined]);
    const get = attributeGetter(attribute);
    return pyIterate(value).map((item) => pyStr(get(item))).join(pyStr(sep));
  },
  last: (v) => {
    const items = pyIterate(v);
    return items[items.length - 1];
  },
  length: (v) => (v === undefined ? 0 : asString(v) !== undefined ? asString(v)!.length : pyIterate(v).length),
  list: (v) => pyIterate(v).slice(),
  lower: (v) => pyStr(v).toLowerCase(),
  upper: (v) => pyStr(v).toUpperCase(),
  map(value, ...args) {
    const [positional, kwargs] = splitArgs(args);
    const items = isTruthy(value) ? pyIterate(value) : []; // as Jinja2: `none | map(…)` is empty
    if (positional.length === 0 && 'attribute' in kwargs) return items.map(attributeGetter(kwargs.attribute, kwargs.default));
    const name = String(positional.shift());
    const filter = this.env.getFilter(name);
    const rest = Object.keys(kwargs).length ? [...positional, { ...kwargs, __keywords: true }] : positional;
    return items.map((item) => filter.call(this, item, ...rest));
  },
  max(value, ...args) {
    const [caseSensitive, attribute] = bindArgs(args, ['case_sensitive', 'attribute'], [false, undefined]);
    const get = attributeGetter(attribute);
    const key = sortKey(caseSensitive);
    const items = pyIterate(value);
    return items.reduce((best, item) => (best === undefined || pyCompare(key(get(item)), key(get(best))) > 0 ? item : best), undefined as unknown);
  },
  min(value, ...args) {
    const [caseSensitive, attribute] = bindArgs(args, ['case_sensitive', 'attribute'], [false, undefined]);
    const get = attributeGetter(attribute);
    const key = sortKey(caseSensitive);
    const items = pyIterate(value);
    return items.reduce((best, item) => (best === undefined || pyCompare(key(get(item)), key(get(best))) < 0 ? item : best), undefined as unknown);
  },
  pprint: (v) => pyRepr(v),
  reject(value, ...args) {
    return selectOrReject.call(this, value, args, false, false);
  },
  rejectattr(value, ...args) {
    return selectOrReject.call(this, value, args, false, true);
  },
  select(value, ...args) {
    return selectOrReject.call(this, value, args, true, false);
  },
  selectattr(value, ...args) {
    return selectOrReject.call(this, value, args, true, true);
  },
  replace(value, ...args) {
    const [old, replacement, count] = bindArgs(args, ['old', 'new', 'count'], [undefined, undefined, null]);
    const s = pyStr(value);
    const from = pyStr(old);
    const to = pyStr(replacement);
    if (count === null || count === undefined) return s.split(from).join(to);
    const parts = s.split(from);
    const n = Number(count);
    if (parts.length - 1 <= n) return parts.join(to);
    return parts.slice(0, n + 1).join(to) + from + parts.slice(n + 1).join(from);
  },
  reverse: (v) => {
    const text = asString(v);
    return text !== undefined ? Array.from(text).reverse().join('') : pyIterate(v).slice().reverse();
  },
  round(value, ...args) {
    const [precision, method] = bindArgs(args, ['precision', 'method'], [0, 'common']);
    const p = Number(precision);
    const n = Number(value);
    if (method === 'ceil') return Math.ceil(n * 10 ** p) / 10 ** p;
    if (method === 'floor') return Math.floor(n * 10 ** p) / 10 ** p;
    if (method !== 'common') throw new Error('FilterArgumentError: method must be common, ceil or floor');
    return roundHalfEven(n, p);
  },
  slice(value, ...args) {
    const [slices, fill] = bindArgs(args, ['slices', 'fill_with'], [undefined, null]);
    const items = pyIterate(value);
    const n = Number(slices);
    const per = Math.floor(items.length / n);
    const extra = items.length % n;
    const out: unknown[][] = [];
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const size = per + (i < extra ? 1 : 0);
      const part = items.slice(offset, offset + size);
      offset += size;
      if (fill !== null && fill !== undefined && i >= extra && extra > 0) part.push(fill);
      out.push(part);
    }
    return out;
  },
  sort(value, ...args) {
    const [reverse, caseSensitive, attribute] = bindArgs(args, ['reverse', 'case_sensitive', 'attribute'], [false, false, undefined]);
    const get = attributeGetter(attribute);
    const key = sortKey(caseSensitive);
    const items = pyIterate(value).slice();
    items.sort((a, b) => pyCompare(key(get(a)), key(get(b))));
    if (reverse) items.reverse();
    return items;
  },
  string: (v) => pyStr(v),
  sum(value, ...args) {
    const [attribute, start] = bindArgs(args, ['attribute', 'start'], [undefined, 0]);
    const get = attributeGetter(attribute);
    return pyIterate(value).reduce((total: number, item) => total + Number(get(item)), Number(start));
  },
  title: (v) => jinjaTitle(pyStr(v)),
  tojson(value, ...args) {
    const [indent] = bindArgs(args, ['indent'], [undefined]);
    return new SafeString(toJson(value, indent === undefined || indent === null ? undefined : Number(indent)));
  },
  trim(value, ...args) {
    const [chars] = bindArgs(args, ['chars'], [undefined]);
    const s = pyStr(value);
    if (chars === undefined || chars === null) return s.trim();
    const set = pyStr(chars);
    let a = 0;
    let b = s.length;
    while (a < b && set.includes(s[a]!)) a++;
    while (b > a && set.includes(s[b - 1]!)) b--;
    return s.slice(a, b);
  },
  truncate(value, ...args) {
    const [length, killwords, end, leeway] = bindArgs(args, ['length', 'killwords', 'end', 'leeway'], [255, false, '...', 5]);
    const s = pyStr(value);
    const max = Number(length);
    const tail = pyStr(end);
    if (s.length <= max + Number(leeway)) return s;
    if (killwords) return s.slice(0, max - tail.length) + tail;
    const cut = s.slice(0, max - tail.length);
    const space = cut.lastIndexOf(' ');
    return (space >= 0 ? cut.slice(0, space) : cut) + tail;
  },
  unique(value, ...args) {
    const [caseSensitive, attribute] = bindArgs(args, ['case_sensitive', 'attribute'], [false, undefined]);
    const get = attributeGetter(attribute);
    const key = sortKey(caseSensitive);
    const seen: unknown[] = [];
    const out: unknown[] = [];
    for (const item of pyIterate(value)) {
      const k = key(get(item));
      if (!seen.some((s) => pyEquals(s, k))) {
        seen.push(k);
        out.push(item);
      }
    }
    return out;
  },
  wordcount: (v) => (pyStr(v).match(/\w+/gu) ?? []).length,
};

JINJA_FILTERS.count = JINJA_FILTERS.length!;
JINJA_FILTERS.d = JINJA_FILTERS.default!;
