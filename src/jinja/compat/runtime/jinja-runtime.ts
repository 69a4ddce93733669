/**
 * The run-time helpers kiln's compiled templates call (as `runtime.*`).
 * It inherits everything from the nunjucks runtime and replaces what must
 * behave like Python: attribute/item lookup with Python methods, negative
 * indexes and slices, truthiness, operators, printing, splat calls, loops and
 * macros. It is a separate object, so plain nunjucks environments are untouched.
 */
import { isKeywordArgs, njLib, njRuntime, SafeString } from '../nunjucks-internals.js';
import { LoopContext } from './loop-context.js';
import { makeJinjaMacro, MacroReturn } from './macros.js';
import { percentFormat } from './python-format.js';
import { pythonMethod } from './python-methods.js';
import {
  asString,
  isDict,
  isTruthy,
  isTuple,
  JinjaNamespace,
  makeTuple,
  pyCompare,
  pyContains,
  pyEquals,
  pyIterate,
  pyStr,
  pyTypeName,
  pyUnpack,
} from './python-values.js';

export interface TemplateErrorLocation {
  line?: number;
  column?: number;
  /** The template the failing code came from, when known (e.g. a macro file). */
  file?: string;
}

/** Where each run-time error happened; filled once, by the innermost template. */
export const errorLocations = new WeakMap<object, TemplateErrorLocation>();

function bindMethod(obj: object, fn: Function): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => fn.apply(obj, args);
}

/** `obj.name`: Python methods first for str/list/dict, then the JavaScript property. */
function getattr(obj: unknown, name: string): unknown {
  if (obj === undefined || obj === null) return undefined;
  if (typeof obj === 'string' || obj instanceof SafeString || Array.isArray(obj)) {
    const method = pythonMethod(obj, name);
    if (method) return method;
    if (/^\d+$/.test(name)) return getitem(obj, Number(name));
  } else if (isDict(obj)) {
    if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
    return pythonMethod(obj, name);
  }
  const value = (obj as Record<string, unknown>)[name];
  return typeof value === 'function' ? bindMethod(obj as object, value) : value;
}

/** `obj[key]`: negative indexes count from the end, as in Python. */
function getitem(obj: unknown, key: unknown): unknown {
  if (obj === undefined || obj === null) return undefined;
  if (typeof key === 'number') {
    const text = asString(obj);
    if (text !== undefined || Array.isArray(obj)) {
      const seq = (text ?? obj) as string | unknown[];
      const index = key < 0 ? seq.length + key : key;
      return index >= 0 && index < seq.length ? seq[index] : undefined;
    }
  }
  if (isDict(obj)) {
    const k = String(key);
    if (Object.prototype.hasOwnProperty.call(obj, k)) return obj[k];
    return typeof key === 'string' ? pythonMethod(obj, key) : undefined;
  }
  if (typeof key === 'string') return getattr(obj, key);
  const value = (obj as Record<string, unknown>)[String(key)];
  return typeof value === 'function' ? bindMethod(obj as object, value) : value;
}

/** Python slicing `seq[start:stop:step]` for strings, lists and tuples. */
function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj === undefined) return undefined;
  const text = asString(obj);
  const seq: ArrayLike<unknown> | undefined = text ?? (Array.isArray(obj) ? obj : undefined);
  if (seq === undefined) throw new TypeError(`'${pyTypeName(obj)}' object is not subscriptable`);
  const by = step === null || step === undefined ? 1 : Number(step);
  if (by === 0) throw new Error('ValueError: slice step cannot be zero');
  const len = seq.length;
  const lower = by > 0 ? 0 : -1;
  const upper = by > 0 ? len : len - 1;
  const clamp = (v: unknown, dflt: number): number => {
    if (v === null || v === undefined) return dflt;
    let n = Number(v);
    if (n < 0) n += len;
    return Math.min(Math.max(n, lower), upper);
  };
  const from = clamp(start, by > 0 ? lower : upper);
  const to = clamp(stop, by > 0 ? upper : lower);
  const picked: unknown[] = [];
  if (by > 0) for (let i = from; i < to; i += by) picked.push(seq[i]);
  else for (let i = from; i > to; i += by) picked.push(seq[i]);
  if (text !== undefined) return picked.join('');
  return isTuple(obj) ? makeTuple(picked) : picked;
}

function toOutput(value: unknown, autoescape: boolean): unknown {
  if (typeof value === 'string') return autoescape ? njLib.escape(value) : value;
  if (value instanceof SafeString) return value;
  const text = pyStr(value);
  return autoescape ? njLib.escape(text) : text;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  return undefined;
}

