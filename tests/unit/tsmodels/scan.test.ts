import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../src/errors.js';
import { scanTypeScriptModel } from '../../../src/tsmodels/scan.js';

describe('scanTypeScriptModel', () => {
  it('reads the config literal, the refs and sources, and strips the types', () => {
    const scanned = scanTypeScriptModel(
      `import type { ModelContext } from 'kiln';
export const config = { materialized: 'incremental', unique_key: 'id', tags: ['a', \`b\`], meta: { owner: null, level: -2 }, embed: { text: 'body', id: 'id' } };
export default async function* (ctx: ModelContext): AsyncGenerator<{ id: number }> {
  for await (const row of ctx.ref('orders')) yield { id: row.id as number };
  await ctx.ref('other_pkg', 'customers').all();
  await ctx.source('raw', 'events').all();
  await ctx.ref('orders').all();
}
`,
      'models/m.ts',
    );
    expect(scanned.isModel).toBe(true);
    expect(scanned.config).toEqual({ materialized: 'incremental', unique_key: 'id', tags: ['a', 'b'], meta: { owner: null, level: -2 }, embed: { text: 'body', id: 'id' } });
    expect(scanned.refs).toEqual([{ name: 'orders' }, { package: 'other_pkg', name: 'customers' }]);
    expect(scanned.sources).toEqual([['raw', 'events']]);
    expect(scanned.javascript).not.toContain('ModelContext');
    expect(scanned.javascript.split('\n')[3]).toContain("ctx.ref('orders')"); // lines kept
  });

  it('knows a model by `export default` or a `model` export, and a helper by neither', () => {
    expect(scanTypeScriptModel('export function model() { return []; }', 'm.ts').isModel).toBe(true);
    expect(scanTypeScriptModel('export const model = () => [];', 'm.ts').isModel).toBe(true);
    expect(scanTypeScriptModel('const f = () => []; export { f as default };', 'm.mjs').isModel).toBe(true);
    expect(scanTypeScriptModel('export function split(s: string) { return s.split(" "); }', 'lib.ts').isModel).toBe(false);
  });

  const failure = (code: string): KilnError => {
    try {
      scanTypeScriptModel(code, 'models/m.ts');
    } catch (error) {
      return (error as { errors?: KilnError[] }).errors?.[0] ?? (error as KilnError);
    }
    throw new Error('expected an error');
  };

  it('refuses refs it cannot read statically, and a config that is not a literal, with the line', () => {
    expect(failure("const n = 'x';\nexport default (ctx: any) => ctx.ref(n);\n")).toMatchObject({ line: 2, message: expect.stringContaining('string literals') });
    expect(failure("export default (ctx: any) => ctx.source('raw');\n")).toMatchObject({ line: 1, message: expect.stringMatching(/source\(\) .* a source name and a table name/) });
    expect(failure("const m = 'table';\nexport const config = {\n  materialized: m,\n};\nexport default () => [];\n")).toMatchObject({ line: 3, message: expect.stringContaining('`config` must be a literal') });
    expect(failure("export const config = { ...base };\nexport default () => [];\n")).toMatchObject({ line: 1 });
  });

  it('reports a TypeScript syntax error at its line and column', () => {
    expect(failure('export default function () {\n  const x: = 1;\n}\n')).toMatchObject({ file: 'models/m.ts', line: 2, column: 12, message: expect.stringContaining('TypeScript syntax error') });
    expect(failure('export default function () {\n  return [;\n}\n')).toMatchObject({ line: 2 });
  });
});
