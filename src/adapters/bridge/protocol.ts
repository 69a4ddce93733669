/**
 * The messages that cross the adapter bridge between the main thread and the
 * worker that owns the warehouse connection. Everything here must survive
 * `structuredClone`.
 */
import type { MessagePort } from 'node:worker_threads';

/** The connection methods a bridge client may call (the `AdapterConnection` keys). */
export type BridgeMethod =
  | 'execute'
  | 'listRelations'
  | 'getColumns'
  | 'listSchemas'
  | 'describeRelations'
  | 'loadCsv'
  | 'appendColumns'
  | 'openCursor'
  | 'readCursor'
  | 'closeCursor'
  | 'cancel'
  | 'close';

export interface BridgeRequest {
  id: number;
  method: BridgeMethod;
  args: unknown[];
}

/** An error as it crosses the bridge: plain data, rebuilt as a KilnError on the main thread. */
export interface SerializedError {
  message: string;
  name?: string;
  hint?: string;
  file?: string;
  line?: number;
  stack?: string;
}

export type BridgeResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

/** What the worker is started with (`workerData`). */
export interface WorkerStartData {
  /** `file:` URL of the JS module exporting the `AdapterModule`. */
  moduleUrl: string;
  target: Record<string, unknown>;
  threads: number;
  projectRoot: string;
  lockWaitSeconds?: number;
  /** The worker's end of the synchronous channel. */
  syncPort: MessagePort;
  /** Int32Array[1] over a SharedArrayBuffer: set to 1 and notified when a sync reply is posted. */
  syncSignal: Int32Array;
}

/** A worker started ahead of need: it loads `preload` (an adapter module) and waits for its WorkerStartData. */
export interface WorkerPrewarmData {
  prewarm: true;
  preload?: string;
  /** Set to 1 (and notified) once the preload has finished, loaded or not. */
  preloaded: Int32Array;
}

/** The first message the worker posts on its parent port once the connection is open (or failed to open). */
export type WorkerReadyMessage = { ready: true } | { ready: false; error: SerializedError };

export const SYNC_SIGNAL_WAITING = 0;
export const SYNC_SIGNAL_REPLIED = 1;

/** The id of the reply a crashing worker posts on the sync port, so a blocked caller wakes up. */
export const WORKER_CRASHED_ID = -1;
