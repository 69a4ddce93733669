import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KilnError } from '../errors.js';
import { findFilesUnder } from './files.js';
import { resolveProfile, type ConfigStringRenderer } from './profiles.js';
import { findProjectFile, readProjectFile, readProjectFileChecked } from './projectFile.js';
import { readYamlFile, parseYaml, type CheckedYaml } from './schemas/index.js';
import type { PackageFiles, Project, ProjectConfig } from './types.js';

export interface LoadOptions {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  threads?: number;
  /** `--vars` as given on the command line (YAML or JSON text). */
  vars?: string;
  env?: NodeJS.ProcessEnv;
  /** Renders Jinja inside profile values (env_var …); provided by jinja/. */
  renderConfigString: ConfigStringRenderer;
}

export const MODEL_EXTENSIONS = ['.sql', '.ts', '.mts', '.mjs'];

/** Read the files of one package: every resource path, plus the YAML property files beside them. */
export function loadPackageFiles(root: string, config: ProjectConfig, isRoot: boolean): PackageFiles {
  const yamlRoots = [...config.modelPaths, ...config.seedPaths, ...config.snapshotPaths, ...config.macroPaths, ...config.analysisPaths, ...config.testPaths];
  return {
    name: config.name,
    root,
    config,
    isRoot,
    // TypeScript/JavaScript models beside SQL ones; `.d.ts` declarations are not models.
    models: findFilesUnder(root, config.modelPaths, MODEL_EXTENSIONS).filter((f) => !/\.d\.m?ts$/.test(f.pathInResource)),
    seeds: findFilesUnder(root, config.seedPaths, ['.csv']),
    snapshots: findFilesUnder(root, config.snapshotPaths, ['.sql']),
    macros: findFilesUnder(root, config.macroPaths, ['.sql']),
    // tests/fixtures/ holds unit-test fixture files, not singular tests (as in dbt).
    tests: findFilesUnder(root, config.testPaths, ['.sql']).filter((f) => !f.pathInResource.startsWith('fixtures/')),
    analyses: findFilesUnder(root, config.analysisPaths, ['.sql']),
    docs: findFilesUnder(root, config.docsPaths, ['.md']),
    propertyFiles: findFilesUnder(root, yamlRoots, ['.yml', '.yaml']),
  };
}

/** Vendored dependencies: every project folder in dbt_packages/, and `local:` entries of packages.yml. */
function findDependencyRoots(root: string, config: ProjectConfig, checked: CheckedYaml): string[] {
  const roots = new Set<string>();
  for (const file of ['packages.yml', 'dependencies.yml']) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const parsed = readYamlFile(readFileSync(path, 'utf8'), file, 'packages', checked) as { packages?: Record<string, unknown>[] };
    for (const entry of parsed.packages ?? []) {
      if (typeof entry['local'] === 'string') {
        const local = resolve(root, entry['local']);
        if (!findProjectFile(local)) {
          throw new KilnError(`local package '${entry['local']}' has no dbt_project.yml or project.yml`, {
            file,
            hint: 'check the path; it is relative to the project folder',
          });
        }
        roots.add(local);
      }
    }
  }
  const installed = join(root, config.packagesInstallPath);
  if (existsSync(installed)) {
    for (const entry of readdirSync(installed).sort()) {
      const dir = join(installed, entry);
      if (statSync(dir).isDirectory() && findProjectFile(dir)) roots.add(dir);
    }
  }
  return [...roots];
}

/** A command-line mapping such as `--vars '{a: 1}'` or `--args '{days: 7}'` (YAML or JSON). */
export function parseCliMapping(text: string | undefined, flag: string, example: string): Record<string, unknown> {
  if (!text || !text.trim()) return {};
  const { value } = parseYaml(text, flag);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new KilnError(`${flag} must be a YAML or JSON mapping, got: ${text}`, { hint: `e.g. ${flag} '${example}'` });
  }
  return value as Record<string, unknown>;
}

export function parseCliVars(text: string | undefined): Record<string, unknown> {
  return parseCliMapping(text, '--vars', '{"start_date": "2024-01-01"}');
}

/**
 * Read the project, its profile and its packages. Validating their YAML needs the validators
 * loaded (`withLazyModules(() => loadProject(…))`), unless every file is one seen valid before.
 */
export function loadProject(options: LoadOptions): Project {
  const root = resolve(options.projectDir ?? process.cwd());
  const { config, checked } = readProjectFileChecked(root);
  const profile = resolveProfile(config, { projectRoot: root, profilesDir: options.profilesDir, target: options.target, threads: options.threads, env: options.env, checked }, options.renderConfigString);
  const packages: PackageFiles[] = [loadPackageFiles(root, config, true)];
  const seen = new Map<string, string>([[config.name, root]]);
  for (const depRoot of findDependencyRoots(root, config, checked)) {
    const depConfig = readProjectFile(depRoot, checked);
    if (seen.has(depConfig.name)) {
      if (seen.get(depConfig.name) === depRoot) continue;
      throw new KilnError(`two packages are named '${depConfig.name}': ${seen.get(depConfig.name)} and ${depRoot}`, {
        hint: 'remove one of them from dbt_packages/ or packages.yml',
      });
    }
    seen.set(depConfig.name, depRoot);
    packages.push(loadPackageFiles(depRoot, depConfig, false));
  }
  const selectorsPath = join(root, 'selectors.yml');
  checked.save();
  return {
    root,
    packages,
    config,
    profile,
    cliVars: parseCliVars(options.vars),
    selectors: existsSync(selectorsPath) ? readFileSync(selectorsPath, 'utf8') : undefined,
  };
}
