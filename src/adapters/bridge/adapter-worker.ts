/**
 * Starts the worker thread that owns one adapter's connection and hands back the
 * two ways to call it: `connection` (async, for the runner) and `syncConnection`
 * (blocking, for templates). Both talk to the same worker and the same pool of
 * warehouse connections, and may be interleaved freely.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { KilnError } from '../../errors.js';
import type { AdapterConnection, SyncAdapterConnection } from '../types.js';
import { AsyncBridgeClient } from './async-client.js';
import { deserializeError } from './bridge-errors.js';
import { SYNC_SIGNAL_WAITING, type BridgeMethod, type WorkerPrewarmData, type WorkerReadyMessage, type WorkerStartData } from './protocol.js';
import { runtimeModuleUrl } from './runtime-module-url.js';
import { SyncBridgeClient } from './sync-client.js';

export interface AdapterWorkerOptions {
  /** `file:` URL of the compiled JS module that exports the `AdapterModule`. */
  moduleUrl: string;
  target: Record<string, unknown>;
  threads: number;
  projectRoot: string;
  lockWaitSeconds?: number;
  /** Give up on a blocking call after this long (default: no limit). */
  syncTimeoutMs?: number;
}

export interface AdapterWorker {
  readonly connection: AdapterConnection;
  readonly syncConnection: SyncAdapterConnection;
  /** Close the warehouse connection and stop the worker. Safe to call twice. */
  close(): Promise<void>;
}

const WORKER_URL = runtimeModuleUrl('./worker.js', import.meta.url);
let spare: Worker | undefined;
/** The spare's flag: 1 once it has finished preloading. */
let sparePreloaded: Int32Array | undefined;

/**
 * Start a worker thread now, before the target is known, so its start-up (Node's and the
 * adapter module's, `preload`) overlaps with loading kiln and parsing the project. The next
 * startAdapterWorker takes it over. Unused, it does not keep the process alive.
 */
export function prewarmAdapterWorker(preload?: string): void {
  if (spare) return;
  sparePreloaded = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const workerData: WorkerPrewarmData = { prewarm: true, preload, preloaded: sparePreloaded };
  spare = new Worker(WORKER_URL, { workerData, execArgv: workerExecArgv(process.execArgv) });
  const worker = spare;
  worker.unref();
  worker.on('error', () => undefined); // it is only a head start; a real start reports its own errors
  worker.once('exit', () => {
    if (spare === worker) spare = undefined;
  });
}

/**
 * Before the process exits with a prewarmed worker no command took: wait (at most 5 s, blocking,
 * as the process is done) until it has finished preloading. A worker that Node stops at exit while
 * it loads a native module (DuckDB's driver) can abort the whole process: "terminate called after
 * throwing an instance of 'Napi::Error'", SIGABRT instead of kiln's exit code. That happened in
 * about 1 of 40 runs of a command that failed before connecting.
 */
export function settleSpareWorker(): void {
  if (spare && sparePreloaded) Atomics.wait(sparePreloaded, 0, 0, 5000);
}

export async function startAdapterWorker(options: AdapterWorkerOptions): Promise<AdapterWorker> {
  const { port1: mainSyncPort, port2: workerSyncPort } = new MessageChannel();
  const syncSignal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  Atomics.store(syncSignal, 0, SYNC_SIGNAL_WAITING);
  const workerData: WorkerStartData = {
    moduleUrl: options.moduleUrl,
    target: options.target,
    threads: options.threads,
    projectRoot: options.projectRoot,
    lockWaitSeconds: options.lockWaitSeconds,
    syncPort: workerSyncPort,
    syncSignal,
  };
  let worker: Worker;
  if (spare) {
    worker = spare;
    spare = undefined;
    worker.ref();
    worker.postMessage({ start: workerData }, [workerSyncPort]);
  } else {
    worker = new Worker(WORKER_URL, { workerData, transferList: [workerSyncPort], execArgv: workerExecArgv(process.execArgv) });
  }
  try {
    await waitUntilReady(worker);
  } catch (error) {
    mainSyncPort.close();
    await worker.terminate();
    throw error;
  }
  worker.unref();

  const asyncClient = new AsyncBridgeClient(worker);
  const syncClient = new SyncBridgeClient(mainSyncPort, syncSignal, options.syncTimeoutMs);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      syncClient.close();
      try {
        await asyncClient.call('close', []);
      } finally {
        asyncClient.stop('The adapter connection is closed.');
        await worker.terminate();
      }
    })());

  const callAsync =
    (method: BridgeMethod) =>
    (...args: unknown[]): Promise<never> =>
      asyncClient.call(method, args) as Promise<never>;
  const callSync =
    (method: BridgeMethod) =>
    (...args: unknown[]): never =>
      syncClient.call(method, args) as never;

  const connection: AdapterConnection = {
    open: async () => {}, // the worker opened it before reporting ready
    execute: callAsync('execute'),
    listRelations: callAsync('listRelations'),
    getColumns: callAsync('getColumns'),
    listSchemas: callAsync('listSchemas'),
    describeRelations: callAsync('describeRelations'),
    loadCsv: callAsync('loadCsv'),
    appendColumns: callAsync('appendColumns'),
    openCursor: callAsync('openCursor'),
    readCursor: callAsync('readCursor'),
    closeCursor: callAsync('closeCursor'),
    cancel: callAsync('cancel'),
    close,
  };
  const syncConnection: SyncAdapterConnection = {
    execute: callSync('execute'),
    listRelations: callSync('listRelations'),
    getColumns: callSync('getColumns'),
    listSchemas: callSync('listSchemas'),
    loadCsv: callSync('loadCsv'),
    appendColumns: callSync('appendColumns'),
  };
  return { connection, syncConnection, close };
}

function waitUntilReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerReadyMessage): void => {
      cleanUp();
      if (message.ready) resolve();
      else reject(deserializeError(message.error));
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(new KilnError(`The adapter worker failed to start: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number): void => {
      cleanUp();
      reject(new KilnError(`The adapter worker exited (code ${code}) before its connection opened.`));
    };
    const cleanUp = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/**
 * A worker inherits the process's node flags; keep them (loaders, memory limits)
 * except those that only make sense for an inline script (`node -e`), which stop a
 * worker loading its file.
 */
export function workerExecArgv(parentExecArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < parentExecArgv.length; index++) {
    const flag = parentExecArgv[index]!;
    if (['-e', '--eval', '-p', '--print', '--input-type'].includes(flag)) {
      index++; // and its value
      continue;
    }
    if (flag.startsWith('--input-type=') || flag.startsWith('--eval=') || flag.startsWith('--print=')) continue;
    kept.push(flag);
  }
  return kept;
}
