/**
 * Python's fnmatch (POSIX, case-sensitive), which dbt uses for selector values:
 * `*` any run of characters (including `/` and `.`), `?` one character,
 * `[abc]`, `[a-z]`, `[!abc]` one character of (or not of) a set.
 */

const cache = new Map<string, RegExp>();

export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

export function fnmatch(name: string, pattern: string): boolean {
  if (!hasWildcard(pattern)) return name === pattern;
  return fnmatchRegExp(pattern).test(name);
}

export function fnmatchRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${translate(pattern)}$`, 's');
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function translate(pattern: string): string {
  let out = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++]!;
    if (c === '*') {
      out += '.*';
      while (pattern[i] === '*') i++;
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        out += '\\[';
      } else {
        let body = pattern.slice(i, j);
        i = j + 1;
        let negate = false;
        if (body.startsWith('!')) {
          negate = true;
          body = body.slice(1);
        }
        // Escape everything but ranges' hyphens.
        const set = body.replace(/[\\^\]]/g, '\\$&');
        out += negate ? `[^${set}]` : `[${set}]`;
      }
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}