function operandError(op: string, a: unknown, b: unknown): TypeError {
  return new TypeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function add(a: unknown, b: unknown): unknown {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na + nb;
  const sa = asString(a);
  const sb = asString(b);
  if (sa !== undefined && sb !== undefined) return sa + sb;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const joined = a.concat(b);
    return isTuple(a) ? makeTuple(joined) : joined;
  }
  if (sa !== undefined || sb !== undefined) throw new TypeError(`can only concatenate str (not "${pyTypeName(sa !== undefined ? b : a)}") to str`);
  return dunder(a, '__add__', b) ?? dunder(b, '__radd__', a) ?? raise(operandError('+', a, b));
}

/** Python's operator protocol for objects that define it (datetime + timedelta). */
function dunder(self: unknown, method: string, other: unknown): unknown {
  const fn = self && typeof self === 'object' ? (self as Record<string, unknown>)[method] : undefined;
  if (typeof fn !== 'function') return undefined;
  const result = (fn as (o: unknown) => unknown).call(self, other);
  return result === NOT_IMPLEMENTED ? undefined : result;
}

/** What an operator method returns for an operand it does not take, as Python's NotImplemented. */
export const NOT_IMPLEMENTED = Symbol.for('kiln.NotImplemented');

function raise(error: Error): never {
  throw error;
}

function sub(a: unknown, b: unknown): unknown {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  return dunder(a, '__sub__', b) ?? raise(operandError('-', a, b));
}

function mul(a: unknown, b: unknown): unknown {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na * nb;
  const [seq, times] = na !== undefined ? [b, na] : [a, nb];
  if (times !== undefined && Number.isInteger(times)) {
    const text = asString(seq);
    if (text !== undefined) return text.repeat(Math.max(0, times));
    if (Array.isArray(seq)) {
      const out: unknown[] = [];
      for (let i = 0; i < times; i++) out.push(...seq);
      return isTuple(seq) ? makeTuple(out) : out;
    }
  }
  throw operandError('*', a, b);
}

function divisor(b: unknown, a: unknown, op: string): [number, number] {
  const na = numeric(a);
  const nb = numeric(b);
  if (na === undefined || nb === undefined) throw operandError(op, a, b);
  if (nb === 0) throw new Error('ZeroDivisionError: division by zero');
  return [na, nb];
}

function div(a: unknown, b: unknown): number {
  const [na, nb] = divisor(b, a, '/');
  return na / nb;
}

function floordiv(a: unknown, b: unknown): number {
  const [na, nb] = divisor(b, a, '//');
  return Math.floor(na / nb);
}

/** `%`: printf-style formatting for strings, Python's sign-of-divisor modulo for numbers. */
function mod(a: unknown, b: unknown): unknown {
  const text = asString(a);
  if (text !== undefined) return percentFormat(text, b);
  const [na, nb] = divisor(b, a, '%');
  return ((na % nb) + nb) % nb;
}

function pow(a: unknown, b: unknown): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na === undefined || nb === undefined) throw operandError('** or pow()', a, b);
  return na ** nb;
}

function neg(a: unknown): number {
  const na = numeric(a);
  if (na === undefined) throw new TypeError(`bad operand type for unary -: '${pyTypeName(a)}'`);
  return -na;
}

function compareOnce(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pyEquals(a, b);
    case '!=':
    case '!==':
      return !pyEquals(a, b);
    case 'in':
      return pyContains(b, a);
    case 'notin':
      return !pyContains(b, a);
    case '<':
      return pyCompare(a, b) < 0;
    case '>':
      return pyCompare(a, b) > 0;
    case '<=':
      return pyCompare(a, b) <= 0;
    case '>=':
      return pyCompare(a, b) >= 0;
    default:
      throw new Error(`unknown comparison ${op}`);
  }
}

/** Python chained comparison `a < b < c` means `a < b and b < c`. */
function compare(first: unknown, rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < rest.length; i += 2) {
    const right = rest[i + 1];
    if (!compareOnce(rest[i] as string, left, right)) return false;
    left = right;
  }
  return true;
}

