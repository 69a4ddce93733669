/**
 * A nunjucks Parser subclass that reads templates with Jinja2's grammar.
 * The method groups live in their own modules (expressions, statements);
 * everything else (if, macro, call, filter blocks, raw, include, import…) is
 * nunjucks's own parsing.
 */
import { njParser, type NjNode } from '../nunjucks-internals.js';
import { createJinjaTokenizer } from './jinja-tokenizer.js';
import { expressionMethods } from './expressions.js';
import { statementMethods } from './statements.js';

const BaseParser: new (tokens: NjNode) => NjNode = njParser.Parser;

export class JinjaParser extends BaseParser {}
Object.assign(JinjaParser.prototype, expressionMethods, statementMethods);

/** Parses template source into a nunjucks Root node using Jinja2's grammar. */
export function parseJinja(source: string, extensions: NjNode[], lexerOptions: Record<string, unknown>): NjNode {
  const parser = new JinjaParser(createJinjaTokenizer(source, lexerOptions));
  parser.extensions = extensions;
  return parser.parseAsRoot();
}
