/**
 * Jinja statements nunjucks lacks or parses differently:
 * - `{% do expr %}` (jinja2.ext.do) and `{% break %}` / `{% continue %}`
 *   (jinja2.ext.loopcontrols), which dbt enables;
 * - `{% for x in xs if cond %}`: nunjucks reads `xs if cond` as an inline
 *   if without else, so the loop silently iterates nothing when cond fails;
 * - `{% set a, b = 1, 2 %}` (tuple unpacking; nunjucks assigns 1 to both and
 *   chokes on the comma) and `{% set ns.x = … %}` (namespace attributes);
 * - `{% with %}` blocks;
 * - Jinja-style messages for unknown tags and unclosed blocks, pointing at
 *   the line of the block that was left open.
 */
import { closest } from 'fastest-levenshtein';
import { DoNode, BreakNode, ContinueNode, ForNode, NamespaceRefNode, SetNode, TupleNode, WithNode } from '../nodes.js';
import { njLexer as L, njNodes as N, njParser, type NjNode } from '../nunjucks-internals.js';
import type { ParserThis } from './expressions.js';

const BaseParser = njParser.Parser;

/** Tags the parser understands (nunjucks's own plus kiln's). */
export const BUILTIN_TAGS = [
  'raw', 'verbatim', 'if', 'for', 'block', 'extends', 'include', 'set', 'macro', 'call', 'import', 'from',
  'filter', 'do', 'break', 'continue', 'with',
];

export interface OpenTag {
  tag: string;
  lineno: number;
  colno: number;
}

function quoteList(names: string[]): string {
  return names.map((n) => `'${n}'`).join(' or ');
}

