/**
 * Modules too slow to load on every start (the YAML validators, the Jinja engine) load on first
 * use. Synchronous code that finds one not loaded throws ModuleNotLoaded; `withLazyModules` loads
 * it and runs the code again, so a run that never needs them never pays for them.
 */
export class ModuleNotLoaded extends Error {
  constructor(
    what: string,
    readonly load: () => Promise<unknown>,
  ) {
    super(`kiln bug: ${what} was used before it was loaded (wrap the caller in withLazyModules)`);
  }
}

/** Run `fn`, loading whatever it reports missing and running it again. `fn` must be safe to repeat (reading files is). */
export async function withLazyModules<T>(fn: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      // Each module loads once, so a handful of attempts covers every lazy module there is.
      if (!(error instanceof ModuleNotLoaded) || attempt >= 8) throw error;
      await error.load();
    }
  }
}
