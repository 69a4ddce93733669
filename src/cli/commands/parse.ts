import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { writeManifest } from '../../artifacts/manifestJson.js';
import type { Session } from '../../compile/session.js';
import { addGlobalOptions, outputFor, sessionFor, type GlobalOptions } from '../common.js';

export function writeSessionManifest(session: Session): string {
  return writeManifest(session.targetDir, session.manifest, {
    invocationId: session.invocationId,
    generatedAt: session.startedAt,
    projectName: session.project.config.name,
    adapterType: session.project.profile.target.type,
  });
}

export function registerParse(program: Command): void {
  addGlobalOptions(program.command('parse').description(describe('parse'))).action(async (options: GlobalOptions) => {
    const output = outputFor(options);
    const started = performance.now();
    const session = await sessionFor(options, output, { WHICH: 'parse' });
    const path = writeSessionManifest(session);
    const { stats } = session.parse;
    output.info(
      `Parsed ${stats.nodes} nodes, ${Object.keys(session.manifest.sources).length} sources, ${Object.keys(session.manifest.macros).length} macros in ${((performance.now() - started) / 1000).toFixed(2)}s ` +
        `(${stats.staticallyParsed} read statically, ${stats.rendered} rendered, ${stats.cached} from cache). Wrote ${path}`,
      { stats },
    );
  });
}
