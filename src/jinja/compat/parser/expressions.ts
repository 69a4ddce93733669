/**
 * Jinja2's expression grammar, replacing nunjucks's expression methods.
 *
 * Differences fixed here (nunjucks → Jinja2):
 * - precedence: Jinja binds `is` tests as tightly as filters, puts `in` /
 *   `not in` among the comparisons, `~` between `+`/`-` and `*`, and
 *   `* / // %` on one level (nunjucks gives each its own level);
 * - `(a, b)` is a tuple (nunjucks emits JavaScript's comma operator);
 * - dict keys are expressions (`{k: 1}` uses the variable k);
 * - `x[1:-1:2]` slices, `x.0` indexes, `.name` is attribute access;
 * - calls accept `*args` / `**kwargs` splats;
 * - `True` / `False` / `None` are literals; adjacent string literals join;
 * - tests take one bare argument: `x is divisibleby 3`, `x is sameas false`.
 */
import { CallNode, GetattrNode, SliceNode, TestNode, TupleNode } from '../nodes.js';
import { njLexer as L, njNodes as N, type NjNode } from '../nunjucks-internals.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type ParserThis = any;

const COMPARE_OPS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);
const MATH2_NODES: Record<string, NjNode> = { '*': N.Mul, '/': N.Div, '//': N.FloorDiv, '%': N.Mod };
const TEST_ARG_TOKENS = new Set([L.TOKEN_SYMBOL, L.TOKEN_STRING, L.TOKEN_INT, L.TOKEN_FLOAT, L.TOKEN_BOOLEAN, L.TOKEN_NONE, L.TOKEN_LEFT_BRACKET, L.TOKEN_LEFT_CURLY]);
const NOT_TEST_ARGS = new Set(['else', 'or', 'and', 'is', 'if', 'in', 'not']);
const PYTHON_CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null };

function isOperator(tok: NjNode, value: string): boolean {
  return tok !== null && tok !== undefined && tok.type === L.TOKEN_OPERATOR && tok.value === value;
}

export interface CallArguments {
  args: NjNode;
  dynArgs: NjNode | null;
  dynKwargs: NjNode | null;
}

