/**
 * Runs a TypeScript file of the test suite in a process of its own (`node runTypeScript.mjs
 * file.ts args…`), through kiln's own module hooks (dist/tsmodels/loaderHooks.js: sucrase
 * strips the types). The warehouse emulators run this way, so that a test blocked in
 * spawnSync on the kiln CLI never blocks the server the CLI talks to.
 */
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
register(pathToFileURL(path.join(repoRoot, 'dist', 'tsmodels', 'loaderHooks.js')));
const [file, ...args] = process.argv.slice(2);
if (!file) throw new Error('usage: node runTypeScript.mjs <file.ts> [args…]');
process.argv = [process.argv[0], path.resolve(file), ...args];
await import(pathToFileURL(path.resolve(file)).href);
