/**
 * Validation of every YAML file kiln reads. dbt silently ignores a misspelled
 * key (a typo in `unique_key` quietly turns a merge into an append); kiln
 * reports it with the file, the line, and a did-you-mean — and reports values
 * of the wrong type the same way.
 *
 *   readYamlFile(text, 'models/schema.yml', 'properties')
 *   → throws KilnErrors: models/schema.yml:12:7: unknown key 'unqiue_key' in config of model 'orders'
 *                          hint: did you mean 'unique_key'?
 *
 * The schemas (zod and kiln's rules, ≈90 ms to load) live in validators.ts and load on demand:
 * `await loadValidators()` before anything that validates, or `withLazyModules(fn)` to load them
 * only when `fn` meets a file it has not seen valid before (a CheckedYaml remembers those).
 */
import type { z } from 'zod';
import { KilnError, KilnErrors } from '../../errors.js';
import { ModuleNotLoaded } from '../../lazyModules.js';
import type { CheckedYaml } from './checkedYaml.js';
import type { NodeConfigKind } from './configs.js';
import type { IssueSink } from './leaves.js';
import type { SCHEMAS } from './validators.js';
import { parseYaml, type ParsedYaml } from './yaml.js';

export { isJinja, parseYaml } from './yaml.js';
export type { ParsedYaml, YamlPath, YamlPosition } from './yaml.js';
export type { NodeConfigKind } from './configs.js';
export type { ProjectFile } from './project.js';
export type { ProfilesFile, ProfileEntry, ProfileOutput } from './profiles.js';
export type {
  PropertyFile,
  ModelProperties,
  SourceProperties,
  SourceTableProperties,
  ColumnProperties,
  UnitTestProperties,
  ExposureProperties,
  TestEntry,
} from './properties.js';
export type { PackagesFile } from './packages.js';
export type { SelectorsFile } from './selectors.js';
export { METHOD_KEYS } from './selectorKeys.js';
export { CheckedYaml } from './checkedYaml.js';

/** A kind of YAML file kiln reads: project, profiles, packages, selectors, properties. */
export type YamlKind = keyof typeof SCHEMAS;
/** What a valid file of that kind reads as. */
export type YamlValue<K extends YamlKind> = z.infer<(typeof SCHEMAS)[K]>;

let validators: typeof import('./validators.js') | undefined;

export async function loadValidators(): Promise<typeof import('./validators.js')> {
  return (validators ??= await import('./validators.js'));
}

/** Whether anything in this process has needed the validators yet. */
export function validatorsLoaded(): boolean {
  return validators !== undefined;
}

function loaded(): typeof import('./validators.js') {
  if (!validators) throw new ModuleNotLoaded('the YAML validators', loadValidators);
  return validators;
}

/**
 * Parse and validate one YAML file. An empty file reads as `{}`. Throws a
 * KilnError for broken syntax, or KilnErrors listing every problem found,
 * each with the file, the line and column of the offending key, and a hint.
 * A text `checked` has seen valid is not validated again (the schemas return
 * what they are given, so the parsed value is the answer).
 */
export function readYamlFile<K extends YamlKind>(text: string, file: string, kind: K, checked?: CheckedYaml): YamlValue<K> {
  return readYamlDocument(text, file, kind, checked).value;
}

/** Like readYamlFile, and keeps the parsed document so callers can ask for lines without parsing again. */
export function readYamlDocument<K extends YamlKind>(text: string, file: string, kind: K, checked?: CheckedYaml): { value: YamlValue<K>; parsed: ParsedYaml } {
  const parsed = parseYaml(text, file);
  const value = parsed.value ?? {};
  if (checked?.has(kind, text)) return { value: value as YamlValue<K>, parsed };
  const { SCHEMAS, issuesToErrors } = loaded();
  const result = SCHEMAS[kind].safeParse(value);
  if (result.success) {
    checked?.add(kind, text);
    return { value: result.data as YamlValue<K>, parsed };
  }
  const errors = issuesToErrors(result.error.issues, { file, root: value, parsed, rootKind: kind });
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
  if (!Object.keys(config).length) return []; // nothing to check: no need to load the validators
  const { checkConfigMap, issuesToErrors, KIND_SINGULAR } = loaded();
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
