/** kiln's version, in one place, and when this copy of kiln was built. */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KILN_VERSION = '0.1.0';

let build: number | undefined;

/**
 * When this kiln was built: a rebuilt kiln (a dev build, a reinstall) may read a project
 * differently, so caches keyed on it start afresh. tsc rewrites its build-info file on every
 * build that emits anything, so one stat answers; without it (running from sources), the newest
 * compiled file, which takes a few hundred stats.
 */
export function kilnBuild(): number {
  if (build !== undefined) return build;
  const root = dirname(fileURLToPath(import.meta.url));
  try {
    return (build = statSync(join(root, '.tsbuildinfo')).mtimeMs);
  } catch {
    // not a tsc build folder
  }
  let newest = 0;
  try {
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.js')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  } catch {
    // an unreadable build only loses the caches
  }
  return (build = newest);
}
