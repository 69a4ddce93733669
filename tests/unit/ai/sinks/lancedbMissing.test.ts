/** The LanceDB sink when the optional peer dependency is not installed. */
import { describe, expect, it, vi } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { openLanceDbSink } from '../../../../src/ai/sinks/lancedb.js';

vi.mock('@lancedb/lancedb', () => {
  throw Object.assign(new Error("Cannot find package '@lancedb/lancedb'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('openLanceDbSink without @lancedb/lancedb', () => {
  it('says which packages to install, pointing at the file that asked for the sink', async () => {
    const error = await openLanceDbSink({ uri: 'db', table: 't', dimensions: 3, projectDir: '/nowhere', file: 'models/orders.sql' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KilnError);
    const kiln = error as KilnError;
    expect(kiln.message).toBe('the lancedb sink needs the package @lancedb/lancedb: npm install @lancedb/lancedb apache-arrow');
    expect(kiln.file).toBe('models/orders.sql');
    expect(kiln.hint).toContain('optional dependencies of kiln');
    expect(kiln.cause).toBeDefined();
  });
});
