/**
 * Validation of every YAML file kiln reads. dbt silently ignores a misspelled
 * key (a typo in `unique_key` quietly turns a merge into an append); kiln
 * reports it with the file, the line, and a did-you-mean — and reports values
 * of the wrong type the same way.
 *
 *   readYamlFile(text, 'models/schema.yml', propertyFileSchema)
 *   → throws KilnErrors: models/schema.yml:12:7: unknown key 'unqiue_key' in config of model 'orders'
 *                          hint: did you mean 'unique_key'?
 */
import type { ZodType } from 'zod';
import { KilnError, KilnErrors } from '../../errors.js';
import { checkConfigMap, KIND_SINGULAR, type NodeConfigKind } from './configs.js';
import { issuesToErrors, rootKindOf } from './issues.js';
import type { IssueSink } from './leaves.js';
import { parseYaml, type ParsedYaml } from './yaml.js';

export { parseYaml } from './yaml.js';
export type { ParsedYaml, YamlPath, YamlPosition } from './yaml.js';
export { KNOWN_NODE_CONFIG_KEYS, type NodeConfigKind } from './configs.js';
export { projectFileSchema, type ProjectFile } from './project.js';
export { profilesFileSchema, type ProfilesFile, type ProfileEntry, type ProfileOutput } from './profiles.js';
export {
  propertyFileSchema,
  type PropertyFile,
  type ModelProperties,
  type SourceProperties,
  type SourceTableProperties,
  type ColumnProperties,
  type UnitTestProperties,
  type ExposureProperties,
  type TestEntry,
} from './properties.js';
export { packagesFileSchema, type PackagesFile } from './packages.js';
export { METHOD_KEYS, selectorsFileSchema, type SelectorsFile } from './selectors.js';
export { isJinja } from './leaves.js';

/**
 * Parse and validate one YAML file. An empty file reads as `{}`. Throws a
 * KilnError for broken syntax, or KilnErrors listing every problem found,
 * each with the file, the line and column of the offending key, and a hint.
 */
export function readYamlFile<T>(text: string, file: string, schema: ZodType<T>): T {
  return readYamlDocument(text, file, schema).value;
}

/** Like readYamlFile, and keeps the parsed document so callers can ask for lines without parsing again. */
export function readYamlDocument<T>(text: string, file: string, schema: ZodType<T>): { value: T; parsed: ParsedYaml } {
  const parsed = parseYaml(text, file);
  const value = parsed.value ?? {};
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data, parsed };
  const errors = issuesToErrors(result.error.issues, { file, root: value, parsed, rootKind: rootKindOf(schema) });
  throw new KilnErrors(errors);
}

/**
 * Check a config map written outside YAML (a `config()` call in a SQL file, a
 * `{% config %}` block): unknown keys with a did-you-mean, and wrong types.
 * Keys are plain (`materialized`, not `+materialized`).
 */
export function validateConfigMap(
  config: Record<string, unknown>,
  kind: NodeConfigKind,
  where: { file: string; line?: number },
): KilnError[] {
  const issues: Parameters<IssueSink['addIssue']>[0][] = [];
  checkConfigMap(config, kind, { addIssue: (issue) => issues.push(issue) });
  if (issues.length === 0) return [];
  const zodIssues = issues.map((issue) => ({ ...issue, path: issue.path ?? [], input: undefined }));
  return issuesToErrors(zodIssues, {
    file: where.file,
    line: where.line,
    root: config,
    describe: `config() of a ${KIND_SINGULAR[kind] ?? kind}`,
  });
}