export const statementMethods = {
  parseStatement(this: ParserThis): NjNode {
    const tok = this.peekToken();
    if (!tok || tok.type !== L.TOKEN_SYMBOL) this.fail('tag name expected', tok?.lineno, tok?.colno);
    if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
    const stack: OpenTag[] = (this.openTags ??= []);
    stack.push({ tag: tok.value, lineno: tok.lineno, colno: tok.colno });
    try {
      switch (tok.value) {
        case 'do':
          return this.parseDo();
        case 'break':
        case 'continue':
          return this.parseLoopControl();
        case 'for':
          return this.parseJinjaFor();
        case 'set':
          return this.parseJinjaSet();
        case 'with':
          return this.parseWith();
        default:
          if (!BUILTIN_TAGS.includes(tok.value) && !this.extensions.some((e: NjNode) => (e.tags ?? []).includes(tok.value))) {
            this.failUnknownTag(tok);
          }
          return BaseParser.prototype.parseStatement.call(this);
      }
    } finally {
      stack.pop();
    }
  },

  failUnknownTag(this: ParserThis, tok: NjNode): never {
    const open: OpenTag[] = (this.openTags ?? []).slice(0, -1);
    const innermost = open[open.length - 1];
    let message = `Encountered unknown tag '${tok.value}'.`;
    let hint: string;
    if (innermost && this.breakOnBlocks) {
      message += ` Jinja was looking for the following tags: ${quoteList(this.breakOnBlocks)}. The innermost block that needs to be closed is '${innermost.tag}'.`;
      hint = `close the '${innermost.tag}' block opened on line ${innermost.lineno + 1} with {% ${this.breakOnBlocks[this.breakOnBlocks.length - 1]} %}`;
    } else if (/^(end\w+|else|elif)$/.test(tok.value)) {
      hint = `there is no open block for {% ${tok.value} %} to close; remove it or add the opening tag`;
    } else {
      hint = `did you mean {% ${closest(tok.value, BUILTIN_TAGS)} %}? Custom tags must be registered as nunjucks extensions`;
    }
    throw Object.assign(this.error(message, tok.lineno, tok.colno), { kilnHint: hint });
  },

  /** At end of input while a block is still open, say which block and where it began. */
  parseUntilBlocks(this: ParserThis, ...names: string[]): NjNode {
    const result = BaseParser.prototype.parseUntilBlocks.apply(this, names);
    if (!this.peekToken()) {
      const open: OpenTag[] = this.openTags ?? [];
      const innermost = open[open.length - 1];
      const message = `Unexpected end of template. Jinja was looking for the following tags: ${quoteList(names)}.` +
        (innermost ? ` The innermost block that needs to be closed is '${innermost.tag}'.` : '');
      const error = innermost ? this.error(message, innermost.lineno, innermost.colno) : this.error(message);
      const closer = names.find((n) => n.startsWith('end')) ?? names[names.length - 1];
      throw Object.assign(error, { kilnHint: `add {% ${closer} %} to close the '${innermost?.tag ?? 'block'}' block` });
    }
    return result;
  },

  parseDo(this: ParserThis): NjNode {
    const tag = this.nextToken();
    const expr = this.parseTupleExpression();
    this.advanceAfterBlockEnd(tag.value);
    return new DoNode(tag.lineno, tag.colno, expr);
  },

  parseLoopControl(this: ParserThis): NjNode {
    const tag = this.nextToken();
    this.advanceAfterBlockEnd(tag.value);
    return tag.value === 'break' ? new BreakNode(tag.lineno, tag.colno) : new ContinueNode(tag.lineno, tag.colno);
  },

  parseJinjaFor(this: ParserThis): NjNode {
    const tag = this.nextToken();
    const target = this.parseAssignTarget(false);
    if (!this.skipSymbol('in')) this.fail("expected 'in' in for loop", tag.lineno, tag.colno);
    const iter = this.parseTupleExpression(true);
    const test = this.skipSymbol('if') ? this.parseExpression() : null;
    if (this.skipSymbol('recursive')) this.fail('recursive for loops are not supported', tag.lineno, tag.colno);
    this.advanceAfterBlockEnd(tag.value);
    const body = this.parseUntilBlocks('endfor', 'else');
    let elseBody = null;
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      elseBody = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return new ForNode(tag.lineno, tag.colno, iter, target, body, elseBody, test);
  },

  /** A name, `a, b`, `(a, b)`, or (for set) `ns.attr`. */
  parseAssignTarget(this: ParserThis, withNamespace: boolean): NjNode {
    const first = this.peekToken();
    if (this.skip(L.TOKEN_LEFT_PAREN)) {
      const items: NjNode[] = [];
      while (!this.skip(L.TOKEN_RIGHT_PAREN)) {
        if (items.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ')' in assignment target");
        if (this.skip(L.TOKEN_RIGHT_PAREN)) break;
        items.push(this.parseTargetName(false));
      }
      return new TupleNode(first.lineno, first.colno, items);
    }
    const name = this.parseTargetName(withNamespace);
    if (this.peekToken()?.type !== L.TOKEN_COMMA) return name;
    const items = [name];
    while (this.skip(L.TOKEN_COMMA)) {
      const tok = this.peekToken();
      if (!tok || tok.type !== L.TOKEN_SYMBOL || tok.value === 'in') break;
      items.push(this.parseTargetName(false));
    }
    return new TupleNode(first.lineno, first.colno, items);
  },

  parseTargetName(this: ParserThis, withNamespace: boolean): NjNode {
    const tok = this.nextToken();
    if (!tok || tok.type !== L.TOKEN_SYMBOL) this.fail(`expected a variable name, got ${tok ? `'${tok.value}'` : 'end of template'}`, tok?.lineno, tok?.colno);
    if (withNamespace && this.skipValue(L.TOKEN_OPERATOR, '.')) {
      const attr = this.expect(L.TOKEN_SYMBOL);
      return new NamespaceRefNode(tok.lineno, tok.colno, tok.value, attr.value);
    }
    return new N.Symbol(tok.lineno, tok.colno, tok.value);
  },

  parseJinjaSet(this: ParserThis): NjNode {
    const tag = this.nextToken();
    const target = this.parseAssignTarget(true);
    if (this.skipValue(L.TOKEN_OPERATOR, '=')) {
      const value = this.parseTupleExpression();
      this.advanceAfterBlockEnd(tag.value);
      return new SetNode(tag.lineno, tag.colno, target, value);
    }
    const filters: [NjNode, NjNode[]][] = [];
    while (this.skip(L.TOKEN_PIPE)) {
      const name = this.parseFilterName();
      const args = this.peekToken()?.type === L.TOKEN_LEFT_PAREN ? this.parseCallArgs().args.children : [];
      filters.push([name, args]);
    }
    if (this.peekToken()?.type !== L.TOKEN_BLOCK_END) this.fail("expected '=' or the end of the set tag", tag.lineno, tag.colno);
    this.advanceAfterBlockEnd(tag.value);
    const body = this.parseUntilBlocks('endset');
    this.advanceAfterBlockEnd();
    let value = new N.Capture(tag.lineno, tag.colno, body);
    for (const [name, args] of filters) {
      value = new N.Filter(name.lineno, name.colno, name, new N.NodeList(name.lineno, name.colno, [value, ...args]));
    }
    return new SetNode(tag.lineno, tag.colno, target, value);
  },

  parseWith(this: ParserThis): NjNode {
    const tag = this.nextToken();
    const targets: NjNode[] = [];
    const values: NjNode[] = [];
    while (this.peekToken() && this.peekToken().type !== L.TOKEN_BLOCK_END) {
      if (targets.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' in with statement");
      targets.push(this.parseAssignTarget(false));
      if (!this.skipValue(L.TOKEN_OPERATOR, '=')) this.fail("expected '=' in with statement");
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd(tag.value);
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new WithNode(tag.lineno, tag.colno, targets, values, body);
  },
};
