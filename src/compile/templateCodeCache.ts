/**
 * The JavaScript kiln's Jinja compiler generated for each template, saved in target/ between
 * runs: parsing a template (the global project's macros, a package's, a model's) costs far more
 * than loading its code. Entries are keyed by template name and text, so an edited file simply
 * misses; the file as a whole is dropped when kiln is rebuilt.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TemplateCodeStore } from '../jinja/compat/index.js';
import { holdsSecret } from '../secrets.js';
import { kilnBuild, KILN_VERSION } from '../version.js';

export class TemplateCodeCache implements TemplateCodeStore {
  private readonly known = new Map<string, string>();
  private readonly used = new Map<string, string>();
  private added = false;
  private readonly header = `${KILN_VERSION} ${kilnBuild()}`;

  constructor(private readonly path: string) {
    if (!existsSync(path)) return;
    try {
      const text = readFileSync(path, 'utf8');
      const newline = text.indexOf('\n');
      if (text.slice(0, newline) !== this.header) return;
      for (const [key, code] of Object.entries(JSON.parse(text.slice(newline + 1)) as Record<string, string>)) this.known.set(key, code);
    } catch {
      // a corrupt cache only means compiling the templates again
    }
  }

  get(key: string): string | undefined {
    const code = this.known.get(key);
    if (code !== undefined) this.used.set(key, code);
    return code;
  }

  set(key: string, code: string): void {
    this.used.set(key, code);
    this.added = true;
  }

  /** Write the file when this run compiled something new. Old versions of edited templates are dropped once they outnumber the ones in use. */
  save(): void {
    if (!this.added) return;
    const kept = this.known.size > 2 * this.used.size + 500 ? this.used : new Map([...this.known, ...this.used]);
    const text = JSON.stringify(Object.fromEntries(kept));
    if (holdsSecret(text)) return; // a template with a secret in it stays off the disk
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, `${this.header}\n${text}`);
      this.added = false;
    } catch {
      // an unwritable target/ only loses the head start
    }
  }
}
