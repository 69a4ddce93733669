/**
 * Smaller members of dbt's render context that need more than a value: `metric()`,
 * `validation.any`, the deprecated `adapter_macro`, `function()` (which kiln cannot resolve)
 * and `context_macro_stack`. runtime.ts puts them in the context.
 */
import { KilnError } from '../errors.js';
import { pyRepr, pyStr } from './compat/index.js';

/** What `metric('name')` gives: the metric's own fields, printed as its name. */
export class MetricReference {
  readonly metric_name: string;
  readonly package_name: string | null;
  [field: string]: unknown;

  constructor(name: string, packageName: string | null, fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
    this.metric_name = name;
    this.package_name = packageName;
  }

  toString(): string {
    return this.metric_name;
  }
}

/**
 * dbt's metric(name) / metric(package, name). At parse time it only names the metric; when
 * executing it must be one the project declares.
 */
export function resolveMetric(args: unknown[], metrics: Record<string, unknown>, parsing: boolean, file: string | undefined): MetricReference {
  const given = args.filter((a) => !(a && typeof a === 'object' && '__keywords' in a));
  if (given.length < 1 || given.length > 2) {
    throw new KilnError(`metric() takes a name, or a package and a name; it was given ${given.length} arguments`, { file, hint: "call metric('name') or metric('package', 'name')" });
  }
  const [packageName, name] = given.length === 2 ? [given[0], given[1]] : [null, given[0]];
  if (typeof name !== 'string') throw new KilnError(`The name argument to metric() must be a string, got ${pyRepr(name)}`, { file });
  if (packageName !== null && typeof packageName !== 'string') throw new KilnError(`The package argument to metric() must be a string or None, got ${pyRepr(packageName)}`, { file });
  if (parsing) return new MetricReference(name, packageName);
  const found = Object.values(metrics).find((m) => {
    const metric = m as { name?: string; package_name?: string };
    return metric.name === name && (packageName === null || metric.package_name === packageName);
  }) as Record<string, unknown> | undefined;
  if (!found) {
    const known = Object.values(metrics).map((m) => (m as { name?: string }).name).filter(Boolean);
    throw new KilnError(`metric('${packageName ? `${packageName}', '` : ''}${name}') names no metric`, {
      file,
      hint: known.length ? `declared metrics: ${known.join(', ')}` : 'declare it under metrics: in a property YAML file',
    });
  }
  return new MetricReference(name, String(found['package_name'] ?? packageName ?? ''), found);
}

/** dbt's `validation.any(*allowed)`: a check that a value equals one of `allowed`, raising otherwise. */
export function validationObject(file: () => string | undefined): Record<string, unknown> {
  return {
    any:
      (...allowed: unknown[]) =>
      (value: unknown) => {
        if (allowed.some((a) => a === value || pyStr(a) === pyStr(value))) return null;
        throw new KilnError(`Expected value "${pyStr(value)}" to be one of ${allowed.map((a) => pyStr(a)).join(',')}`, { file: file() });
      },
  };
}

/** dbt removed adapter_macro in 0.18 and keeps the name only to say so. */
export function adapterMacroRemoved(file: () => string | undefined): (name: unknown) => never {
  return (name) => {
    throw new KilnError(
      `The "adapter_macro" macro has been deprecated. Instead, use the \`adapter.dispatch\` method to find a macro and call the result.  For more information, see: https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch) adapter_macro was called for: ${pyStr(name)}`,
      { file: file(), hint: `replace adapter_macro('${pyStr(name)}', …) with adapter.dispatch('<macro name>', '<package>')(…)` },
    );
  };
}

/** dbt 1.11's function('name') refers to a UDF node; kiln has no function nodes to resolve it to. */
export function functionUnsupported(file: () => string | undefined): (...args: unknown[]) => never {
  return (...args) => {
    const name = args.filter((a) => typeof a === 'string').join('.');
    throw new KilnError(`function('${name}') refers to a user-defined function, and kiln has no function nodes (dbt's functions/ resources)`, {
      file: file(),
      hint: 'create the function in a macro run by an on-run-start hook, or inline its SQL',
    });
  };
}

/** dbt's MacroStack as templates read it: the macros being called, outermost first, and how many. */
export function macroStackView(stack: readonly string[]): { readonly call_stack: string[]; readonly depth: number } {
  return {
    get call_stack() {
      return [...stack];
    },
    get depth() {
      return stack.length;
    },
  };
}
