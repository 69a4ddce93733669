/**
 * selectors.yml: named selections. The entry level is strict; a definition is
 * a selection string, a method mapping (`{method, value, children, …}`), a
 * one-key shorthand (`{tag: nightly}`) or a `union`/`intersection` of those.
 * Method names and values are checked by the selection grammar, not here.
 */
import type * as zod from 'zod';
import { z } from './zod.js';
import { registerRootKind } from './issues.js';
import { anyValue, bool, byShape, int, isPlainObject, obj, opt, report, str } from './leaves.js';
import { METHOD_KEYS } from './selectorKeys.js';

const methodDefinition = obj({
  method: str,
  value: anyValue,
  children: opt(bool),
  parents: opt(bool),
  children_depth: opt(int),
  parents_depth: opt(int),
  childrens_parents: opt(bool),
  indirect_selection: opt(str),
  exclude: opt(anyValue),
});

const definition: zod.ZodType<unknown> = z.lazy(() =>
  byShape<unknown>((value, sink) => {
    if (typeof value === 'string') return undefined;
    if (!isPlainObject(value)) {
      report(sink, [], { kiln: 'type', expected: 'a selection string or mapping' });
      return undefined;
    }
    if ('union' in value || 'intersection' in value) {
      const key = 'union' in value ? 'union' : 'intersection';
      return obj({ [key]: z.array(definition) } as Record<string, zod.ZodType>);
    }
    if ('method' in value) return methodDefinition;
    if (Object.keys(value).length === 1 && 'exclude' in value) return obj({ exclude: z.array(definition) });
    // Shorthand `{tag: nightly}` / `{config.materialized: view}`: one method key, plus graph operators.
    const methodKeys = Object.keys(value).filter((k) => !(METHOD_KEYS as readonly string[]).includes(k));
    if (methodKeys.length !== 1) {
      report(sink, [], {
        kiln: 'message',
        message: `a selector definition needs 'method' and 'value', a one-key shorthand like {tag: nightly}, or 'union'/'intersection'`,
      });
    }
    return undefined;
  }),
);

const selector = obj({
  name: str,
  description: opt(str),
  definition,
  default: opt(bool),
});

export const selectorsFileSchema = registerRootKind(obj({ selectors: z.array(selector) }), 'selectors');

export type SelectorsFile = zod.infer<typeof selectorsFileSchema>;
