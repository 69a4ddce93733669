// `node --import tests/support/recordLoads.mjs …`: prints `LOADED <path>` on stderr for each of
// kiln's compiled modules (under dist/) the process loads, so a test can see what a command needed.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function load(url, context, next) {
      const at = url.indexOf('/dist/');
      if (at >= 0) process.stderr.write('LOADED ' + url.slice(at + 6) + '\\n');
      return next(url, context);
    }`),
);
