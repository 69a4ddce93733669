/**
 * The adapter worker: loads an `AdapterModule`, opens its connection and serves
 * method calls from the main thread on two ports:
 *  - the parent port, for async calls (many in flight at once);
 *  - a dedicated sync port, for blocking calls: after posting the reply it sets the
 *    shared signal and wakes the main thread, which is parked in `Atomics.wait`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { AdapterConnection, AdapterModule } from '../types.js';
import { serializeError } from './bridge-errors.js';
import {
  SYNC_SIGNAL_REPLIED,
  WORKER_CRASHED_ID,
  type BridgeRequest,
  type BridgeResponse,
  type WorkerPrewarmData,
  type WorkerReadyMessage,
  type WorkerStartData,
} from './protocol.js';

const CALLABLE_METHODS = new Set(['execute', 'listRelations', 'getColumns', 'listSchemas', 'describeRelations', 'loadCsv', 'appendColumns', 'openCursor', 'readCursor', 'closeCursor', 'cancel', 'close']);

async function openConnection(data: WorkerStartData): Promise<AdapterConnection> {
  const module = (await import(data.moduleUrl)) as Partial<AdapterModule> & { default?: Partial<AdapterModule> };
  const adapterModule = typeof module.createConnection === 'function' ? module : module.default;
  if (!adapterModule || typeof adapterModule.createConnection !== 'function') {
    throw new Error(`${data.moduleUrl} does not export createConnection()`);
  }
  const connection = await adapterModule.createConnection(data.target, { threads: data.threads, projectRoot: data.projectRoot, lockWaitSeconds: data.lockWaitSeconds });
  await connection.open();
  return connection;
}

async function answer(connection: AdapterConnection, request: BridgeRequest): Promise<BridgeResponse> {
  try {
    if (!CALLABLE_METHODS.has(request.method)) throw new Error(`Unknown adapter method: ${request.method}`);
    const method = (connection as unknown as Record<string, unknown>)[request.method];
    if (typeof method !== 'function') {
      throw new Error(`This adapter does not support ${request.method}()`);
    }
    const value: unknown = await method.apply(connection, request.args);
    return { id: request.id, ok: true, value: value ?? null };
  } catch (error) {
    return { id: request.id, ok: false, error: serializeError(error) };
  }
}

/** Post a reply, turning a non-cloneable value into an error instead of losing the reply. */
function postReply(port: MessagePort, response: BridgeResponse): void {
  try {
    port.postMessage(response);
  } catch (error) {
    port.postMessage({ id: response.id, ok: false, error: serializeError(error) } satisfies BridgeResponse);
  }
}

/** The start data: given at construction, or, for a prewarmed worker, in its first message (after preloading the likely adapter). */
async function startData(port: MessagePort): Promise<WorkerStartData> {
  const given = workerData as WorkerStartData | WorkerPrewarmData;
  if (!('prewarm' in given)) return given;
  const first = new Promise<WorkerStartData>((resolve) => port.once('message', (message: { start: WorkerStartData }) => resolve(message.start)));
  // A guess: a failed or unneeded preload costs nothing but the time it overlapped with.
  if (given.preload) await import(given.preload).catch(() => undefined);
  Atomics.store(given.preloaded, 0, 1);
  Atomics.notify(given.preloaded, 0);
  return first;
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the adapter worker must run in a worker thread');
  const data = await startData(port);
  const wakeMainThread = (): void => {
    Atomics.store(data.syncSignal, 0, SYNC_SIGNAL_REPLIED);
    Atomics.notify(data.syncSignal, 0);
  };

  let connection: AdapterConnection;
  try {
    connection = await openConnection(data);
  } catch (error) {
    port.postMessage({ ready: false, error: serializeError(error) } satisfies WorkerReadyMessage);
    return;
  }

  let closing = false;
  const shutDown = (): void => {
    data.syncPort.close();
    port.close();
  };

  port.on('message', (request: BridgeRequest) => {
    void answer(connection, request).then((response) => {
      postReply(port, response);
      if (request.method === 'close') {
        closing = true;
        shutDown();
      }
    });
  });
  data.syncPort.on('message', (request: BridgeRequest) => {
    void answer(connection, request).then((response) => {
      if (closing) return;
      postReply(data.syncPort, response);
      wakeMainThread();
    });
  });
  // A crash in the worker must not leave the main thread parked in Atomics.wait forever.
  process.on('uncaughtException', (error) => {
    data.syncPort.postMessage({ id: WORKER_CRASHED_ID, ok: false, error: serializeError(error) } satisfies BridgeResponse);
    wakeMainThread();
    throw error;
  });
  port.postMessage({ ready: true } satisfies WorkerReadyMessage);
}

void serve();
