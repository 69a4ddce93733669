/**
 * A unit test's `overrides:` as render bindings. `macros.is_incremental` becomes the
 * `isIncremental` answer; other macros (and `pkg.macro`) become functions returning the
 * given value, while context values such as `invocation_id` are replaced by the value
 * itself; `vars` go to `var()` through `extra.__vars`; `env_vars` to `env_var()`.
 */
import { envVar } from '../../jinja/envVar.js';
import { INTERNAL_PACKAGE } from '../../jinja/internalMacros.js';
import type { JinjaRuntime } from '../../jinja/runtime.js';
import type { UnitTestDefinition } from '../../project/nodes.js';

export interface RenderOverrides {
  extra: Record<string, unknown>;
  /** From `macros.is_incremental`; false when not given, so a unit test never depends on what the warehouse holds. */
  isIncremental: boolean;
}

function truthy(value: unknown): boolean {
  if (typeof value === 'string') return ['true', 'yes', '1'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

function isCallable(runtime: JinjaRuntime, name: string, packageName: string): boolean {
  if (runtime.findMacro(name, packageName)) return true;
  try {
    return typeof runtime.env.getGlobal(name) === 'function';
  } catch {
    return false;
  }
}

/** A package namespace (`dbt_utils`) whose listed macros return fixed values; the others stay real. */
function namespaceWithOverrides(runtime: JinjaRuntime, namespace: string, overridden: Map<string, unknown>): Record<string, unknown> {
  const packageName = namespace === 'dbt' || namespace === 'kiln' ? INTERNAL_PACKAGE : namespace;
  const ns: Record<string, unknown> = {};
  for (const name of runtime.registry.namesIn(packageName)) {
    Object.defineProperty(ns, name, { get: () => runtime.callable(packageName, name), enumerable: true, configurable: true });
  }
  for (const [name, value] of overridden) Object.defineProperty(ns, name, { value: () => value, enumerable: true });
  return ns;
}

export function renderOverrides(overrides: UnitTestDefinition['overrides'], runtime: JinjaRuntime, packageName: string, file: string): RenderOverrides {
  const extra: Record<string, unknown> = {};
  let isIncremental = false;
  const byNamespace = new Map<string, Map<string, unknown>>();
  for (const [name, value] of Object.entries(overrides?.macros ?? {})) {
    if (name === 'is_incremental') isIncremental = truthy(value);
    else if (name.includes('.')) {
      const [namespace, macro] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
      (byNamespace.get(namespace) ?? byNamespace.set(namespace, new Map()).get(namespace)!).set(macro, value);
    } else extra[name] = isCallable(runtime, name, packageName) ? () => value : value;
  }
  for (const [namespace, macros] of byNamespace) extra[namespace] = namespaceWithOverrides(runtime, namespace, macros);
  if (overrides?.vars && Object.keys(overrides.vars).length) extra['__vars'] = { ...overrides.vars };
  const envVars = overrides?.env_vars;
  if (envVars && Object.keys(envVars).length) {
    extra['env_var'] = (name: string, fallback?: unknown) => (name in envVars ? String(envVars[name]) : envVar(name, fallback, file));
  }
  return { extra, isIncremental };
}
