/**
 * Typed handles on the nunjucks modules the public typings do not describe
 * (lexer, parser, compiler, nodes, runtime, transformer, lib). kiln extends
 * them by subclassing; it never rewrites their prototypes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** An AST node or compile-time value of the untyped nunjucks internals. */
export type NjNode = any;
/** A compile-time or run-time nunjucks Frame. */
export type NjFrame = any;

export const njLexer: any = require('nunjucks/src/lexer.js');
export const njParser: any = require('nunjucks/src/parser.js');
export const njCompiler: any = require('nunjucks/src/compiler.js');
export const njNodes: any = require('nunjucks/src/nodes.js');
export const njRuntime: any = require('nunjucks/src/runtime.js');
export const njTransformer: any = require('nunjucks/src/transformer.js');
export const njLib: any = require('nunjucks/src/lib.js');
/** The Environment class from its own module: the package's index also loads nunjucks' precompiler and its Jinja compatibility layer, which kiln has its own of (about 6 ms). */
export const NunjucksEnvironment: typeof import('nunjucks').Environment = require('nunjucks/src/environment.js').Environment;

export const Frame: new (parent?: NjFrame, isolateWrites?: boolean) => NjFrame = njRuntime.Frame;
export const SafeString: new (value: string) => { val: string; length: number } = njRuntime.SafeString;

export function isKeywordArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, '__keywords');
}

/** Marks a plain object as the trailing keyword-argument bag nunjucks passes to calls. */
export function makeKeywordArgs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return njRuntime.makeKeywordArgs({ ...kwargs });
}
