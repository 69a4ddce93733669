/**
 * Blocking calls into the adapter worker, for template functions (`run_query`)
 * that cannot await. The technique synckit uses: post the request on a dedicated
 * port, park the thread in `Atomics.wait` on a shared flag the worker sets after
 * replying, then take the reply off the port with `receiveMessageOnPort`.
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { KilnError } from '../../errors.js';
import { deserializeError } from './bridge-errors.js';
import { SYNC_SIGNAL_WAITING, WORKER_CRASHED_ID, type BridgeMethod, type BridgeRequest, type BridgeResponse } from './protocol.js';

export class SyncBridgeClient {
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
    /** Give up on a call after this long (default: wait as long as the warehouse takes). */
    private readonly timeoutMs = Infinity,
  ) {
    port.unref();
  }

  call(method: BridgeMethod, args: unknown[]): unknown {
    if (this.closed) throw new KilnError('The adapter connection is closed.');
    const id = this.nextId++;
    Atomics.store(this.signal, 0, SYNC_SIGNAL_WAITING);
    this.port.postMessage({ id, method, args } satisfies BridgeRequest);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      // Reset the flag before draining: a reply posted after this point sets it again, so the wait below cannot miss it.
      Atomics.store(this.signal, 0, SYNC_SIGNAL_WAITING);
      const received = receiveMessageOnPort(this.port);
      if (received) {
        const response = received.message as BridgeResponse;
        if (response.id === id || response.id === WORKER_CRASHED_ID) {
          if (response.ok) return response.value;
          throw deserializeError(response.error);
        }
        continue; // a late reply to an earlier call that timed out
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new KilnError(`The adapter did not answer ${method}() within ${this.timeoutMs} ms.`);
      Atomics.wait(this.signal, 0, SYNC_SIGNAL_WAITING, remaining);
    }
  }

  close(): void {
    this.closed = true;
    this.port.close();
  }
}
