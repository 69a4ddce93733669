import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KilnError } from '../errors.js';
import { CheckedYaml, isJinja, parseYaml, readYamlFile } from './schemas/index.js';
import type { ConfigMap, ProjectConfig } from './types.js';

export const PROJECT_FILES = ['project.yml', 'dbt_project.yml'] as const;

const CONFIG_TREE_KEYS: Record<string, string> = {
  models: 'models',
  seeds: 'seeds',
  snapshots: 'snapshots',
  tests: 'tests',
  data_tests: 'tests',
  sources: 'sources',
  unit_tests: 'unit_tests',
  exposures: 'exposures',
  analyses: 'analyses',
  metrics: 'metrics',
  'semantic-models': 'semantic_models',
  'saved-queries': 'saved_queries',
};

/** `tests:` and `data_tests:` may both be given: their folder trees combine, the later key winning per config. */
function mergeTrees(base: ConfigMap, over: ConfigMap): ConfigMap {
  const out: ConfigMap = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = out[key];
    const bothTrees = [existing, value].every((v) => v && typeof v === 'object' && !Array.isArray(v));
    out[key] = bothTrees ? mergeTrees(existing as ConfigMap, value as ConfigMap) : value;
  }
  return out;
}

/** The project file in `root` (kiln's project.yml wins over dbt_project.yml), or undefined. */
export function findProjectFile(root: string): string | undefined {
  return PROJECT_FILES.find((name) => existsSync(join(root, name)));
}

function stringList(value: unknown, fallback: string[]): string[] {
  if (value === undefined || value === null) return fallback;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function hookList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

const DEFAULT_TARGET_PATH = 'target';

/** Read and validate the project file of the package at `root`. */
export function readProjectFile(root: string, checked?: CheckedYaml): ProjectConfig {
  return readProjectFileChecked(root, checked).config;
}

/**
 * readProjectFile, and the record of YAML files seen valid it used: `checked` when given, else
 * the project's own, in its target/.
 */
export function readProjectFileChecked(root: string, checked?: CheckedYaml): { config: ProjectConfig; checked: CheckedYaml } {
  const file = findProjectFile(root);
  if (!file) {
    throw new KilnError(`no project.yml or dbt_project.yml in ${root}`, {
      hint: 'run kiln from a project folder, pass --project-dir, or create one with `kiln init <name>`',
    });
  }
  const text = readFileSync(join(root, file), 'utf8');
  checked ??= new CheckedYaml(resolve(root, targetPathBeforeValidation(text, file), 'partial_parse_yaml.json'));
  return { config: projectConfigFrom(readYamlFile(text, file, 'project', checked), file), checked };
}

/**
 * target-path, read before the file is validated (to find the record of files seen valid there):
 * a value that is not plain text, or a file that does not parse, just means the default.
 */
function targetPathBeforeValidation(text: string, file: string): string {
  try {
    const configured = (parseYaml(text, file).value as Record<string, unknown> | undefined)?.['target-path'];
    if (typeof configured === 'string' && configured && !isJinja(configured)) return configured;
  } catch {
    // a broken project file is reported when it is validated
  }
  return DEFAULT_TARGET_PATH;
}

export function projectConfigFrom(raw: Record<string, unknown>, file: string): ProjectConfig {
  const modelPaths = stringList(raw['model-paths'] ?? raw['source-paths'], ['models']);
  const seedPaths = stringList(raw['seed-paths'] ?? raw['data-paths'], ['seeds']);
  const macroPaths = stringList(raw['macro-paths'], ['macros']);
  const testPaths = stringList(raw['test-paths'], ['tests']);
  const snapshotPaths = stringList(raw['snapshot-paths'], ['snapshots']);
  const analysisPaths = stringList(raw['analysis-paths'], ['analyses']);
  const configTrees: Record<string, ConfigMap> = {};
  for (const [key, kind] of Object.entries(CONFIG_TREE_KEYS)) {
    const tree = raw[key];
    if (tree && typeof tree === 'object') configTrees[kind] = mergeTrees(configTrees[kind] ?? {}, tree as ConfigMap);
  }
  const targetPath = String(raw['target-path'] ?? DEFAULT_TARGET_PATH);
  const name = String(raw['name'] ?? '');
  if (!name) throw new KilnError(`the project file has no 'name'`, { file, line: 1, hint: 'add `name: my_project` at the top' });
  return {
    name,
    version: String(raw['version'] ?? '1.0.0'),
    profile: raw['profile'] === undefined || raw['profile'] === null ? undefined : String(raw['profile']),
    configVersion: typeof raw['config-version'] === 'number' ? raw['config-version'] : undefined,
    modelPaths,
    seedPaths,
    macroPaths,
    testPaths,
    snapshotPaths,
    analysisPaths,
    docsPaths: stringList(raw['docs-paths'], [...new Set([...modelPaths, ...seedPaths, ...macroPaths, ...testPaths, ...snapshotPaths, ...analysisPaths])]),
    targetPath,
    cleanTargets: stringList(raw['clean-targets'], [targetPath]),
    packagesInstallPath: String(raw['packages-install-path'] ?? 'dbt_packages'),
    vars: (raw['vars'] as Record<string, unknown>) ?? {},
    onRunStart: hookList(raw['on-run-start']),
    onRunEnd: hookList(raw['on-run-end']),
    audit: raw['audit'] === true,
    dispatch: (raw['dispatch'] as ProjectConfig['dispatch']) ?? [],
    configTrees,
    quoting: (raw['quoting'] as Record<string, boolean>) ?? {},
    flags: (raw['flags'] as Record<string, unknown>) ?? {},
    flavor: file === 'dbt_project.yml' ? 'dbt' : 'kiln',
    file,
  };
}
