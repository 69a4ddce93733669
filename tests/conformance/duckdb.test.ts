/** The adapter conformance suite on embedded DuckDB. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeAdapterConformance } from './adapterSuite.js';

describeAdapterConformance('duckdb', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-conformance-duckdb-'));
  return {
    target: { type: 'duckdb', path: path.join(dir, 'conformance.duckdb'), database: 'conformance', schema: 'main' },
    database: 'conformance',
    // A cross join big enough to run for many seconds on 2 cores.
    slowQuery: () => 'SELECT count(*) FROM range(100000000) a, range(100) b WHERE a.range * b.range = -1',
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
});
