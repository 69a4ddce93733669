import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite compiles .ts, .mts and .tsx by default; kiln's daemon client is a .cts (CommonJS, for bin/).
  oxc: { include: /\.[cm]?tsx?$/ },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    setupFiles: ['tests/support/loadValidators.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB files and CLI processes: keep parallelism within a 2-core machine.
    maxWorkers: 2,
  },
});
