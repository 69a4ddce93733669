/**
 * Finds the top-level `{% macro %}`, `{% test %}`, `{% materialization %}`,
 * `{% snapshot %}` and `{% docs %}` blocks of a file by scanning its tags, without
 * compiling it: registering 10,000 macros must cost next to nothing, and a macro is
 * compiled only when something calls it.
 */
import { KilnError } from '../errors.js';

export type BlockKind = 'macro' | 'test' | 'materialization' | 'snapshot' | 'docs';

export interface TemplateBlock {
  kind: BlockKind;
  name: string;
  /** Text inside the parentheses of the opening tag (macro/test arguments), or the rest of the tag. */
  args: string;
  /** The whole block, opening tag to closing tag. */
  source: string;
  /** The body between the tags. */
  body: string;
  /** 1-based line of the opening tag. */
  line: number;
  /** Offsets in the file. */
  start: number;
  end: number;
}

const TAG = /\{%(-?)\s*(end)?(macro|test|materialization|snapshot|docs|raw|endraw)\b([\s\S]*?)(-?)%\}/g;

/** Line numbers of offsets asked in increasing order, counting each newline once (a file's blocks come in order). */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let counted = 0;
  return (offset) => {
    if (offset < counted) (line = 1), (counted = 0);
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
}

export function findBlocks(text: string, file: string): TemplateBlock[] {
  const blocks: TemplateBlock[] = [];
  let open: { kind: BlockKind; name: string; args: string; start: number; bodyStart: number } | undefined;
  let inRaw = false;
  const lineAt = lineCounter(text);
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const [whole, , end, word, rest] = m;
    if (word === 'raw') { inRaw = true; continue; }
    if (word === 'endraw') { inRaw = false; continue; }
    if (inRaw) continue;
    const kind = word as BlockKind;
    if (!end) {
      if (open) continue; // nested blocks of the same kinds are not top-level; the compiler will judge them
      const header = rest!.trim();
      const nameMatch = /^([A-Za-z_][\w]*)\s*(?:\(([\s\S]*)\))?\s*(,[\s\S]*)?$/.exec(header);
      if (!nameMatch) {
        throw new KilnError(`cannot read the ${kind} tag '${whole}'`, {
          file,
          line: lineAt(m.index),
          hint: kind === 'macro' ? 'write it as {% macro name(arg1, arg2="default") %}' : `write it as {% ${kind} name %}`,
        });
      }
      open = { kind, name: nameMatch[1]!, args: nameMatch[2] ?? (nameMatch[3] ?? '').replace(/^,/, '').trim(), start: m.index, bodyStart: m.index + whole.length };
    } else if (open && open.kind === kind) {
      const endOffset = m.index + whole.length;
      blocks.push({
        kind,
        name: open.name,
        args: open.args,
        source: text.slice(open.start, endOffset),
        body: text.slice(open.bodyStart, m.index),
        line: lineAt(open.start),
        start: open.start,
        end: endOffset,
      });
      open = undefined;
    }
  }
  if (open) {
    throw new KilnError(`'{% ${open.kind} ${open.name} %}' is never closed`, {
      file,
      line: lineAt(open.start),
      hint: `add {% end${open.kind} %} after the ${open.kind}'s body`,
    });
  }
  return blocks;
}

/** Names of a macro's parameters, from the text inside its parentheses. */
export function macroArgumentNames(args: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | null = null;
  for (const ch of args) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) names.push(current);
  return names.map((a) => a.split('=')[0]!.trim()).filter(Boolean);
}
