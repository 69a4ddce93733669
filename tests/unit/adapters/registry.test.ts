/** Finding adapters: built-in folders, installed `kiln-adapter-<type>` packages, and the error for neither. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnError } from '../../../src/errors.js';
import { builtInAdapterTypes, createAdapter } from '../../../src/adapters/registry.js';
import { ensureAdaptersCompiled } from './helpers/compiled-adapters.js';
import { makeTempProject } from './helpers/temp-project.js';

/** A warehouse-free adapter: echoes what it is asked, to test lookup and to time the bridge alone. */
const ECHO_ADAPTER = `
export const type = 'echo';
export function createDialect() {
  return { type: 'echo', quoteIdentifier: (name) => '[' + name + ']' };
}
export function createConnection(target, options) {
  return {
    async open() { if (target.failOpen) throw new Error('echo cannot open: ' + target.failOpen); },
    async execute(sql) {
      if (sql === 'fail') { const error = new Error('echo failed'); error.hint = 'ask again'; throw error; }
      return [{ columns: [{ name: 'echo', dataType: 'TEXT' }], rows: [[sql, options.threads, options.projectRoot, target.colour ?? null]] }];
    },
    async listRelations() { return []; },
    async getColumns() { return []; },
    async listSchemas() { return ['echo_schema']; },
    async cancel() {},
    async close() {},
  };
}
`;

function installPackage(projectRoot: string, name: string, manifest: Record<string, unknown>, source: string): void {
  const dir = path.join(projectRoot, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', ...manifest }));
  writeFileSync(path.join(dir, 'index.js'), source);
}

describe('createAdapter', () => {
  const project = makeTempProject();

  beforeAll(() => {
    ensureAdaptersCompiled();
    writeFileSync(path.join(project.root, 'package.json'), '{"name": "a-kiln-project", "private": true}');
    // ESM-only (no `require` condition), as modern packages ship
    installPackage(project.root, 'kiln-adapter-echo', { exports: { '.': { import: './index.js' } } }, ECHO_ADAPTER);
    // plain `main`
    installPackage(project.root, 'kiln-adapter-plain', { main: 'index.js' }, ECHO_ADAPTER);
    installPackage(project.root, 'kiln-adapter-broken', { main: 'index.js' }, 'export const nothing = 1;');
  });
  afterAll(() => project.remove());

  it('knows the built-in adapters', () => {
    expect(builtInAdapterTypes()).toContain('duckdb');
    expect(builtInAdapterTypes()).not.toContain('bridge');
  });

  it('names the type, the known ones and the npm package for an unknown type', async () => {
    const failure = createAdapter({ type: 'oracle' }, { threads: 1, projectRoot: project.root });
    await expect(failure).rejects.toBeInstanceOf(KilnError);
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining('"oracle"'),
      hint: expect.stringMatching(/duckdb.*npm install kiln-adapter-oracle/),
    });
    await expect(createAdapter({ type: '../duckdb' }, { threads: 1, projectRoot: project.root })).rejects.toThrow(/not a valid adapter type/);
  });

  it.each(['echo', 'plain'])('loads the installed package kiln-adapter-%s from the project root', async (type) => {
    const adapter = await createAdapter({ type, colour: 'blue' }, { threads: 3, projectRoot: project.root });
    try {
      expect(adapter.dialect.type).toBe('echo');
      expect(adapter.dialect.quoteIdentifier('x')).toBe('[x]');
      expect(adapter.syncConnection.execute('hello')[0]!.rows).toEqual([['hello', 3, project.root, 'blue']]);
      expect(await adapter.connection.listSchemas('any')).toEqual(['echo_schema']);
    } finally {
      await adapter.close();
    }
  });

  it('carries an error\'s message and hint across the bridge', async () => {
    const adapter = await createAdapter({ type: 'echo' }, { threads: 1, projectRoot: project.root });
    try {
      expect(() => adapter.syncConnection.execute('fail')).toThrow(expect.objectContaining({ name: 'KilnError', message: 'echo failed', hint: 'ask again' }));
      await expect(adapter.connection.execute('fail')).rejects.toMatchObject({ message: 'echo failed', hint: 'ask again' });
    } finally {
      await adapter.close();
    }
  });

  it('reports a connection that fails to open, and a package that is not an adapter', async () => {
    await expect(createAdapter({ type: 'echo', failOpen: 'no network' }, { threads: 1, projectRoot: project.root })).rejects.toThrow(
      /echo cannot open: no network/,
    );
    await expect(createAdapter({ type: 'broken' }, { threads: 1, projectRoot: project.root })).rejects.toThrow(
      /does not export createDialect\(\) and createConnection\(\)/,
    );
  });

  it('serves many blocking calls to an installed adapter package', async () => {
    const adapter = await createAdapter({ type: 'echo' }, { threads: 1, projectRoot: project.root });
    try {
      for (let i = 0; i < 1000; i++) expect(adapter.syncConnection.execute(`ping ${i}`)[0]!.rows[0]![0]).toBe(`ping ${i}`);
    } finally {
      await adapter.close();
    }
  });
});
