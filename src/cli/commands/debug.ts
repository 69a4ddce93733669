import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { createAdapter } from '../../adapters/registry.js';
import { loadDialect } from '../../compile/openProject.js';
import { createConfigStringRenderer } from '../../jinja/configRenderer.js';
import { loadProject, parseCliVars } from '../../project/loadProject.js';
import { withLazyModules } from '../../lazyModules.js';
import { addGlobalOptions, lockWaitSeconds, outputFor, type GlobalOptions } from '../common.js';
import { KILN_VERSION } from '../../version.js';
import { SECRET_KEY } from '../../secrets.js';


export function maskSecrets(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v ? '****' : v]));
}

export function registerDebug(program: Command): void {
  addGlobalOptions(program.command('debug').description(describe('debug'))).action(async (options: GlobalOptions) => {
    const output = outputFor(options);
    const cliVars = parseCliVars(options.vars);
    const project = await withLazyModules(() => loadProject({ ...options, threads: options.threads ? Number(options.threads) : undefined, renderConfigString: createConfigStringRenderer(() => cliVars) }));
    await loadDialect(project); // the adapter fills in its target defaults
    const target = maskSecrets(project.profile.target);
    output.info(`kiln ${KILN_VERSION} on Node ${process.version}`);
    output.info(`project: ${project.config.name} (${project.config.file} in ${project.root})`);
    output.info(`profile: ${project.profile.profileName} from ${project.profile.source === 'default' ? 'built-in default (embedded DuckDB)' : project.profile.source}`);
    output.info(`target: ${project.profile.target.name}`, { target });
    for (const [key, value] of Object.entries(target)) output.info(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
    output.info(`packages: ${project.packages.map((p) => p.name).join(', ')}`);
    const adapter = await createAdapter(project.profile.target, { threads: 1, projectRoot: project.root, lockWaitSeconds: lockWaitSeconds(options) });
    try {
      const started = performance.now();
      await adapter.connection.execute('select 1', { fetch: true });
      output.info(`connection: OK (${(performance.now() - started).toFixed(0)} ms)`);
    } finally {
      await adapter.close();
    }
  });
}
