/**
 * target/docs/index.html: one self-contained page (styles, the dagre layout library, the
 * app and the data blob inlined), so it opens from file:// with no server and no network.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteData } from './siteData.js';

/** The page's sources ship in src/docs/site/ (plain browser files, no build step). */
const SITE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'docs', 'site');

export function writeSite(docsDir: string, data: SiteData): string {
  const read = (file: string): string => readFileSync(join(SITE_DIR, file), 'utf8');
  // The package exports no subpath for its browser build; it sits beside the main file.
  const dagre = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@dagrejs/dagre')), 'dagre.min.js'), 'utf8');
  // `<` escaped, so no string in the data can close the script element that holds it; and every
  // non-ASCII character, since one of them makes Chromium parse the whole 10 MB page about 40% slower.
  const blob = JSON.stringify(data).replace(/[<\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const parts: Record<string, string> = { '/*KILN_STYLE*/': read('style.css'), '/*KILN_LIBS*/': scriptSafe(dagre), '/*KILN_APP*/': scriptSafe(read('app.js')), '/*KILN_DATA*/': blob };
  // One pass, so that text inside a part is never taken for another placeholder.
  const html = read('index.html').replace(/\/\*KILN_(STYLE|LIBS|APP|DATA)\*\//g, (placeholder) => parts[placeholder]!);
  mkdirSync(docsDir, { recursive: true });
  const path = join(docsDir, 'index.html');
  writeFileSync(path, html);
  return path;
}

function scriptSafe(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}
