// `node --import tests/support/recordLoads.mjs …`: prints `LOADED <path>` on stderr for each of
// kiln's compiled modules (under dist/) the process loads, and `LOADED node_modules/<package>`
// once for each package it loads ES modules of, so a test can see what a command needed.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`const packages = new Set();
    export async function load(url, context, next) {
      const at = url.indexOf('/dist/');
      const inModules = url.lastIndexOf('/node_modules/');
      if (inModules >= 0) {
        const parts = url.slice(inModules + 14).split('/');
        const name = parts[0].startsWith('@') ? parts[0] + '/' + parts[1] : parts[0];
        if (!packages.has(name)) process.stderr.write('LOADED node_modules/' + name + '\\n');
        packages.add(name);
      } else if (at >= 0) process.stderr.write('LOADED ' + url.slice(at + 6) + '\\n');
      return next(url, context);
    }`),
);
