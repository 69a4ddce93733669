/**
 * Three lexing differences from Jinja2, fixed on the tokenizer instance:
 * - string escapes follow Python: `\\n`, `\\t`, `\\'`, `\\xhh`, `\\uXXXX` … are escapes, and any
 *   other backslash stays (`'\\s+\\w'` is a regex, not `s+w`);
 * - `}}` inside an open `{` (e.g. `{{ {'a': {}} }}`) closes the dict, not the
 *   expression; Jinja tracks brace balance, nunjucks ends the tag early;
 * - numbers with exponents (`1e20`, `2.5E-3`) are floats, not names.
 */
import { njLexer as L, type NjNode } from '../nunjucks-internals.js';

const SCIENTIFIC = /^\d+(?:\.\d+)?[eE][+-]?\d+/;

export function createJinjaTokenizer(source: string, options: Record<string, unknown>): NjNode {
  const tokens = L.lex(source, options);
  tokens._parseString = (delimiter: string): string => parsePythonString(tokens, delimiter);
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

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** A string literal's value as Python reads it; the tokenizer stands on the opening quote. */
function parsePythonString(tokens: NjNode, delimiter: string): string {
  tokens.forward();
  let out = '';
  while (!tokens.isFinished() && tokens.current() !== delimiter) {
    const ch = tokens.current() as string;
    tokens.forward();
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = tokens.current() as string;
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const digits = hex ? (tokens.str as string).slice(tokens.index + 1, tokens.index + 1 + hex) : '';
    if (hex && /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex) {
      out += String.fromCodePoint(parseInt(digits, 16));
      tokens.forwardN(hex + 1);
    } else if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      tokens.forward();
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec((tokens.str as string).slice(tokens.index))![0];
      out += String.fromCharCode(parseInt(octal, 8));
      tokens.forwardN(octal.length);
    } else {
      out += '\\'; // an unknown escape keeps its backslash, as in Python
    }
  }
  tokens.forward();
  return out;
}
