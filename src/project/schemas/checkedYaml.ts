/**
 * Which YAML texts passed validation before, kept in target/ between runs: a project whose
 * project.yml, profiles.yml and packages.yml have not changed starts without loading the
 * validators at all. Only hashes are kept (of kiln's build, the kind of file and its text), never
 * a value, so a password in profiles.yml never reaches the cache.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256 } from '../files.js';
import { kilnBuild, KILN_VERSION } from '../../version.js';

export class CheckedYaml {
  private readonly known: Set<string>;
  /** What this run read: the next run's file (a changed file's old hash drops out). */
  private readonly used = new Set<string>();

  constructor(private readonly path: string) {
    let known: string[] = [];
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (Array.isArray(parsed)) known = parsed.filter((h): h is string => typeof h === 'string');
    } catch {
      // no cache yet, or a corrupt one: every file is validated
    }
    this.known = new Set(known);
  }

  has(kind: string, text: string): boolean {
    const hash = this.hash(kind, text);
    if (!this.known.has(hash)) return false;
    this.used.add(hash);
    return true;
  }

  add(kind: string, text: string): void {
    this.used.add(this.hash(kind, text));
  }

  /** Written only when it would change; a read-only target/ only costs the next run its speed. */
  save(): void {
    if (this.used.size === this.known.size && [...this.used].every((h) => this.known.has(h))) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, JSON.stringify([...this.used]));
    } catch {
      // see above
    }
  }

  private hash(kind: string, text: string): string {
    return sha256(`${KILN_VERSION}\0${kilnBuild()}\0${kind}\0${text}`);
  }
}
