/**
 * Every case in tests/fixtures/jinja/cases.json was rendered by Python
 * Jinja2 3.1 (with jinja2.ext.do and jinja2.ext.loopcontrols, as dbt does);
 * kiln must produce the identical string, or raise where Jinja2 raised.
 * Regenerate with `python3 tests/fixtures/jinja/make_cases.py`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { createJinjaEnvironment, renderTemplateString } from '../../../../src/jinja/compat/index.js';

interface OracleCase {
  id: string;
  template: string;
  context: Record<string, unknown>;
  expected?: string;
  error?: string;
}

const cases: OracleCase[] = JSON.parse(
  readFileSync(new URL('../../../fixtures/jinja/cases.json', import.meta.url), 'utf8'),
);

/** Values the Python side builds from markers (callables cannot live in JSON). */
function contextFor(c: OracleCase): Record<string, unknown> {
  const ctx: Record<string, unknown> = { ...c.context };
  if ('__is_incremental' in ctx) {
    const flag = ctx.__is_incremental;
    delete ctx.__is_incremental;
    ctx.is_incremental = () => flag;
  }
  ctx.f ??= (x: unknown[]) => x.length;
  return ctx;
}

const env = createJinjaEnvironment();

describe('templates render exactly as Jinja2 renders them', () => {
  it('has the recorded cases', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  for (const c of cases) {
    if (c.error !== undefined) {
      it(`${c.id} raises like Jinja2 (${c.error})`, () => {
        expect(() => renderTemplateString(env, c.template, contextFor(c), { name: `${c.id}.sql` })).toThrow(KilnError);
      });
    } else {
      it(c.id, () => {
        expect(renderTemplateString(env, c.template, contextFor(c), { name: `${c.id}.sql` })).toBe(c.expected);
      });
    }
  }
});