function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn !== 'function') {
    if (fn === undefined) throw new Error(`'${name}' is undefined`);
    throw new TypeError(`'${pyTypeName(fn)}' object is not callable (${name})`);
  }
  // Templates call classes as Python does (`api.Column('id', 'integer')`).
  // A class with a static `fromCall` binds keyword arguments itself (`api.Column('a', 'numeric', numeric_precision=10)`).
  if (isClass(fn)) return typeof (fn as { fromCall?: unknown }).fromCall === 'function' ? (fn as unknown as { fromCall: (...a: unknown[]) => unknown }).fromCall(...args) : Reflect.construct(fn, args.filter((a) => !isKeywordArgs(a)));
  return fn.apply(context, args);
}

const classes = new WeakMap<Function, boolean>();
function isClass(fn: Function): boolean {
  // Arrow functions and methods have no prototype, so are no class: templates call many fresh
  // closures (each node's ref, source …), and reading a function's source text is not free.
  if (fn.prototype === undefined) return false;
  let known = classes.get(fn);
  if (known === undefined) classes.set(fn, (known = /^class[\s{]/.test(Function.prototype.toString.call(fn))));
  return known;
}

/** A call with `*args` / `**kwargs` splats: flatten them into nunjucks's calling convention. */
function callSplat(
  fn: unknown,
  name: string,
  context: unknown,
  args: unknown[],
  dynArgs: unknown,
  kwargs: Record<string, unknown> | null,
  dynKwargs: unknown,
): unknown {
  const positional = dynArgs === null || dynArgs === undefined ? args : args.concat(pyIterate(dynArgs));
  const merged: Record<string, unknown> = {};
  if (kwargs) for (const key of Object.keys(kwargs)) if (key !== '__keywords') merged[key] = kwargs[key];
  if (dynKwargs !== null && dynKwargs !== undefined) {
    if (typeof dynKwargs !== 'object') throw new TypeError(`argument after ** must be a mapping, not ${pyTypeName(dynKwargs)}`);
    for (const key of Object.keys(dynKwargs)) if (key !== '__keywords') merged[key] = (dynKwargs as Record<string, unknown>)[key];
  }
  const all = Object.keys(merged).length ? positional.concat([njRuntime.makeKeywordArgs(merged)]) : positional;
  return callWrap(fn, name, context, all);
}

/** Python iteration for `{% for %}`; with tuple targets a dict yields (key, value) pairs (nunjucks style). */
function forIterable(value: unknown, unpacking: boolean): unknown[] {
  if (unpacking && isDict(value)) return Object.entries(value).filter(([k]) => k !== '__keywords');
  return pyIterate(value);
}

/** `{% set ns.attr = value %}`. */
function setAttribute(target: unknown, name: string, value: unknown): void {
  if (!(target instanceof JinjaNamespace)) {
    throw new TypeError(`cannot assign attribute '${name}' on non-namespace object (${pyTypeName(target)})`);
  }
  target[name] = value;
}

function handleError(error: unknown, lineno: number, colno: number): unknown {
  const err = error instanceof Error || (typeof error === 'object' && error !== null) ? (error as object) : new Error(String(error));
  if (!errorLocations.has(err)) errorLocations.set(err, { line: lineno, column: colno });
  return err;
}

/** Records the macro's template as the error's origin before it leaves the macro. */
function annotateMacroError(error: unknown, lineno: number, file: string | undefined): unknown {
  if (error instanceof MacroReturn) return error;
  const err = typeof error === 'object' && error !== null ? error : new Error(String(error));
  if (!errorLocations.has(err)) errorLocations.set(err, { line: lineno, file });
  return err;
}

/** Python-style left operand holder for `or` / `and`, which return an operand, not a bool. */
const held: { value: unknown } = { value: undefined };

export const jinjaRuntime = Object.assign(Object.create(njRuntime) as Record<string, unknown>, {
  memberLookup: getitem,
  getattr,
  getitem,
  slice,
  suppressValue: toOutput,
  toOutput,
  str: pyStr,
  concat: (a: unknown, b: unknown) => pyStr(a) + pyStr(b),
  truthy: isTruthy,
  /** `(runtime.hold(a) ? runtime.held() : b)` compiles `a or b` without temporaries. */
  hold(value: unknown): boolean {
    held.value = value;
    return isTruthy(value);
  },
  held(): unknown {
    return held.value;
  },
  add,
  sub,
  mul,
  div,
  floordiv,
  mod,
  pow,
  neg,
  compare,
  tuple: makeTuple,
  callWrap,
  callSplat,
  forIterable,
  unpack: pyUnpack,
  setAttribute,
  handleError,
  annotateMacroError,
  makeJinjaMacro,
  LoopContext,
  isKeywordArgs,
});

export type JinjaRuntime = typeof jinjaRuntime;
