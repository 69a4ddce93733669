/**
 * Code generation for `{% macro %}` and `{% call %}` bodies.
 *
 * nunjucks's macros drop extra arguments (Jinja collects them in `varargs`
 * and `kwargs`), always return text (dbt's `return()` must hand back a value,
 * see runtime/macros.ts), and switch the *enclosing* function's `frame`
 * variable while they run, which an exception thrown by `return()` would
 * leave corrupted. Here each macro body gets its own local `frame`, every
 * parameter is a JavaScript argument, and errors leaving the body are tagged
 * with the macro's template and line.
 */
import { Frame, njNodes as N, type NjFrame, type NjNode } from '../nunjucks-internals.js';
import type { CompilerThis } from './expressions.js';

export const macroCompilers: Record<string, unknown> = {
  /** Emits `var macro_t_N = runtime.makeJinjaMacro(…)` and returns `macro_t_N`. */
  _compileJinjaMacro(this: CompilerThis, node: NjNode, frame: NjFrame | undefined, isCaller: boolean): string {
    const params: string[] = [];
    const defaults = new Map<string, NjNode>();
    node.args.children.forEach((arg: NjNode, i: number) => {
      if (i === node.args.children.length - 1 && arg instanceof N.Dict) {
        for (const pair of arg.children) {
          params.push(pair.key.value);
          defaults.set(pair.key.value, pair.value);
        }
      } else if (arg instanceof N.Symbol) {
        params.push(arg.value);
      } else {
        this.fail('macro parameters must be plain names', arg.lineno, arg.colno);
      }
    });
    const funcId = `macro_${this._tmpid()}`;
    const macroFrame = isCaller && frame ? frame.push(true) : new Frame();
    macroFrame.macroScope = true;
    const jsParams = [...params.map((p) => `l_${p}`), 'l_varargs', 'l_kwargs', 'l_caller'];
    const name = isCaller ? 'caller' : node.name.value;
    this._emitLine(`var ${funcId} = runtime.makeJinjaMacro(${JSON.stringify(name)}, ${JSON.stringify(params)}, (function (parentFrame) {`);
    this._emitLine(`return function (${jsParams.join(', ')}) {`);
    this._emitLine(`var frame = ${isCaller ? 'parentFrame.push(true)' : 'new runtime.Frame()'};`);
    const bufferId = this._pushBuffer();
    this._emitLine('try {');
    for (const param of params) {
      const fallback = defaults.get(param);
      if (fallback) {
        this._emit(`if (l_${param} === undefined) l_${param} = `);
        this.compile(fallback, macroFrame);
        this._emitLine(';');
      }
      this._emitLine(`frame.set(${JSON.stringify(param)}, l_${param});`);
      macroFrame.set(param, `l_${param}`);
    }
    this._emitLine('frame.set("varargs", l_varargs); frame.set("kwargs", l_kwargs);');
    this._emitLine('if (l_caller !== undefined) frame.set("caller", l_caller);');
    macroFrame.set('varargs', 'l_varargs');
    macroFrame.set('kwargs', 'l_kwargs');
    macroFrame.set('caller', 'l_caller');
    const outerLoopDepth = this.loopDepth;
    this.loopDepth = 0;
    this._withScopedSyntax(() => this.compile(node.body, macroFrame));
    this.loopDepth = outerLoopDepth;
    this._emitLine(`return ${bufferId};`);
    this._emitLine('} catch (e) {');
    this._emitLine(`throw runtime.annotateMacroError(e, lineno, context.kilnTemplateName || ${this._templateName()});`);
    this._emitLine('}');
    this._emitLine('};');
    this._emitLine(`})(frame), { catchesReturn: ${!isCaller}, markSafe: !!env.opts.autoescape });`);
    this._popBuffer();
    return funcId;
  },

  compileMacro(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    const funcId = this._compileJinjaMacro(node, undefined, false);
    const name = node.name.value;
    frame.set(name, funcId);
    if (frame.parent || frame.macroScope) {
      this._emitLine(`frame.set(${JSON.stringify(name)}, ${funcId});`);
    } else {
      if (!name.startsWith('_')) this._emitLine(`context.addExport(${JSON.stringify(name)});`);
      this._emitLine(`context.setVariable(${JSON.stringify(name)}, ${funcId});`);
    }
  },

  compileCaller(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('(function () {');
    const funcId = this._compileJinjaMacro(node, frame, true);
    this._emit(`return ${funcId}; })()`);
  },
};
