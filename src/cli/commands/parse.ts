import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { manifestBodyKey, writeManifest, type ArtifactMetadata } from '../../artifacts/manifestJson.js';
import type { Session } from '../../compile/session.js';
import { addGlobalOptions, outputFor, sessionFor, type GlobalOptions } from '../common.js';

/** What writing manifest.json needs of a session. */
export type ManifestWrite = Pick<Session, 'project' | 'manifest' | 'targetDir' | 'invocationId' | 'startedAt' | 'manifestFingerprint'>;

/**
 * Write the session's manifest.json. `parse` and `compile` change nothing on the nodes but their
 * compiled SQL, so their manifest's body is keyed on the parse and that SQL, and reused when the
 * previous run wrote the same (commands that run SQL also record what the run did on the nodes).
 */
export function writeSessionManifest(session: ManifestWrite, reuseBody = false, bodyKey = reuseBody && session.manifestFingerprint ? manifestBodyKey(session.manifestFingerprint, session.manifest) : undefined): string {
  return writeManifest(session.targetDir, session.manifest, manifestMetadata(session), bodyKey);
}

/** The metadata at the head of the session's manifest.json. */
export function manifestMetadata(session: Pick<ManifestWrite, 'project' | 'invocationId' | 'startedAt'>): ArtifactMetadata {
  return {
    invocationId: session.invocationId,
    generatedAt: session.startedAt,
    projectName: session.project.config.name,
    adapterType: session.project.profile.target.type,
  };
}

export function registerParse(program: Command): void {
  addGlobalOptions(program.command('parse').description(describe('parse'))).action(async (options: GlobalOptions) => {
    const output = outputFor(options);
    const started = performance.now();
    const session = await sessionFor(options, output, { WHICH: 'parse' });
    const path = writeSessionManifest(session, true);
    const { stats } = session.parse;
    output.info(
      `Parsed ${stats.nodes} nodes, ${Object.keys(session.manifest.sources).length} sources, ${Object.keys(session.manifest.macros).length} macros in ${((performance.now() - started) / 1000).toFixed(2)}s ` +
        `(${stats.staticallyParsed} read statically, ${stats.rendered} rendered, ${stats.cached} from cache). Wrote ${path}`,
      { stats },
    );
  });
}
