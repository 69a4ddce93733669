import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { KilnError } from '../errors.js';
import { readYamlFile, type CheckedYaml } from './schemas/index.js';
import { didYouMean } from './suggest.js';
import type { ProjectConfig, ResolvedProfile, TargetConfig } from './types.js';
import { registerSecretsIn } from '../secrets.js';

/** Renders Jinja in a config string (env_var, target, var). Injected so project/ does not import jinja/. */
export type ConfigStringRenderer = (text: string, file: string) => string;

export interface ProfileOptions {
  projectRoot: string;
  profilesDir?: string;
  target?: string;
  threads?: number;
  env?: NodeJS.ProcessEnv;
  /** YAML texts seen valid before (skipped). */
  checked?: CheckedYaml;
}

/** The built-in zero-set-up target: embedded DuckDB in target/kiln.duckdb. */
export function defaultDuckDbTarget(projectRoot: string, targetPath: string, threads?: number): TargetConfig {
  return {
    name: 'dev',
    type: 'duckdb',
    path: resolve(projectRoot, targetPath, 'kiln.duckdb'),
    database: 'kiln',
    schema: 'main',
    threads: threads ?? 4,
  };
}

/** The folders searched for profiles.yml, most specific first. */
export function profileSearchDirs(config: ProjectConfig, options: ProfileOptions): string[] {
  const env = options.env ?? process.env;
  const dirs: string[] = [];
  if (options.profilesDir) dirs.push(resolve(options.profilesDir));
  if (env['KILN_PROFILES_DIR']) dirs.push(resolve(env['KILN_PROFILES_DIR']));
  if (config.flavor === 'dbt' && env['DBT_PROFILES_DIR']) dirs.push(resolve(env['DBT_PROFILES_DIR']));
  dirs.push(options.projectRoot);
  dirs.push(join(homedir(), '.kiln'));
  if (config.flavor === 'dbt') dirs.push(join(homedir(), '.dbt'));
  return dirs;
}

function renderDeep(value: unknown, render: (s: string) => string): unknown {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') ? render(value) : value;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, render));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, render)]));
  }
  return value;
}

/** The fields every target has; each adapter fills in its own defaults (normalizeTarget) when it loads. */
function normalizeTarget(name: string, raw: Record<string, unknown>, threads?: number): TargetConfig {
  return {
    ...raw,
    name,
    type: String(raw['type']),
    schema: String(raw['schema'] ?? raw['dataset'] ?? ''),
    database: String(raw['database'] ?? raw['project'] ?? raw['dbname'] ?? ''),
    threads: threads ?? (typeof raw['threads'] === 'number' ? raw['threads'] : 4),
  };
}

export function resolveProfile(config: ProjectConfig, options: ProfileOptions, render: ConfigStringRenderer): ResolvedProfile {
  const dirs = profileSearchDirs(config, options);
  const file = dirs.map((d) => join(d, 'profiles.yml')).find((p) => existsSync(p));
  if (!file) {
    return {
      profileName: config.profile ?? config.name,
      target: defaultDuckDbTarget(options.projectRoot, config.targetPath, options.threads),
      source: 'default',
    };
  }
  const profiles = readYamlFile(readFileSync(file, 'utf8'), file, 'profiles', options.checked);
  const profileNames = Object.keys(profiles).filter((k) => k !== 'config');
  const profileName = config.profile ?? config.name;
  const profile = profiles[profileName] as { target?: string; outputs?: Record<string, Record<string, unknown>> } | undefined;
  if (!profile) {
    // A kiln project without a `profile:` key simply uses the default target.
    if (!config.profile) {
      return { profileName, target: defaultDuckDbTarget(options.projectRoot, config.targetPath, options.threads), source: 'default' };
    }
    throw new KilnError(`profile '${profileName}' (named in ${config.file}) is not in ${file}`, {
      file,
      hint: didYouMean(profileName, profileNames) || `add a '${profileName}:' entry with 'target' and 'outputs', or fix 'profile:' in ${config.file}`,
    });
  }
  const outputs = profile.outputs ?? {};
  const renderIn = (s: string): string => render(s, file);
  const targetName = options.target ?? (profile.target ? String(renderDeep(profile.target, renderIn)) : 'dev');
  const output = outputs[targetName];
  if (!output) {
    throw new KilnError(`target '${targetName}' is not an output of profile '${profileName}' in ${file}`, {
      file,
      hint: didYouMean(targetName, Object.keys(outputs)) || `known outputs: ${Object.keys(outputs).join(', ') || '(none)'}`,
    });
  }
  const rendered = renderDeep(output, renderIn) as Record<string, unknown>;
  registerSecretsIn(rendered);
  return { profileName, target: normalizeTarget(targetName, rendered, options.threads), source: file };
}
