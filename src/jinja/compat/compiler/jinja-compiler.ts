/**
 * A nunjucks Compiler subclass that emits Jinja2 semantics. Generated code
 * calls kiln's run-time helpers: the render functions rebind their `runtime`
 * parameter to `jinjaRuntime`, which the compiled module receives as an
 * argument, so nothing global is patched.
 */
import { njCompiler, type NjNode } from '../nunjucks-internals.js';
import { expressionCompilers } from './expressions.js';
import { macroCompilers } from './macros.js';
import { statementCompilers } from './statements.js';

const BaseCompiler: new (templateName: string | undefined, throwOnUndefined: boolean) => NjNode = njCompiler.Compiler;

export interface CompileFailureDetails {
  kind: 'filter' | 'test';
  name: string;
}

export class JinjaCompiler extends BaseCompiler {}

Object.assign(JinjaCompiler.prototype, expressionCompilers, statementCompilers, macroCompilers, {
  _emitFuncBegin(this: NjNode, node: NjNode, name: string): void {
    this.buffer = 'output';
    this._scopeClosers = '';
    this._emitLine(`function ${name}(env, context, frame, runtime, cb) {`);
    this._emitLine('runtime = jinjaRuntime;');
    this._emitLine(`var lineno = ${node.lineno + 1};`);
    this._emitLine(`var colno = ${node.colno + 1};`);
    this._emitLine(`var ${this.buffer} = "";`);
    this._emitLine('try {');
  },

  /** A compile error carrying what kiln needs for a helpful hint. */
  failWithHint(this: NjNode, message: string, node: NjNode, details: CompileFailureDetails): never {
    try {
      this.fail(message, node.lineno, node.colno);
    } catch (error) {
      throw Object.assign(error as object, { kilnUnknown: details });
    }
    throw new Error('unreachable');
  },
});
