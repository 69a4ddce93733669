import { expect } from 'vitest';
import { KilnError, KilnErrors } from '../../../../src/errors.js';
import { readYamlFile, type YamlKind } from '../../../../src/project/schemas/index.js';

/** Every problem readYamlFile reports for `text` (fails the test if it does not throw). */
export function problems(text: string, file: string, kind: YamlKind): KilnError[] {
  try {
    readYamlFile(text, file, kind);
  } catch (error) {
    if (error instanceof KilnErrors) return error.errors;
    if (error instanceof KilnError) return [error];
    throw error;
  }
  expect.fail(`expected ${file} to be rejected`);
}

/** The one problem reported (fails if there are more or fewer). */
export function onlyProblem(text: string, file: string, kind: YamlKind): KilnError {
  const found = problems(text, file, kind);
  expect(found.map((e) => e.format())).toHaveLength(1);
  return found[0]!;
}

/** Strip the common indentation of a template literal so YAML line numbers are obvious. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
