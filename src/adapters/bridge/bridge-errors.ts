/** Errors crossing the bridge: flattened to data in the worker, rebuilt as KilnError on the main thread. */
import { KilnError } from '../../errors.js';
import type { SerializedError } from './protocol.js';

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const withDetails = error as Error & { hint?: unknown; file?: unknown; line?: unknown };
    return {
      message: error.message,
      name: error.name,
      stack: error.stack,
      hint: typeof withDetails.hint === 'string' ? withDetails.hint : undefined,
      file: typeof withDetails.file === 'string' ? withDetails.file : undefined,
      line: typeof withDetails.line === 'number' ? withDetails.line : undefined,
    };
  }
  return { message: String(error) };
}

export function deserializeError(error: SerializedError): KilnError {
  const rebuilt = new KilnError(error.message, { hint: error.hint, file: error.file, line: error.line });
  if (error.stack) rebuilt.stack = `${rebuilt.stack}\n--- in the adapter worker ---\n${error.stack}`;
  return rebuilt;
}
