/** A throwaway project folder per test file, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempProject(prefix = 'kiln-adapters-'): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
