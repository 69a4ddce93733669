/**
 * Code generation for expressions with Python semantics. nunjucks emits
 * JavaScript operators directly, which is where it silently differs from
 * Jinja2: `[1] + [2]` becomes "12", `'%s' % x` is NaN, `[] or 'x'` is `[]`
 * (empty lists are truthy in JavaScript), `1 < 2 < 3` compares a boolean,
 * `(a, b)` is the comma operator. Here every such operator goes through a
 * `runtime.*` helper (see runtime/jinja-runtime.ts).
 */
import { GetattrNode, SliceNode } from '../nodes.js';
import { njNodes as N, type NjFrame, type NjNode } from '../nunjucks-internals.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type CompilerThis = any;

const BINARY_HELPERS: Record<string, string> = {
  Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div', FloorDiv: 'floordiv', Mod: 'mod', Pow: 'pow', Concat: 'concat',
};

function binary(helper: string) {
  return function compileBinary(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit(`runtime.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}

export const expressionCompilers: Record<string, unknown> = {
  /** nunjucks's type whitelist does not know kiln's nodes; every node here is an expression. */
  _compileExpression(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this.compile(node, frame);
  },

  _getNodeName(this: CompilerThis, node: NjNode): string {
    if (node instanceof GetattrNode) return `${this._getNodeName(node.target)}.${node.val.value}`;
    if (node instanceof N.LookupVal) return `${this._getNodeName(node.target)}[…]`;
    if (node instanceof N.FunCall) return `${this._getNodeName(node.name)}()`;
    if (node instanceof N.Symbol) return node.value;
    if (node instanceof N.Literal) return JSON.stringify(node.value) ?? String(node.value);
    return 'expression';
  },

  compileJinjaTuple(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('runtime.tuple(');
    this._compileAggregate(node, frame, '[', ']');
    this._emit(')');
  },

  compileGroup(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    if (node.children.length === 1) this._compileAggregate(node, frame, '(', ')');
    else this.compileJinjaTuple(node, frame);
  },

  /** Dict keys are expressions in Jinja (`{k: 1}` reads variable k). */
  compileDict(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('{');
    node.children.forEach((pair: NjNode, i: number) => {
      if (i > 0) this._emit(', ');
      if (pair.key instanceof N.Literal && typeof pair.key.value === 'string') {
        this._emit(JSON.stringify(pair.key.value));
      } else {
        this._emit('[runtime.str(');
        this.compile(pair.key, frame);
        this._emit(')]');
      }
      this._emit(': ');
      this.compile(pair.value, frame);
    });
    this._emit('}');
  },

  /** `f(a=1)`: keyword names are names, not variables. */
  compileKeywordArgs(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('runtime.makeKeywordArgs({');
    node.children.forEach((pair: NjNode, i: number) => {
      if (i > 0) this._emit(', ');
      this._emit(`${JSON.stringify(pair.key.value)}: `);
      this.compile(pair.value, frame);
    });
    this._emit('})');
  },

  compileInlineIf(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('(runtime.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? ');
    this.compile(node.body, frame);
    this._emit(' : ');
    if (node.else_) this.compile(node.else_, frame);
    else this._emit('undefined');
    this._emit(')');
  },

  /** `a or b` returns an operand, judged by Python truthiness. */
  compileOr(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('(runtime.hold(');
    this.compile(node.left, frame);
    this._emit(') ? runtime.held() : ');
    this.compile(node.right, frame);
    this._emit(')');
  },

  compileAnd(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('(!runtime.hold(');
    this.compile(node.left, frame);
    this._emit(') ? runtime.held() : ');
    this.compile(node.right, frame);
    this._emit(')');
  },

  compileNot(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('!runtime.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  },

  ...Object.fromEntries(Object.entries(BINARY_HELPERS).map(([type, helper]) => [`compile${type}`, binary(helper)])),

  compileNeg(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('runtime.neg(');
    this.compile(node.target, frame);
    this._emit(')');
  },

  compileCompare(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('runtime.compare(');
    this.compile(node.expr, frame);
    this._emit(', [');
    node.ops.forEach((op: NjNode, i: number) => {
      if (i > 0) this._emit(', ');
      this._emit(`${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
    });
    this._emit('])');
  },

  compileJinjaTest(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    if (this.env && !this.env.tests[node.name]) {
      this.failWithHint(`No test named '${node.name}'.`, node, { kind: 'test', name: node.name });
    }
    this._emit(`runtime.truthy(env.getTest(${JSON.stringify(node.name)}).call(context, `);
    this.compile(node.target, frame);
    for (const arg of node.args.children) {
      this._emit(', ');
      this.compile(arg, frame);
    }
    this._emit('))');
  },

  compileFilter(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    const name = node.name.value;
    if (this.env && !this.env.filters[name]) {
      this.failWithHint(`No filter named '${name}'.`, node, { kind: 'filter', name });
    }
    this._emit(`env.getFilter(${JSON.stringify(name)}).call(context, `);
    this._compileAggregate(node.args, frame);
    this._emit(')');
  },

  /** `x[key]` and `x[a:b:c]`. */
  compileLookupVal(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    if (node.val instanceof SliceNode) {
      this._emit('runtime.slice(');
      this.compile(node.target, frame);
      for (const part of [node.val.start, node.val.stop, node.val.step]) {
        this._emit(', ');
        if (part) this.compile(part, frame);
        else this._emit('null');
      }
      this._emit(')');
      return;
    }
    this._emit('runtime.getitem(');
    this.compile(node.target, frame);
    this._emit(', ');
    this.compile(node.val, frame);
    this._emit(')');
  },

  /** `x.name`: Python methods on str/list/dict, then properties. */
  compileJinjaGetattr(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit('runtime.getattr(');
    this.compile(node.target, frame);
    this._emit(`, ${JSON.stringify(String(node.val.value))})`);
  },

  compileJinjaCall(this: CompilerThis, node: NjNode, frame: NjFrame): void {
    this._emit(`(lineno = ${node.lineno + 1}, colno = ${node.colno + 1}, `);
    const name = JSON.stringify(this._getNodeName(node.name));
    const children: NjNode[] = node.args.children;
    if (!node.dynArgs && !node.dynKwargs) {
      this._emit('runtime.callWrap(');
      this.compile(node.name, frame);
      this._emit(`, ${name}, context, `);
      this._compileAggregate(node.args, frame, '[', ']');
      this._emit('))');
      return;
    }
    const last = children[children.length - 1];
    const kwargs = last instanceof N.KeywordArgs ? last : null;
    const positional = kwargs ? children.slice(0, -1) : children;
    this._emit('runtime.callSplat(');
    this.compile(node.name, frame);
    this._emit(`, ${name}, context, [`);
    positional.forEach((arg, i) => {
      if (i > 0) this._emit(', ');
      this.compile(arg, frame);
    });
    this._emit('], ');
    [node.dynArgs, kwargs, node.dynKwargs].forEach((part, i) => {
      if (i > 0) this._emit(', ');
      if (part) this.compile(part, frame);
      else this._emit('null');
    });
    this._emit('))');
  },
};
