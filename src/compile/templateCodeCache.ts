/**
 * The JavaScript kiln's Jinja compiler generated for each template, saved in target/ between
 * runs: parsing a template (the global project's macros, a package's, a model's) costs far more
 * than loading its code. Entries are keyed by template name and text, so an edited file simply
 * misses; the file as a whole is dropped when kiln is rebuilt.
 */
import type { TemplateCodeStore } from '../jinja/compat/index.js';
import { readHeadedCacheFile, writeCacheFile } from './cacheFile.js';
import { kilnBuild, KILN_VERSION } from '../version.js';

export class TemplateCodeCache implements TemplateCodeStore {
  private readonly known = new Map<string, string>();
  private readonly used = new Map<string, string>();
  private added = false;
  private readonly header = `${KILN_VERSION} ${kilnBuild()}`;

  constructor(private readonly path: string) {
    // A missing, stale or corrupt file only means compiling the templates again.
    const saved = readHeadedCacheFile<Record<string, string>>(path, this.header);
    for (const [key, code] of Object.entries(saved ?? {})) this.known.set(key, code);
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
    if (writeCacheFile(this.path, this.header, Object.fromEntries(kept), 1)) this.added = false;
  }
}
