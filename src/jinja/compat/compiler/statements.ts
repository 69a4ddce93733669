/**
 * Code generation for statements with Jinja2's semantics:
 * - `{{ x }}` prints Python's str(x): True, None, [1, 'a'], {'a': 1};
 * - `{% if %}` uses Python truthiness (empty list/dict are false);
 * - `{% set %}` assigns in the current scope only: a set inside a for loop
 *   does not leak out and does not survive to the next iteration (nunjucks
 *   writes through to the outer variable);
 * - tuple unpacking and `ns.attr` targets;
 * - `{% for %}` with an `if` filter applied before the loop (so loop.length
 *   counts filtered items), Jinja's `loop` object, break/continue, Python
 *   iteration (dicts yield keys, strings yield characters);
 * - `{% do %}` and `{% with %}`.
 * Each statement also records its 1-based line in `lineno` so run-time
 * errors point at the user's line.
 */
import { NamespaceRefNode, TupleNode } from '../nodes.js';
import { njNodes as N, type NjFrame, type NjNode } from '../nunjucks-internals.js';
import type { CompilerThis } from './expressions.js';

export const statementCompilers: Record<string, unknown> = {
  _emitLineMarker(this: CompilerThis, node: NjNode): void {
    this._emitLine(`lineno = ${node.lineno + 1}; colno = ${node.colno + 1};`);
  },

  compileOutput(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    for (const child of node.children) {
      if (child instanceof N.TemplateData) {
        if (child.value) {
          this._emit(`${this.buffer} += `);
          this.compileLiteral(child, frame);
          this._emitLine(';');
        }
        continue;
      }
      this._emitLineMarker(child);
      this._emit(`${this.buffer} += runtime.toOutput(`);
      this.compile(child, frame);
      this._emitLine(', env.opts.autoescape);');
    }
  },

  compileIf(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emitLineMarker(node);
    this._emit('if (runtime.truthy(');
    this.compile(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('} else {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  },

  /** The JavaScript variable for `name` in the current scope, declared on first use. */
  _scopedVariable(this: CompilerThis, frame: NjFrame, name: string): string {
    const existing = frame.variables[name];
    if (existing !== undefined) return existing;
    const id = this._tmpid();
    this._emitLine(`var ${id};`);
    frame.set(name, id);
    return id;
  },

  /** Mirrors an assignment into the run-time frame and, at top level, the template's exports. */
  _publishVariable(this: CompilerThis, name: string, id: string): void {
    this._emitLine(`frame.set(${JSON.stringify(name)}, ${id});`);
    this._emitLine(`if (frame.topLevel) { context.setVariable(${JSON.stringify(name)}, ${id});` +
      (name.startsWith('_') ? '' : ` context.addExport(${JSON.stringify(name)});`) + ' }');
  },

  _assignTarget(this: CompilerThis, target: NjNode, valueCode: string, frame: NjFrame): void {
    if (target instanceof TupleNode) {
      const tmp = this._tmpid();
      this._emitLine(`var ${tmp} = runtime.unpack(${valueCode}, ${target.children.length});`);
      target.children.forEach((child: NjNode, i: number) => this._assignTarget(child, `${tmp}[${i}]`, frame));
      return;
    }
    const id = this._scopedVariable(frame, target.value);
    this._emitLine(`${id} = ${valueCode};`);
    this._publishVariable(target.value, id);
  },

  /** Compiles an expression into a fresh temporary and returns its name. */
  _compileToTemp(this: CompilerThis, node: NjNode, frame: NjFrame): string {
    const tmp = this._tmpid();
    this._emit(`var ${tmp} = `);
    this.compile(node, frame);
    this._emitLine(';');
    return tmp;
  },

  compileJinjaSet(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emitLineMarker(node);
    if (node.target instanceof NamespaceRefNode) {
      this._emit('runtime.setAttribute(');
      this.compile(new N.Symbol(node.target.lineno, node.target.colno, node.target.name), frame);
      this._emit(`, ${JSON.stringify(node.target.attr)}, `);
      this.compile(node.value, frame);
      this._emitLine(');');
      return;
    }
    const tmp = this._compileToTemp(node.value, frame);
    this._assignTarget(node.target, tmp, frame);
  },

  compileCapture(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    const outerLoopDepth = this.loopDepth;
    this.loopDepth = 0;
    const buffer = this.buffer;
    this.buffer = 'output';
    this._emitLine('(function() {');
    this._emitLine('var output = "";');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('return output;');
    this._emitLine('})()');
    this.buffer = buffer;
    this.loopDepth = outerLoopDepth;
  },

  compileJinjaDo(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emitLineMarker(node);
    this.compile(node.expr, frame);
    this._emitLine(';');
  },

  compileJinjaBreak(this: CompilerThis, node: NjNode): void {
    if (!this.loopDepth) this.fail("'break' outside of a for loop", node.lineno, node.colno);
    this._emitLine('break;');
  },

  compileJinjaContinue(this: CompilerThis, node: NjNode): void {
    if (!this.loopDepth) this.fail("'continue' outside of a for loop", node.lineno, node.colno);
    this._emitLine('continue;');
  },

  /** Binds loop targets for one item; returns nothing, updates the compile frame. */
  _bindLoopTarget(this: CompilerThis, target: NjNode, itemCode: string, frame: NjFrame): void {
    if (target instanceof TupleNode) {
      const tmp = this._tmpid();
      this._emitLine(`var ${tmp} = runtime.unpack(${itemCode}, ${target.children.length});`);
      target.children.forEach((child: NjNode, i: number) => this._bindLoopTarget(child, `${tmp}[${i}]`, frame));
      return;
    }
    const id = this._tmpid();
    this._emitLine(`var ${id} = ${itemCode};`);
    this._emitLine(`frame.set(${JSON.stringify(target.value)}, ${id});`);
    frame.set(target.value, id);
  },

  compileJinjaFor(this: CompilerThis, node: NjNode, outerFrame: NjFrame): void {
    this._emitLineMarker(node);
    const arr = this._tmpid();
    const len = this._tmpid();
    const i = this._tmpid();
    const loop = this._tmpid();
    const frame = outerFrame.push();
    this._emitLine('frame = frame.push();');
    this._emit(`var ${arr} = runtime.forIterable(`);
    this.compile(node.arr, outerFrame);
    this._emitLine(`, ${node.name instanceof TupleNode});`);
    if (node.test) {
      const kept = this._tmpid();
      const j = this._tmpid();
      this._emitLine(`var ${kept} = []; for (var ${j} = 0; ${j} < ${arr}.length; ${j}++) {`);
      this._bindLoopTarget(node.name, `${arr}[${j}]`, frame);
      this._emit('if (runtime.truthy(');
      this.compile(node.test, frame);
      this._emitLine(`)) ${kept}.push(${arr}[${j}]);`);
      this._emitLine('}');
      this._emitLine(`${arr} = ${kept};`);
    }
    this._emitLine(`var ${len} = ${arr}.length;`);
    this._emitLine(`var ${loop} = new runtime.LoopContext(${arr});`);
    this._emitLine(`frame.set("loop", ${loop});`);
    frame.set('loop', loop);
    this._emitLine(`for (var ${i} = 0; ${i} < ${len}; ${i}++) {`);
    const resetSlot = this.codebuf.length;
    this._emitLine('');
    this._emitLine(`${loop}.index0 = ${i};`);
    this._bindLoopTarget(node.name, `${arr}[${i}]`, frame);
    const boundBeforeBody = new Set(Object.keys(frame.variables));
    this.loopDepth = (this.loopDepth ?? 0) + 1;
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this.loopDepth--;
    // Jinja gives each iteration a fresh scope: forget what the last one set.
    this.codebuf[resetSlot] = Object.keys(frame.variables)
      .filter((name) => !boundBeforeBody.has(name))
      .map((name) => `${frame.variables[name]} = undefined; frame.set(${JSON.stringify(name)}, undefined);\n`)
      .join('');
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (!${len}) {`);
      this._withScopedSyntax(() => this.compile(node.else_, frame));
      this._emitLine('}');
    }
    this._emitLine('frame = frame.pop();');
  },

  compileJinjaWith(this: CompilerThis, node: NjNode, outerFrame: NjFrame): void {
    this._emitLineMarker(node);
    const values = node.values.map((value: NjNode) => this._compileToTemp(value, outerFrame));
    const frame = outerFrame.push();
    this._emitLine('frame = frame.push();');
    node.targets.forEach((target: NjNode, i: number) => this._bindLoopTarget(target, values[i], frame));
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('frame = frame.pop();');
  },
};
