import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { KilnError } from '../../errors.js';
import { sortByLocale } from '../../localeOrder.js';
import type { GraphMember } from '../../project/nodes.js';
import { addGlobalOptions, manifestFor, outputFor, selectedIds, type GlobalOptions } from '../common.js';

interface LsOptions extends GlobalOptions {
  output?: 'name' | 'path' | 'json' | 'selector';
  resourceType?: string[];
}

const LISTED = ['model', 'seed', 'snapshot', 'test', 'analysis', 'source', 'exposure', 'unit_test'];

export function registerLs(program: Command): void {
  const command = program
    .command('ls')
    .alias('list')
    .description(describe('ls'))
    .option('--output <format>', 'name, path, json or selector', 'selector')
    .option('--resource-type <types...>', `only these kinds: ${LISTED.join(', ')}`);
  addGlobalOptions(command, { selection: true }).action(async (options: LsOptions) => {
    const output = outputFor(options);
    const format = options.output ?? 'selector';
    if (!['name', 'path', 'json', 'selector'].includes(format)) {
      throw new KilnError(`--output must be name, path, json or selector, got '${format}'`);
    }
    for (const type of options.resourceType ?? []) {
      if (!LISTED.includes(type)) throw new KilnError(`unknown --resource-type '${type}'`, { hint: `use one of: ${LISTED.join(', ')}` });
    }
    const session = await manifestFor(options, output, { WHICH: 'list' });
    const ids = selectedIds(session, options, output, options.resourceType?.length ? options.resourceType : LISTED);
    const { manifest } = session;
    const found = [...ids].map((id) => manifest.nodes[id] ?? manifest.sources[id] ?? manifest.exposures[id] ?? manifest.unit_tests[id]).filter(Boolean) as GraphMember[];
    const members = sortByLocale(found, (member) => member.unique_id);
    output.results(members.map((member) => {
      if (format === 'name') return member.resource_type === 'source' ? `${(member as { source_name: string }).source_name}.${member.name}` : member.name;
      if (format === 'path') return member.original_file_path;
      if (format === 'json') {
        return JSON.stringify({ name: member.name, resource_type: member.resource_type, package_name: member.package_name, original_file_path: member.original_file_path, unique_id: member.unique_id, alias: (member as { alias?: string }).alias, config: member.config, tags: member.tags, depends_on: (member as { depends_on?: unknown }).depends_on });
      }
      return member.resource_type === 'source' ? `source:${member.fqn.join('.')}` : member.fqn.join('.');
    }));
  });
}
