/** How the AI package names a file in messages and rows: relative to the project when inside it (forward slashes), else absolute. */
import { relative, sep } from 'node:path';

export function shownPath(file: string, projectDir: string): string {
  const inside = relative(projectDir, file);
  if (inside && !inside.startsWith('..') && !inside.startsWith(sep)) return inside.split(sep).join('/');
  return file;
}
