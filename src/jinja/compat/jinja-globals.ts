/**
 * Globals Jinja2 (and dbt) templates expect: `return`, `namespace`, `dict`,
 * and a Python-accurate `range`. nunjucks's own `cycler` and `joiner` stay.
 */
import { splitArgs } from './runtime/python-methods.js';
import { macroReturn } from './runtime/macros.js';
import { isDict, JinjaNamespace } from './runtime/python-values.js';

function pyRange(...args: unknown[]): number[] {
  const nums = args.map(Number);
  const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new Error('ValueError: range() arg 3 must not be zero');
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  if (out.length > 100000) throw new Error('OverflowError: range too big, maximum size for range is 100000');
  return out;
}

function mergeMappings(args: unknown[]): Record<string, unknown> {
  const [positional, kwargs] = splitArgs(args);
  const out: Record<string, unknown> = {};
  for (const arg of positional) {
    if (isDict(arg) || arg instanceof JinjaNamespace) Object.assign(out, arg);
    else if (Array.isArray(arg)) for (const pair of arg) out[String((pair as unknown[])[0])] = (pair as unknown[])[1];
  }
  return Object.assign(out, kwargs);
}

export const JINJA_GLOBALS: Record<string, unknown> = {
  return: macroReturn,
  namespace: (...args: unknown[]) => new JinjaNamespace(mergeMappings(args)),
  dict: (...args: unknown[]) => mergeMappings(args),
  range: pyRange,
};