export const expressionMethods = {
  parseExpression(this: ParserThis, noCondExpr?: boolean): NjNode {
    return noCondExpr === true ? this.parseOr() : this.parseInlineIf();
  },

  parseInlineIf(this: ParserThis): NjNode {
    let node = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const elseNode = this.skipSymbol('else') ? this.parseInlineIf() : null;
      const inline = new N.InlineIf(node.lineno, node.colno);
      inline.body = node;
      inline.cond = cond;
      inline.else_ = elseNode;
      node = inline;
    }
    return node;
  },

  parseNot(this: ParserThis): NjNode {
    const tok = this.peekToken();
    if (this.skipSymbol('not')) return new N.Not(tok.lineno, tok.colno, this.parseNot());
    return this.parseCompare();
  },

  parseCompare(this: ParserThis): NjNode {
    const expr = this.parseMath1();
    const ops: NjNode[] = [];
    for (;;) {
      const tok = this.peekToken();
      if (!tok) break;
      let op: string | undefined;
      if (tok.type === L.TOKEN_OPERATOR && COMPARE_OPS.has(tok.value)) op = tok.value;
      else if (tok.type === L.TOKEN_SYMBOL && tok.value === 'in') op = 'in';
      else if (tok.type === L.TOKEN_SYMBOL && tok.value === 'not') op = 'notin';
      else break;
      this.nextToken();
      if (op === 'notin' && !this.skipSymbol('in')) this.fail("expected 'in' after 'not'", tok.lineno, tok.colno);
      ops.push(new N.CompareOperand(tok.lineno, tok.colno, this.parseMath1(), op));
    }
    return ops.length ? new N.Compare(expr.lineno, expr.colno, expr, ops) : expr;
  },

  parseMath1(this: ParserThis): NjNode {
    let node = this.parseConcat();
    for (;;) {
      const tok = this.peekToken();
      if (isOperator(tok, '+')) {
        this.nextToken();
        node = new N.Add(node.lineno, node.colno, node, this.parseConcat());
      } else if (isOperator(tok, '-')) {
        this.nextToken();
        node = new N.Sub(node.lineno, node.colno, node, this.parseConcat());
      } else return node;
    }
  },

  parseConcat(this: ParserThis): NjNode {
    let node = this.parseMath2();
    while (this.skip(L.TOKEN_TILDE)) node = new N.Concat(node.lineno, node.colno, node, this.parseMath2());
    return node;
  },

  parseMath2(this: ParserThis): NjNode {
    let node = this.parsePow();
    for (;;) {
      const tok = this.peekToken();
      const NodeType = tok && tok.type === L.TOKEN_OPERATOR ? MATH2_NODES[tok.value] : undefined;
      if (!NodeType) return node;
      this.nextToken();
      node = new NodeType(node.lineno, node.colno, node, this.parsePow());
    }
  },

  parsePow(this: ParserThis): NjNode {
    let node = this.parseUnary();
    while (this.skipValue(L.TOKEN_OPERATOR, '**')) node = new N.Pow(node.lineno, node.colno, node, this.parseUnary());
    return node;
  },

  parseUnary(this: ParserThis, noFilters?: boolean): NjNode {
    const tok = this.peekToken();
    let node: NjNode;
    if (this.skipValue(L.TOKEN_OPERATOR, '-')) {
      const target = this.parseUnary(true);
      node =
        target instanceof N.Literal && typeof target.value === 'number'
          ? new N.Literal(tok.lineno, tok.colno, -target.value)
          : new N.Neg(tok.lineno, tok.colno, target);
    } else if (this.skipValue(L.TOKEN_OPERATOR, '+')) {
      node = new N.Pos(tok.lineno, tok.colno, this.parseUnary(true));
    } else {
      node = this.parsePrimary();
    }
    return noFilters ? node : this.parseFilterExpr(node);
  },

  parsePrimary(this: ParserThis, noPostfix?: boolean): NjNode {
    const tok = this.nextToken();
    if (!tok) this.fail('Unexpected end of template, expected an expression.');
    let node: NjNode;
    switch (tok.type) {
      case L.TOKEN_STRING: {
        let value = tok.value as string;
        while (this.peekToken()?.type === L.TOKEN_STRING) value += this.nextToken().value;
        node = new N.Literal(tok.lineno, tok.colno, value);
        break;
      }
      case L.TOKEN_INT:
        node = new N.Literal(tok.lineno, tok.colno, parseInt(tok.value, 10));
        break;
      case L.TOKEN_FLOAT:
        node = new N.Literal(tok.lineno, tok.colno, parseFloat(tok.value));
        break;
      case L.TOKEN_BOOLEAN:
        node = new N.Literal(tok.lineno, tok.colno, tok.value === 'true');
        break;
      case L.TOKEN_NONE:
        node = new N.Literal(tok.lineno, tok.colno, null);
        break;
      case L.TOKEN_REGEX:
        node = new N.Literal(tok.lineno, tok.colno, new RegExp(tok.value.body, tok.value.flags));
        break;
      case L.TOKEN_SYMBOL:
        node = Object.prototype.hasOwnProperty.call(PYTHON_CONSTANTS, tok.value)
          ? new N.Literal(tok.lineno, tok.colno, PYTHON_CONSTANTS[tok.value])
          : new N.Symbol(tok.lineno, tok.colno, tok.value);
        break;
      case L.TOKEN_LEFT_PAREN:
      case L.TOKEN_LEFT_BRACKET:
      case L.TOKEN_LEFT_CURLY:
        this.pushToken(tok);
        node = this.parseAggregate();
        break;
      default:
        this.fail(`unexpected '${tok.value}'`, tok.lineno, tok.colno);
    }
    return noPostfix ? node : this.parsePostfix(node);
  },

  /** `( … )` group or tuple, `[ … ]` list, `{ k: v }` dict. */
  parseAggregate(this: ParserThis): NjNode {
    const tok = this.nextToken();
    if (tok.type === L.TOKEN_LEFT_PAREN) {
      const items: NjNode[] = [];
      let tuple = false;
      while (!this.skip(L.TOKEN_RIGHT_PAREN)) {
        if (items.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ')'");
        if (items.length) tuple = true;
        if (this.skip(L.TOKEN_RIGHT_PAREN)) break;
        items.push(this.parseExpression());
      }
      if (items.length === 1 && !tuple) return items[0];
      return new TupleNode(tok.lineno, tok.colno, items);
    }
    if (tok.type === L.TOKEN_LEFT_BRACKET) {
      const list = new N.Array(tok.lineno, tok.colno);
      while (!this.skip(L.TOKEN_RIGHT_BRACKET)) {
        if (list.children.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ']' in list literal");
        if (this.skip(L.TOKEN_RIGHT_BRACKET)) break;
        list.addChild(this.parseExpression());
      }
      return list;
    }
    if (tok.type === L.TOKEN_LEFT_CURLY) {
      const dict = new N.Dict(tok.lineno, tok.colno);
      while (!this.skip(L.TOKEN_RIGHT_CURLY)) {
        if (dict.children.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or '}' in dict literal");
        if (this.skip(L.TOKEN_RIGHT_CURLY)) break;
        const key = this.parseExpression();
        if (!this.skip(L.TOKEN_COLON)) this.fail("expected ':' after dict key");
        dict.addChild(new N.Pair(key.lineno, key.colno, key, this.parseExpression()));
      }
      return dict;
    }
    this.pushToken(tok);
    return null;
  },

  parsePostfix(this: ParserThis, start: NjNode): NjNode {
    let node = start;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) return node;
      if (tok.type === L.TOKEN_LEFT_PAREN) {
        node = this.parseCallNode(node);
      } else if (tok.type === L.TOKEN_LEFT_BRACKET) {
        this.nextToken();
        node = new N.LookupVal(tok.lineno, tok.colno, node, this.parseSubscript());
      } else if (isOperator(tok, '.')) {
        this.nextToken();
        const name = this.nextToken();
        if (name && name.type === L.TOKEN_INT) {
          node = new N.LookupVal(tok.lineno, tok.colno, node, new N.Literal(name.lineno, name.colno, parseInt(name.value, 10)));
        } else if (name && (name.type === L.TOKEN_SYMBOL || name.type === L.TOKEN_BOOLEAN || name.type === L.TOKEN_NONE)) {
          node = new GetattrNode(tok.lineno, tok.colno, node, new N.Literal(name.lineno, name.colno, name.value));
        } else {
          this.fail(`expected a name after '.', got ${name ? `'${name.value}'` : 'end of template'}`, tok.lineno, tok.colno);
        }
      } else {
        return node;
      }
    }
  },

  /** The inside of `[ … ]`: an index, a slice `a:b:c`, or a tuple of them. */
  parseSubscript(this: ParserThis): NjNode {
    const first = this.peekToken();
    const items: NjNode[] = [];
    while (!this.skip(L.TOKEN_RIGHT_BRACKET)) {
      if (items.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ']' in subscript");
      items.push(this.parseSubscribed());
    }
    if (!items.length) this.fail('expected an index inside []', first.lineno, first.colno);
    return items.length === 1 ? items[0] : new TupleNode(first.lineno, first.colno, items);
  },

  parseSubscribed(this: ParserThis): NjNode {
    const tok = this.peekToken();
    const parts: (NjNode | null)[] = [];
    const endOfPart = (): boolean => {
      const t = this.peekToken();
      return !t || t.type === L.TOKEN_COLON || t.type === L.TOKEN_RIGHT_BRACKET || t.type === L.TOKEN_COMMA;
    };
    if (this.skip(L.TOKEN_COLON)) {
      parts.push(null);
    } else {
      const expr = this.parseExpression();
      if (!this.skip(L.TOKEN_COLON)) return expr;
      parts.push(expr);
    }
    parts.push(endOfPart() ? null : this.parseExpression());
    if (this.skip(L.TOKEN_COLON)) parts.push(endOfPart() ? null : this.parseExpression());
    else parts.push(null);
    return new SliceNode(tok.lineno, tok.colno, parts[0], parts[1], parts[2]);
  },

  /** `( args )` of a call, with keyword arguments and `*` / `**` splats. */
  parseCallArgs(this: ParserThis): CallArguments {
    const open = this.expect(L.TOKEN_LEFT_PAREN);
    const args = new N.NodeList(open.lineno, open.colno);
    const kwargs = new N.KeywordArgs(open.lineno, open.colno);
    let dynArgs: NjNode | null = null;
    let dynKwargs: NjNode | null = null;
    let first = true;
    while (!this.skip(L.TOKEN_RIGHT_PAREN)) {
      if (!first) {
        if (!this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ')' in call arguments");
        if (this.skip(L.TOKEN_RIGHT_PAREN)) break;
      }
      first = false;
      const tok = this.peekToken();
      if (this.skipValue(L.TOKEN_OPERATOR, '*')) {
        dynArgs = this.parseExpression();
      } else if (this.skipValue(L.TOKEN_OPERATOR, '**')) {
        dynKwargs = this.parseExpression();
      } else {
        const arg = this.parseExpression();
        if (this.skipValue(L.TOKEN_OPERATOR, '=')) {
          if (!(arg instanceof N.Symbol)) this.fail('keyword argument name must be a plain name', tok.lineno, tok.colno);
          kwargs.addChild(new N.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
        } else {
          if (kwargs.children.length || dynKwargs) this.fail('positional argument follows keyword argument', tok.lineno, tok.colno);
          args.addChild(arg);
        }
      }
    }
    if (kwargs.children.length) args.addChild(kwargs);
    return { args, dynArgs, dynKwargs };
  },

  parseCallNode(this: ParserThis, callee: NjNode): NjNode {
    const tok = this.peekToken();
    const { args, dynArgs, dynKwargs } = this.parseCallArgs();
    return new CallNode(tok.lineno, tok.colno, callee, args, dynArgs, dynKwargs);
  },

  /** Filters, tests and calls that follow a unary expression (Jinja's parse_filter_expr). */
  parseFilterExpr(this: ParserThis, start: NjNode): NjNode {
    let node = start;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) return node;
      if (tok.type === L.TOKEN_PIPE) {
        this.nextToken();
        node = this.parseFilterCall(node);
      } else if (tok.type === L.TOKEN_SYMBOL && tok.value === 'is') {
        this.nextToken();
        node = this.parseTestExpr(node, tok);
      } else if (tok.type === L.TOKEN_LEFT_PAREN) {
        node = this.parseCallNode(node);
      } else {
        return node;
      }
    }
  },

  /** nunjucks calls this for `{% set x | f %}`-like chains; keep it Jinja-shaped. */
  parseFilter(this: ParserThis, start: NjNode): NjNode {
    let node = start;
    while (this.skip(L.TOKEN_PIPE)) node = this.parseFilterCall(node);
    return node;
  },

  parseFilterCall(this: ParserThis, target: NjNode): NjNode {
    const name = this.parseFilterName();
    let extra: NjNode[] = [];
    if (this.peekToken()?.type === L.TOKEN_LEFT_PAREN) {
      const call: CallArguments = this.parseCallArgs();
      if (call.dynArgs || call.dynKwargs) this.fail('*args / **kwargs are not supported in filter calls', name.lineno, name.colno);
      extra = call.args.children;
    }
    return new N.Filter(name.lineno, name.colno, name, new N.NodeList(name.lineno, name.colno, [target, ...extra]));
  },

  parseTestExpr(this: ParserThis, target: NjNode, isTok: NjNode): NjNode {
    const negated = this.skipSymbol('not');
    const nameTok = this.nextToken();
    let name: string;
    if (nameTok && nameTok.type === L.TOKEN_SYMBOL) {
      name = nameTok.value;
      while (this.skipValue(L.TOKEN_OPERATOR, '.')) name += `.${this.expect(L.TOKEN_SYMBOL).value}`;
    } else if (nameTok && (nameTok.type === L.TOKEN_NONE || nameTok.type === L.TOKEN_BOOLEAN)) {
      name = nameTok.value === 'null' ? 'none' : nameTok.value;
    } else {
      this.fail("expected a test name after 'is'", isTok.lineno, isTok.colno);
    }
    let args = new N.NodeList(nameTok.lineno, nameTok.colno);
    const next = this.peekToken();
    if (next && next.type === L.TOKEN_LEFT_PAREN) {
      args = this.parseCallArgs().args;
    } else if (next && TEST_ARG_TOKENS.has(next.type) && !(next.type === L.TOKEN_SYMBOL && NOT_TEST_ARGS.has(next.value))) {
      args.addChild(this.parsePrimary());
    }
    const test = new TestNode(isTok.lineno, isTok.colno, target, name!, args);
    return negated ? new N.Not(isTok.lineno, isTok.colno, test) : test;
  },

  /** A comma-separated expression list without parentheses (`{% set a, b = 1, 2 %}`). */
  parseTupleExpression(this: ParserThis, noCondExpr?: boolean): NjNode {
    const first = this.peekToken();
    const items: NjNode[] = [];
    let tuple = false;
    for (;;) {
      const tok = this.peekToken();
      const atEnd = !tok || tok.type === L.TOKEN_BLOCK_END || tok.type === L.TOKEN_VARIABLE_END || tok.type === L.TOKEN_RIGHT_PAREN;
      if (items.length && atEnd) break;
      items.push(this.parseExpression(noCondExpr));
      if (!this.skip(L.TOKEN_COMMA)) break;
      tuple = true;
    }
    return tuple ? new TupleNode(first.lineno, first.colno, items) : items[0];
  },
};
