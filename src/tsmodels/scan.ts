/**
 * Parse-time reading of a TypeScript model, without running it: its `config` (an
 * object literal), the `ref()`/`source()` calls it makes (literal names, so the graph
 * is known before anything runs), and whether it exports a model function at all.
 * A `.ts` file under a model path that exports no model function is a helper module
 * that models import, not a model.
 */
import { createRequire } from 'node:module';
import type { Node } from 'acorn';
import { KilnError, KilnErrors } from '../errors.js';
import type { ConfigMap } from '../project/types.js';
import type { RefCall } from '../project/nodes.js';
import { excerptAt, transpileModel } from './transpile.js';

export interface ScannedModel {
  /** False for a helper module (no default export and no `model` export). */
  isModel: boolean;
  config: ConfigMap;
  refs: RefCall[];
  sources: [string, string][];
  /** The JavaScript kiln runs (the file itself for `.mjs`). */
  javascript: string;
}

type AnyNode = Node & Record<string, any>;

/** acorn is loaded on first use: a project without TypeScript models never pays for it. */
let acorn: { parse: typeof import('acorn').parse; simple: typeof import('acorn-walk').simple } | undefined;
function parser(): NonNullable<typeof acorn> {
  const require = createRequire(import.meta.url);
  acorn ??= { parse: (require('acorn') as typeof import('acorn')).parse, simple: (require('acorn-walk') as typeof import('acorn-walk')).simple };
  return acorn;
}

export function scanTypeScriptModel(code: string, file: string): ScannedModel {
  const javascript = transpileModel(code, file);
  const { parse, simple } = parser();
  let program: AnyNode;
  try {
    program = parse(javascript, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as AnyNode;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new KilnError(`syntax error: ${(error as Error).message.replace(/\s*\(\d+:\d+\)$/, '')}`, { file, line: loc?.line, column: loc ? loc.column + 1 : undefined, excerpt: loc ? excerptAt(code, loc.line) : undefined });
  }
  const errors: KilnError[] = [];
  const at = (node: AnyNode) => ({ file, line: node.loc?.start.line as number | undefined, excerpt: node.loc ? excerptAt(code, node.loc.start.line) : undefined });
  let isModel = false;
  let config: ConfigMap = {};
  for (const statement of program.body as AnyNode[]) {
    if (statement.type === 'ExportDefaultDeclaration') isModel = true;
    if (statement.type !== 'ExportNamedDeclaration') continue;
    const declaration = statement.declaration as AnyNode | null;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === 'model') isModel = true;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations as AnyNode[]) {
        const name = declarator.id?.name;
        if (name === 'model') isModel = true;
        if (name !== 'config') continue;
        try {
          const value = literalValue(declarator.init, file, code);
          if (!value || typeof value !== 'object' || Array.isArray(value)) throw new KilnError('`export const config` must be an object literal', at(declarator));
          config = value as ConfigMap;
        } catch (error) {
          errors.push(error as KilnError);
        }
      }
    }
    for (const specifier of (statement.specifiers ?? []) as AnyNode[]) {
      if (specifier.exported?.name === 'default' || specifier.exported?.name === 'model') isModel = true;
    }
  }
  const refs: RefCall[] = [];
  const sources: [string, string][] = [];
  simple(program, {
    CallExpression(node) {
      const call = node as AnyNode;
      const callee = call.callee as AnyNode;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
      if (name !== 'ref' && name !== 'source') return;
      const args = call.arguments as AnyNode[];
      const literal = args.every((arg) => arg.type === 'Literal' && typeof arg.value === 'string');
      const expected = name === 'ref' ? [1, 2] : [2];
      if (!literal || !expected.includes(args.length)) {
        errors.push(
          new KilnError(`${name}() in a TypeScript model takes ${name === 'ref' ? "a model name ('orders') or a package and a name" : "a source name and a table name"} as string literals`, {
            ...at(call),
            hint: 'kiln reads refs before running anything, to order the graph; write the names literally',
          }),
        );
        return;
      }
      const values = args.map((arg) => arg.value as string);
      if (name === 'ref') refs.push(values.length === 2 ? { package: values[0]!, name: values[1]! } : { name: values[0]! });
      else sources.push([values[0]!, values[1]!]);
    },
  });
  if (errors.length) throw new KilnErrors(errors);
  return { isModel, config, refs: dedupeRefs(refs), sources: dedupeSources(sources), javascript };
}

/** A JSON-like literal: objects, arrays, strings, numbers, booleans, null, `-1`, and templates without `${}`. */
function literalValue(node: AnyNode | null | undefined, file: string, code: string): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'Literal':
      if (node.regex) break;
      return node.value;
    case 'TemplateLiteral':
      if (node.expressions.length === 0) return node.quasis[0].value.cooked;
      break;
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return -node.argument.value;
      break;
    case 'ArrayExpression':
      return (node.elements as AnyNode[]).map((element) => literalValue(element, file, code));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const property of node.properties as AnyNode[]) {
        if (property.type !== 'Property' || property.computed || property.kind !== 'init') break;
        const key = property.key.type === 'Identifier' ? property.key.name : String(property.key.value);
        out[key] = literalValue(property.value, file, code);
      }
      if (Object.keys(out).length === (node.properties as unknown[]).length) return out;
      break;
    }
    case 'Identifier':
      if (node.name === 'undefined') return undefined;
      break;
  }
  const line = node.loc?.start.line as number | undefined;
  throw new KilnError('`config` must be a literal (strings, numbers, booleans, arrays and objects): kiln reads it without running the model', {
    file,
    line,
    excerpt: line ? excerptAt(code, line) : undefined,
    hint: 'compute values inside the model function; use var() there for values that change between runs',
  });
}

function dedupeRefs(refs: RefCall[]): RefCall[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.package ?? ''}.${ref.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeSources(sources: [string, string][]): [string, string][] {
  const seen = new Set<string>();
  return sources.filter(([a, b]) => !seen.has(`${a}.${b}`) && Boolean(seen.add(`${a}.${b}`)));
}
