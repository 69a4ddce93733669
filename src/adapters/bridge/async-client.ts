/**
 * Non-blocking calls into the adapter worker: each request carries an id and its
 * reply settles the matching promise, so many calls can be in flight at once.
 * The worker is referenced only while calls are pending, so an idle adapter never
 * keeps the process alive, and a pending one does.
 */
import type { Worker } from 'node:worker_threads';
import { KilnError } from '../../errors.js';
import { deserializeError } from './bridge-errors.js';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from './protocol.js';

interface PendingCall {
  method: BridgeMethod;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class AsyncBridgeClient {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private stoppedReason: string | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (response: BridgeResponse) => this.settle(response));
    worker.on('error', (error) => this.stop(`The adapter worker failed: ${error.message}`));
    worker.on('exit', () => this.stop('The adapter connection is closed.'));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  call(method: BridgeMethod, args: unknown[]): Promise<unknown> {
    if (this.stoppedReason) return Promise.reject(new KilnError(this.stoppedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { method, resolve, reject });
      this.worker.postMessage({ id, method, args } satisfies BridgeRequest);
    });
  }

  private settle(response: BridgeResponse): void {
    const call = this.pending.get(response.id);
    if (!call) return;
    this.forget(response.id);
    if (response.ok) call.resolve(response.value);
    else call.reject(deserializeError(response.error));
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Reject every pending call and refuse new ones. */
  stop(reason: string): void {
    this.stoppedReason ??= reason;
    for (const [id, call] of this.pending) {
      this.forget(id);
      call.reject(new KilnError(`${this.stoppedReason} (${call.method}() did not finish)`));
    }
  }
}
