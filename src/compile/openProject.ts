/**
 * The light start every command shares: the project, its profile and dialect, and the manifest
 * saved by the last parse when nothing changed since. Nothing here loads Jinja, the parser or the
 * warehouse bridge, so a command that only reads the manifest (`kiln ls`) stops here.
 */
import { join, resolve } from 'node:path';
import { locateAdapterModule } from '../adapters/registry.js';
import type { AdapterDialect, AdapterModule } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import { createConfigStringRenderer } from '../jinja/configRenderer.js';
import { withLazyModules } from '../lazyModules.js';
import { loadProject, parseCliVars } from '../project/loadProject.js';
import type { Project } from '../project/types.js';
import { environmentKey, loadManifestSnapshot, projectFingerprint, type ManifestSnapshot } from './parseCache.js';

export interface SessionOptions {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  threads?: number;
  flags?: Record<string, unknown>;
  log?: (message: string, level: 'info' | 'debug' | 'warn') => void;
  /** Reuse what the last parse learned about unchanged files (default true). */
  partialParse?: boolean;
  /** Start the warehouse connection while parsing (commands that will run SQL). */
  connect?: boolean;
  /** Seconds to wait for another process holding the database (`--wait`). */
  lockWaitSeconds?: number;
}

export interface OpenedProject {
  project: Project;
  dialect: AdapterDialect;
  targetDir: string;
  /** The last parse's saved manifest and its keys; absent with --no-partial-parse. */
  saved?: SavedManifest;
}

export async function loadDialect(project: Project): Promise<AdapterDialect> {
  const located = locateAdapterModule(project.profile.target.type, project.root);
  const module = (await import(located.mainThreadUrl)) as { default?: AdapterModule } & Partial<AdapterModule>;
  const adapterModule = (module.createDialect ? module : module.default) as AdapterModule | undefined;
  if (!adapterModule?.createDialect) {
    throw new KilnError(`the adapter for '${project.profile.target.type}' exports no createDialect()`, { hint: 'an adapter package must export an AdapterModule' });
  }
  // The adapter's own defaults and paths, before anything reads the target.
  if (adapterModule.normalizeTarget) project.profile.target = { ...project.profile.target, ...adapterModule.normalizeTarget(project.profile.target, project.root) };
  return adapterModule.createDialect(project.profile.target);
}

export async function openProject(options: SessionOptions): Promise<OpenedProject> {
  const cliVars = parseCliVars(options.vars);
  const project = await withLazyModules(() => loadProject({
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    threads: options.threads,
    vars: options.vars,
    renderConfigString: createConfigStringRenderer(() => cliVars),
  }));
  const dialect = await loadDialect(project);
  const targetDir = resolve(project.root, project.config.targetPath);
  return { project, dialect, targetDir, saved: options.partialParse === false ? undefined : savedManifest(project, targetDir, options.flags) };
}

export interface SavedManifest {
  /** The last parse's manifest, when no file and nothing in the environment changed since (read when first asked for). */
  readonly snapshot?: ManifestSnapshot;
  path: string;
  fingerprint: string;
  environment: string;
}

/** Where the last parse saved its manifest, and that manifest when it still holds (same files, same environment). */
function savedManifest(project: Project, targetDir: string, flags: Record<string, unknown> | undefined): SavedManifest {
  const environment = environmentKey(project, flags);
  const fingerprint = projectFingerprint(project, environment);
  const path = join(targetDir, 'partial_parse_manifest.json');
  // Read on first use, once: a `kiln compile` that takes everything from the compiled-SQL cache
  // never needs it (19 MB at 10,000 models).
  let snapshot: ManifestSnapshot | undefined | null = null;
  return {
    path,
    fingerprint,
    environment,
    get snapshot() {
      if (snapshot === null) snapshot = loadManifestSnapshot(path, fingerprint);
      return snapshot;
    },
  };
}
