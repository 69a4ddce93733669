/**
 * Two lexing differences from Jinja2, fixed on the tokenizer instance:
 * - `}}` inside an open `{` (e.g. `{{ {'a': {}} }}`) closes the dict, not the
 *   expression; Jinja tracks brace balance, nunjucks ends the tag early;
 * - numbers with exponents (`1e20`, `2.5E-3`) are floats, not names.
 */
import { njLexer as L, type NjNode } from '../nunjucks-internals.js';

const SCIENTIFIC = /^\d+(?:\.\d+)?[eE][+-]?\d+/;

export function createJinjaTokenizer(source: string, options: Record<string, unknown>): NjNode {
  const tokens = L.lex(source, options);
  const baseNextToken = tokens.nextToken.bind(tokens);
  let braceDepth = 0;
  tokens.nextToken = function nextToken(): NjNode {
    if (tokens.in_code) {
      const ch = tokens.str.charAt(tokens.index);
      if (ch === '}' && braceDepth > 0) {
        const tok = { type: L.TOKEN_RIGHT_CURLY, value: '}', lineno: tokens.lineno, colno: tokens.colno };
        tokens.forward();
        braceDepth--;
        return tok;
      }
      if (ch >= '0' && ch <= '9') {
        const match = SCIENTIFIC.exec(tokens.str.slice(tokens.index, tokens.index + 40));
        if (match) {
          const tok = { type: L.TOKEN_FLOAT, value: match[0], lineno: tokens.lineno, colno: tokens.colno };
          tokens.forwardN(match[0].length);
          return tok;
        }
      }
    }
    const tok = baseNextToken();
    if (tok) {
      if (tok.type === L.TOKEN_LEFT_CURLY) braceDepth++;
      else if (tok.type === L.TOKEN_RIGHT_CURLY) braceDepth = Math.max(0, braceDepth - 1);
      else if (tok.type === L.TOKEN_VARIABLE_END || tok.type === L.TOKEN_BLOCK_END) braceDepth = 0;
    }
    return tok;
  };
  return tokens;
}
