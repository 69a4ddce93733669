import { Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commandTable.js';
import { buildProgram } from '../../../src/cli/main.js';

describe('the command table and lazy registration', () => {
  it('lists every command for help without loading any command module', async () => {
    const program = await buildProgram(['--help']);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.names[0]));
    expect(program.commands.every((c) => c.options.length === 0)).toBe(true);
    const help = program.helpInformation();
    for (const entry of COMMANDS) expect(help).toContain(entry.term);
  });

  it('registers the named command for real, with its options, for a run and for `help <command>`', async () => {
    const ls = await buildProgram(['ls', '--output', 'name']);
    expect(ls.commands.map((c) => c.name())).toEqual(['ls']);
    expect(ls.commands[0]!.options.map((o) => o.long)).toContain('--resource-type');
    const build = await buildProgram(['help', 'build']);
    expect(build.commands.find((c) => c.name() === 'build')!.options.map((o) => o.long)).toContain('--full-refresh');
  });

  it('holds the same commands, descriptions and help terms as the modules register', async () => {
    for (const entry of COMMANDS) {
      const program = await buildProgram(['help', entry.names[0]!]);
      const command = program.commands.find((c) => c.name() === entry.names[0])!;
      expect(command.description()).toBe(entry.description);
      expect([command.name(), ...command.aliases()]).toEqual(entry.names);
      expect(new Help().subcommandTerm(command)).toBe(entry.term);
    }
  });
});
