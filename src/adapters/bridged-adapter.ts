/**
 * The main-thread `Adapter`: the dialect (pure SQL building), plus the async and
 * blocking connection proxies of the bridge worker that owns the connection.
 */
import type { AdapterWorker } from './bridge/adapter-worker.js';
import type { Adapter, AdapterConnection, AdapterDialect, SyncAdapterConnection } from './types.js';

export class BridgedAdapter implements Adapter {
  readonly connection: AdapterConnection;
  readonly syncConnection: SyncAdapterConnection;

  constructor(
    readonly dialect: AdapterDialect,
    private readonly worker: AdapterWorker,
  ) {
    this.connection = worker.connection;
    this.syncConnection = worker.syncConnection;
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
