/**
 * YAML parsing with positions. One parse per file: the plain value goes to the
 * schema, and the Document stays around so an issue's path can be turned into
 * the line and column of the offending key — only when there is an issue, so
 * valid files pay nothing beyond the parse itself.
 */
import type { Document, Node as YamlNode, Pair } from 'yaml';
import jsYaml from 'js-yaml';
import { KilnError } from '../../errors.js';
import { yamlLibrary } from './yamlLibrary.js';

export type YamlPath = readonly (string | number)[];

export interface YamlPosition {
  line: number;
  column: number;
}

export interface ParsedYaml {
  /** The document as plain JS (merge keys `<<: *anchor` resolved, as PyYAML/dbt does). */
  value: unknown;
  /** 1-based line of the key (or list item) at `path`; the nearest existing parent's if it is missing. */
  lineOf(path: YamlPath): number | undefined;
  /** Line and column (both 1-based) of the key or item at `path`, like `lineOf`. */
  positionOf(path: YamlPath): YamlPosition | undefined;
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string;
}

/** A YAML value holding Jinja (`{{ … }}`): dbt renders it before use, so the schemas accept it wherever a scalar goes. */
export function isJinja(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

/**
 * Parse YAML text. Broken syntax throws a KilnError with file, line, column and the parser's message.
 *
 * Most files are valid: js-yaml reads their value about five times faster than the `yaml`
 * Document parser (40 ms against 210 ms for a 135 KB property file, cold). The Document, which
 * knows where each key is, is then built only if someone asks for a position (an error). Files
 * js-yaml rejects, and files with Jinja (whose checks need the Document), take the full path.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const fast = text.includes('{{') ? undefined : loadValue(text);
  if (!fast) return parseYamlDocument(text, file);
  let full: ParsedYaml | undefined;
  const positions = (): ParsedYaml => (full ??= parseYamlDocument(text, file));
  return {
    value: fast.value,
    positionOf: (path) => positions().positionOf(path),
    lineOf: (path) => positions().lineOf(path),
    lineText: (line) => positions().lineText(line),
  };
}

/** YAML 1.2 core types plus `<<` merge keys, as the Document path reads them; no dates (dbt keeps them as strings). */
const FAST_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge] }); // `types` is missing from the type definitions

function loadValue(text: string): { value: unknown } | undefined {
  try {
    return { value: jsYaml.load(text, { schema: FAST_SCHEMA }) ?? null };
  } catch {
    return undefined; // the Document path gives the error with its position
  }
}

function parseYamlDocument(text: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const lineText = (line: number): string => {
    const start = lineCounter.lineStarts[line - 1];
    if (start === undefined) return '';
    const end = lineCounter.lineStarts[line];
    return text.slice(start, end ?? text.length).replace(/\r?\n$/, '');
  };

  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(errorOffset(doc, first.code, first.pos[0]));
    const source = lineText(line);
    throw new KilnError(`invalid YAML: ${first.message}`, {
      file,
      line,
      column: col,
      excerpt: source.trim() === '' ? undefined : `${source}\n${' '.repeat(Math.max(0, col - 1))}^`,
      hint: yamlHint(first.code, first.message),
      cause: first,
    });
  }

  // `key: {{ target.name }}` is valid YAML (a flow mapping used as a key) that PyYAML, and so
  // dbt, rejects; catch it here. Only files with Jinja pay for the walk.
  if (text.includes('{{')) {
    const offset = collectionKeyOffset(doc);
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      throw new KilnError('invalid YAML: a mapping is used as a key (an unquoted Jinja expression?)', {
        file,
        line,
        column: col,
        excerpt: lineText(line).trim() || undefined,
        hint: yamlHint('JINJA', '{{'),
      });
    }
  }

  const value: unknown = doc.toJS({ maxAliasCount: 10_000 });
  const positionOf = (path: YamlPath): YamlPosition | undefined => {
    const offset = offsetOf(doc, path);
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { value, positionOf, lineOf: (path) => positionOf(path)?.line, lineText };
}

/** The parser reports an unclosed quote where the file ends; point at the opening quote instead. */
function errorOffset(doc: Document, code: string, offset: number): number {
  const { visit } = yamlLibrary();
  if (code !== 'MISSING_CHAR') return offset;
  let start = offset;
  visit(doc, {
    Scalar(_, node) {
      const range = node.range;
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && range && range[0] < offset && offset <= range[2]) {
        start = range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

function collectionKeyOffset(doc: Document): number | undefined {
  const { isCollection, visit } = yamlLibrary();
  let found: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        found = rangeStart(pair.key);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlHint(code: string, message: string): string | undefined {
  if (code === 'DUPLICATE_KEY' || /unique/i.test(message)) return 'remove or rename one of the duplicated keys (dbt would silently keep only the last one)';
  if (code === 'TAB_AS_INDENT' || /tab/i.test(message)) return 'YAML indentation must use spaces, not tabs';
  if (/indent/i.test(message)) return 'check the indentation of this line against the lines above it';
  if (/\{\{|flow/i.test(message)) return "a value starting with '{{' must be quoted: \"{{ ... }}\"";
  return undefined;
}

/** Offset of the key (map entries) or item (lists) at `path`; falls back to the deepest node found. */
function offsetOf(doc: Document, path: YamlPath): number | undefined {
  const { isMap, isSeq } = yamlLibrary();
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const segment of path) {
    node = resolve(doc, node);
    if (isMap(node)) {
      const pair = findPair(doc, node.items, segment, 0);
      if (!pair) return offset;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return offset;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function resolve(doc: Document, node: unknown): unknown {
  const { isAlias } = yamlLibrary();
  return isAlias(node) ? node.resolve(doc) : node;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** The pair whose key is `segment`, looking through `<<` merge keys like toJS does. */
function findPair(doc: Document, items: unknown[], segment: string | number, depth: number): Pair | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlLibrary();
  const wanted = String(segment);
  let merges: unknown[] | undefined;
  for (const item of items) {
    if (!isPair(item)) continue;
    const raw: unknown = isScalar(item.key) ? item.key.value : undefined;
    if (typeof raw === 'symbol') {
      if (raw.description === '<<') (merges ??= []).push(item.value);
      continue;
    }
    const key = raw === undefined ? undefined : String(raw);
    if (key === wanted) return item;
    if (key === '<<') (merges ??= []).push(item.value);
  }
  if (!merges || depth > 8) return undefined;
  for (const merge of merges) {
    const sources = isSeq(merge) ? merge.items : [merge];
    for (const source of sources) {
      const target = resolve(doc, source);
      if (isMap(target)) {
        const found = findPair(doc, target.items, segment, depth + 1);
        // The anchored key is where the offending text is, so that is the position reported.
        if (found) return found;
      }
    }
  }
  return undefined;
}
