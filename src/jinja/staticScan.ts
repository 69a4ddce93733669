/**
 * The parse-time fast path. Most models use Jinja only for `ref`, `source` and
 * `config` with literal arguments; for those, the graph edges and configs can be
 * read off the text without rendering it (rendering costs ~0.25 ms per model,
 * which is most of a 10,000-model parse). Anything else — a tag, a filter, a
 * variable, a macro call — returns undefined and the caller renders the template.
 */
import type { RefCall } from '../project/nodes.js';
import { readLiteralArguments } from './literal.js';

export interface StaticScan {
  refs: RefCall[];
  sources: [string, string][];
  /** Merged keyword arguments of every `config()` call, in order. */
  config: Record<string, unknown>;
}

const JINJA_OPEN = /\{\{|\{%|\{#/g;
const EXPRESSION = /^\{\{-?\s*(ref|source|config)\s*\(([\s\S]*)\)\s*-?\}\}$/;

export function scanStatically(template: string): StaticScan | undefined {
  const result: StaticScan = { refs: [], sources: [], config: {} };
  JINJA_OPEN.lastIndex = 0;
  for (let m = JINJA_OPEN.exec(template); m; m = JINJA_OPEN.exec(template)) {
    if (m[0] !== '{{') {
      if (m[0] === '{#') {
        const close = template.indexOf('#}', m.index + 2);
        if (close < 0) return undefined;
        JINJA_OPEN.lastIndex = close + 2;
        continue;
      }
      return undefined; // a statement tag: render
    }
    const close = template.indexOf('}}', m.index + 2);
    if (close < 0) return undefined;
    const expression = template.slice(m.index, close + 2);
    JINJA_OPEN.lastIndex = close + 2;
    if (/^\{\{-?\s*this\s*-?\}\}$/.test(expression)) continue;
    const call = EXPRESSION.exec(expression);
    if (!call) return undefined;
    const parsed = readLiteralArguments(call[2]!);
    if (!parsed) return undefined;
    const { args, kwargs } = parsed;
    if (!args.every((a) => typeof a === 'string')) return undefined;
    const strings = args as string[];
    switch (call[1]) {
      case 'ref': {
        if (strings.length < 1 || strings.length > 2) return undefined;
        const version = kwargs['version'] ?? kwargs['v'];
        const ref: RefCall = strings.length === 2 ? { package: strings[0], name: strings[1]! } : { name: strings[0]! };
        if (version !== undefined) ref.version = version as string | number;
        result.refs.push(ref);
        break;
      }
      case 'source':
        if (strings.length !== 2 || Object.keys(kwargs).length) return undefined;
        result.sources.push([strings[0]!, strings[1]!]);
        break;
      case 'config':
        if (strings.length) return undefined;
        Object.assign(result.config, kwargs);
        break;
    }
  }
  return result;
}
