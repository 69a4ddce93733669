import type { Command } from 'commander';

/** run, seed, snapshot, build, test, show, run-operation, retry: registered once the runner lands. */
export function registerExecutionCommands(_program: Command): void {}
