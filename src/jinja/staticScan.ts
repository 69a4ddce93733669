/**
 * The fast path for templates whose only Jinja is `ref`, `source`, `config` with
 * literal arguments, `{{ this }}` and comments — most models. Parsing reads their graph
 * edges and configs off the text, and compiling substitutes the relations, both
 * without the Jinja engine (compiling and rendering a template costs ~0.3 ms; a
 * project has thousands). Anything else — a tag, a filter, a variable, a macro call —
 * returns undefined and the caller renders the template.
 */
import type { RefCall } from '../project/nodes.js';
import { readLiteralArguments } from './literal.js';

export interface StaticScan {
  refs: RefCall[];
  sources: [string, string][];
  /** Merged keyword arguments of every `config()` call, in order. */
  config: Record<string, unknown>;
}

type Expression =
  | { kind: 'ref'; call: RefCall }
  | { kind: 'source'; source: [string, string] }
  | { kind: 'config'; kwargs: Record<string, unknown> }
  | { kind: 'this' }
  | { kind: 'comment' };

/** A piece of the template: literal text, or a tag with its whitespace control (`{{-`, `-}}`). */
type Part = { kind: 'text'; text: string } | { kind: 'tag'; expression: Expression; trimBefore: boolean; trimAfter: boolean };

const JINJA_OPEN = /\{\{|\{%|\{#/g;
const CALL = /^(ref|source|config)\s*\(([\s\S]*)\)$/;

function readExpression(inner: string): Expression | undefined {
  if (inner === 'this') return { kind: 'this' };
  const call = CALL.exec(inner);
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
      return { kind: 'ref', call: ref };
    }
    case 'source':
      return strings.length === 2 && !Object.keys(kwargs).length ? { kind: 'source', source: [strings[0]!, strings[1]!] } : undefined;
    default:
      return strings.length ? undefined : { kind: 'config', kwargs };
  }
}

/**
 * A `ref(...)` or `source(...)` call with literal arguments, read without the engine
 * (`inner` is the expression's text, without braces); undefined for anything else.
 */
export function readRelationCall(inner: string): { kind: 'ref'; call: RefCall } | { kind: 'source'; source: [string, string] } | undefined {
  const expression = readExpression(inner.trim());
  return expression?.kind === 'ref' || expression?.kind === 'source' ? expression : undefined;
}

/** Split a template into text and static tags, or undefined if any tag needs the engine. */
function splitTemplate(template: string): Part[] | undefined {
  const parts: Part[] = [];
  let textStart = 0;
  JINJA_OPEN.lastIndex = 0;
  for (let m = JINJA_OPEN.exec(template); m; m = JINJA_OPEN.exec(template)) {
    if (m[0] === '{%') return undefined; // a statement tag
    const closer = m[0] === '{#' ? '#}' : '}}';
    const close = template.indexOf(closer, m.index + 2);
    if (close < 0) return undefined;
    let inner = template.slice(m.index + 2, close);
    const trimBefore = inner.startsWith('-');
    const trimAfter = inner.endsWith('-');
    let expression: Expression | undefined = { kind: 'comment' };
    if (m[0] === '{{') {
      inner = inner.slice(trimBefore ? 1 : 0, trimAfter ? -1 : undefined).trim();
      expression = readExpression(inner);
      if (!expression) return undefined;
    }
    parts.push({ kind: 'text', text: template.slice(textStart, m.index) });
    parts.push({ kind: 'tag', expression, trimBefore, trimAfter });
    textStart = close + 2;
    JINJA_OPEN.lastIndex = textStart;
  }
  parts.push({ kind: 'text', text: template.slice(textStart) });
  return parts;
}

export function scanStatically(template: string): StaticScan | undefined {
  const parts = splitTemplate(template);
  if (!parts) return undefined;
  const result: StaticScan = { refs: [], sources: [], config: {} };
  for (const part of parts) {
    if (part.kind !== 'tag') continue;
    const e = part.expression;
    if (e.kind === 'ref') result.refs.push(e.call);
    else if (e.kind === 'source') result.sources.push(e.source);
    else if (e.kind === 'config') Object.assign(result.config, e.kwargs);
  }
  return result;
}

export interface StaticResolver {
  ref(call: RefCall): string;
  source(sourceName: string, tableName: string): string;
  this(): string;
}

/**
 * Render a static template as Jinja2 would with dbt's settings: newlines normalised, one
 * trailing newline dropped, `-` whitespace control honoured, config() and comments empty.
 */
export function renderStatically(template: string, resolve: StaticResolver): string | undefined {
  let source = template.includes('\r') ? template.replace(/\r\n?/g, '\n') : template;
  if (source.endsWith('\n')) source = source.slice(0, -1);
  const parts = splitTemplate(source);
  if (!parts) return undefined;
  const out: string[] = [];
  let trimNext = false;
  for (const part of parts) {
    if (part.kind === 'text') {
      out.push(trimNext ? part.text.replace(/^\s+/, '') : part.text);
      trimNext = false;
      continue;
    }
    if (part.trimBefore && out.length) out[out.length - 1] = out[out.length - 1]!.replace(/\s+$/, '');
    const e = part.expression;
    if (e.kind === 'ref') out.push(resolve.ref(e.call));
    else if (e.kind === 'source') out.push(resolve.source(e.source[0], e.source[1]));
    else if (e.kind === 'this') out.push(resolve.this());
    trimNext = part.trimAfter;
  }
  return out.join('');
}
