import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { KilnError } from '../../errors.js';
import { readProjectFile } from '../../project/projectFile.js';
import { addGlobalOptions, outputFor, type GlobalOptions } from '../common.js';
import { withLazyModules } from '../../lazyModules.js';

export function registerClean(program: Command): void {
  addGlobalOptions(program.command('clean').description(describe('clean'))).action(async (options: GlobalOptions) => {
    const output = outputFor(options);
    const root = resolve(options.projectDir ?? process.cwd());
    const config = await withLazyModules(() => readProjectFile(root));
    for (const target of config.cleanTargets) {
      const path = resolve(root, target);
      const rel = relative(root, path);
      if (!rel || rel.startsWith('..')) {
        throw new KilnError(`clean-target '${target}' is outside the project folder; kiln will not delete it`, { file: config.file, hint: 'list only folders inside the project in clean-targets' });
      }
      rmSync(path, { recursive: true, force: true });
      output.info(`Removed ${rel}/`);
    }
  });
}
