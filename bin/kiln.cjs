#!/usr/bin/env node
// kiln's entry point. CommonJS on purpose: DuckDB runs statements on libuv's thread pool,
// whose size is read once at first use (loading any ES module already uses it), so it must be
// raised here, before anything else, or more than 4 statements cannot run at once.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { existsSync } = require('node:fs');
// `kiln ls | head`: the reader has gone, so stop quietly, as command-line tools do, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// `kiln --version` alone needs none of the CLI: answered here, in the time Node takes to start.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  return;
}

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('kiln is not built yet: run `npm install` (or `npm run build`) in the kiln folder.\n');
  process.exit(2);
}
// A project with a running `kiln daemon`: parse, compile, ls and lineage run there, with kiln already loaded.
const answered = require('../dist/cli/daemon/client.cjs').runInDaemon(args);
if (answered) answered.then((code) => (code === undefined ? runHere() : (process.exitCode = code)));
else runHere();

function runHere() {
  import(pathToFileURL(main).href).then(
    async ({ runCli }) => {
      process.exitCode = await runCli(process.argv.slice(2));
    },
    (error) => {
      process.stderr.write(`kiln failed to start: ${error.message}\n`);
      process.exit(2);
    },
  );
}
