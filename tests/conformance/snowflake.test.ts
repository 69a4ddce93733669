/**
 * The adapter conformance suite on Snowflake: through snowflake-sdk against the emulator this
 * file starts (tests/support/snowflakeEmulator: DuckDB behind Snowflake's REST protocol, signing
 * in with a key pair), or against a real account when KILN_LIVE_SNOWFLAKE holds a profile
 * output as JSON (`{"account": …, "user": …, "private_key_path": …, "database": …, "schema": …}`).
 */
import { describeAdapterConformance } from './adapterSuite.js';
import { startSnowflakeEmulator } from '../support/snowflakeEmulator/start.js';

const live = process.env['KILN_LIVE_SNOWFLAKE'];

describeAdapterConformance(live ? 'snowflake (live)' : 'snowflake (emulator)', async () => {
  const slowQuery = (seconds: number) => `SELECT SYSTEM$WAIT(${seconds})`;
  if (live) {
    const output = JSON.parse(live) as Record<string, unknown>;
    return { target: { ...output, type: 'snowflake' }, database: String(output['database']), slowQuery };
  }
  const emulator = await startSnowflakeEmulator({ databases: ['KILN'], chunkRows: 1_000 });
  return {
    target: emulator.target({ private_key_path: emulator.privateKeyPath, database: 'KILN', schema: 'PUBLIC', warehouse: 'KILN_WH', role: 'KILN_ROLE', query_tag: 'kiln-conformance' }),
    database: 'KILN',
    slowQuery,
    cleanUp: () => emulator.stop(),
  };
});
