/**
 * JSON Lines files for the AI package's landing models (conversations, Q&A pairs): one object
 * a line, read as a stream; a bad line is an error naming the file and the line, and blank
 * lines are skipped. Paths are relative to the project folder or absolute.
 */
import { createReadStream, existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { KilnError } from '../errors.js';
import { shownPath } from './paths.js';

export interface JsonLine {
  line: number;
  value: Record<string, unknown>;
}

export async function* readJsonLines(path: string, projectDir: string, varName?: string): AsyncGenerator<JsonLine> {
  const absolute = isAbsolute(path) ? path : resolve(projectDir, path);
  const shown = shownPath(absolute, projectDir);
  if (!existsSync(absolute)) {
    throw new KilnError(`no such file: ${shown}`, { hint: varName ? `set the var ${varName} to a JSONL file (relative to the project folder, or absolute)` : undefined });
  }
  const lines = createInterface({ input: createReadStream(absolute, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new KilnError(`line ${number} is not valid JSON: ${(error as Error).message}`, { file: shown, line: number, hint: 'each line of a JSONL file holds one JSON object' });
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new KilnError(`line ${number} holds ${Array.isArray(value) ? 'an array' : typeof value}, not a JSON object`, { file: shown, line: number });
    }
    yield { line: number, value: value as Record<string, unknown> };
  }
}

/** `value[key]` as a non-empty string, or an error naming the file, line and key. */
export function requiredString(entry: JsonLine, key: string, file: string): string {
  const value = entry.value[key];
  if (typeof value === 'string' && value.trim()) return value;
  throw new KilnError(`line ${entry.line} has no "${key}" (a non-empty string)`, { file, line: entry.line });
}
