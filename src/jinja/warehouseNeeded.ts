/**
 * A template that queries the warehouse while compiling without a connection: the command
 * connects and compiles it again. Its own module, so commands can tell it apart without
 * loading the Jinja engine.
 */
import { KilnError } from '../errors.js';

/** Thrown by a warehouse call while compiling without a connection (see JinjaRuntime.warehouse). */
export class WarehouseNeeded extends KilnError {
  constructor() {
    super('this template queries the warehouse while compiling, and no connection is open', { hint: 'this is a bug in kiln if you see it' });
  }
}

/** Whether `error` (or what it wraps) is WarehouseNeeded. */
export function needsWarehouse(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) if (e instanceof WarehouseNeeded) return true;
  return false;
}
