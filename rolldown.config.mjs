/**
 * The build's second step, after tsc: src/project/schemas/zod.ts bundled with the part of zod it
 * uses, over tsc's output of that module, so that loading it does not load all of zod (see there).
 */
export default {
  input: 'src/project/schemas/zod.ts',
  platform: 'node',
  logLevel: 'warn',
  output: { file: 'dist/project/schemas/zod.js', format: 'esm' },
};
