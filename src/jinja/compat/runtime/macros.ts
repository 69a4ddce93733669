/**
 * Jinja macros with dbt's value-returning `return()`.
 *
 * dbt macros end with `{{ return(value) }}` and the caller receives `value`
 * itself (a list, dict, bool…), not text. As in dbt, the `return` global
 * throws a MacroReturn that the enclosing macro call catches; a macro that
 * never calls `return` yields its rendered text. Because the catch lives in
 * the macro function itself, calling a macro from TypeScript (e.g. kiln's
 * `adapter.dispatch` or `generate_schema_name`) gets the returned value too:
 * `callWithKwargs(macro, [arg1], { key: value })` or `callMacro(macro, args)`.
 *
 * Argument binding follows Jinja: extra positional arguments land in the
 * `varargs` tuple, unknown keyword arguments in the `kwargs` dict, and a
 * `{% call %}` block's body arrives as `caller`.
 */
import { isKeywordArgs, makeKeywordArgs, SafeString } from '../nunjucks-internals.js';
import { makeTuple } from './python-values.js';

export class MacroReturn {
  constructor(readonly value: unknown) {}
}

/**
 * The `return` global: ends the current macro with `value`. An undefined value stays
 * undefined, as Jinja's Undefined does in dbt: `for x in <it>` loops zero times, `is none` is false.
 */
export function macroReturn(value: unknown): never {
  throw new MacroReturn(value);
}

export type MacroBody = (...args: unknown[]) => string;

export interface JinjaMacro {
  (...args: unknown[]): unknown;
  readonly macroName: string;
  readonly parameters: readonly string[];
}

/**
 * Wraps a compiled macro body. The body receives one value per declared
 * parameter (undefined when not passed, so it can apply its default), then
 * `varargs`, `kwargs` and `caller`.
 */
export function makeJinjaMacro(
  name: string,
  parameters: string[],
  body: MacroBody,
  options: { catchesReturn: boolean; markSafe: boolean },
): JinjaMacro {
  const count = parameters.length;
  const macro = function jinjaMacro(this: unknown, ...callArgs: unknown[]): unknown {
    let positionalCount = callArgs.length;
    const last = callArgs[positionalCount - 1];
    const kw = positionalCount > 0 && isKeywordArgs(last) ? last : undefined;
    if (kw) positionalCount--;
    const values: unknown[] = new Array(count + 3);
    for (let i = 0; i < count; i++) values[i] = i < positionalCount ? callArgs[i] : undefined;
    const extraKwargs: Record<string, unknown> = {};
    let caller: unknown;
    if (kw) {
      for (const key of Object.keys(kw)) {
        if (key === '__keywords') continue;
        const index = parameters.indexOf(key);
        if (index >= 0) {
          if (index < positionalCount) throw new TypeError(`macro '${name}' got multiple values for argument '${key}'`);
          values[index] = kw[key];
        } else if (key === 'caller') caller = kw[key];
        else extraKwargs[key] = kw[key];
      }
    }
    values[count] = makeTuple(callArgs.slice(count, positionalCount));
    values[count + 1] = extraKwargs;
    values[count + 2] = caller;
    if (!options.catchesReturn) return wrapOutput(body.apply(this, values), options.markSafe);
    try {
      return wrapOutput(body.apply(this, values), options.markSafe);
    } catch (error) {
      if (error instanceof MacroReturn) return error.value;
      throw error;
    }
  };
  return Object.assign(macro, { macroName: name, parameters: Object.freeze(parameters.slice()) });
}

function wrapOutput(output: string, markSafe: boolean): unknown {
  return markSafe ? new SafeString(output) : output;
}

/** Calls a macro (or any template-callable function) with positional and keyword arguments. */
export function callWithKwargs(fn: Function, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
  const callArgs = Object.keys(kwargs).length ? [...args, makeKeywordArgs(kwargs)] : args;
  return fn(...callArgs);
}

/** Calls a macro with positional arguments; returns what `return()` gave, else the rendered text. */
export function callMacro(fn: Function, args: unknown[] = []): unknown {
  return fn(...args);
}
