/**
 * The `yaml` package (the Document parser that knows where every key is), loaded on
 * first use. Valid property files are read with js-yaml, so most commands never need
 * it, and importing its ~80 modules costs every command about 35 ms of start-up.
 */
import { createRequire } from 'node:module';

type YamlLibrary = typeof import('yaml');

let loaded: YamlLibrary | undefined;

export function yamlLibrary(): YamlLibrary {
  return (loaded ??= createRequire(import.meta.url)('yaml') as YamlLibrary);
}
