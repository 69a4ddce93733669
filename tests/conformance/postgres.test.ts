/** The adapter conformance suite on a real PostgreSQL server started for this file. */
import { describeAdapterConformance } from './adapterSuite.js';
import { startPostgres } from '../support/postgres.js';

describeAdapterConformance('postgres', async () => {
  const server = await startPostgres();
  return {
    target: { type: 'postgres', host: server.host, port: server.port, user: server.user, dbname: 'postgres', schema: 'public' },
    database: 'postgres',
    slowQuery: (seconds) => `SELECT pg_sleep(${seconds})`,
    cleanUp: () => server.stop(),
  };
});
