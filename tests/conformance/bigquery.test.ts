/**
 * The adapter conformance suite on BigQuery: through the official SDK against the emulator
 * this file starts (tests/support/bigqueryEmulator), or against a real project when
 * KILN_LIVE_BIGQUERY holds a profile output as JSON (e.g. {"method": "oauth", "project": "p",
 * "dataset": "kiln_ci", "location": "US"}).
 */
import type { AdapterTarget } from '../../src/adapters/registry.js';
import { describeAdapterConformance } from './adapterSuite.js';
import { startBigQueryEmulator } from '../support/bigqueryEmulator/start.js';

const live = process.env['KILN_LIVE_BIGQUERY'];
/** BigQuery accepts spaces and case in names but refuses `"`, so the suite uses these here and on a live project. */
const oddNames = { table: 'Odd Table', columns: ['with space', 'MixedCase', 'select'] };

describeAdapterConformance(live ? 'bigquery (live)' : 'bigquery (emulator)', async () => {
  if (live) {
    const output = JSON.parse(live) as Record<string, unknown>;
    const target = { ...output, type: 'bigquery' } as AdapterTarget;
    return { target, database: String(output['project'] ?? output['database']), slowQuery: slowQuery(true), oddNames };
  }
  const emulator = await startBigQueryEmulator();
  return { target: emulator.target('kiln_conformance') as AdapterTarget, database: emulator.project, slowQuery: slowQuery(false), oddNames, cleanUp: () => emulator.stop() };
});

/** A query that runs for many seconds: a cross join too big to finish (on 2 cores for DuckDB; on BigQuery a large generated array). */
function slowQuery(live: boolean): (seconds: number) => string {
  return () =>
    live
      ? 'SELECT COUNT(*) FROM UNNEST(GENERATE_ARRAY(1, 100000)) AS a CROSS JOIN UNNEST(GENERATE_ARRAY(1, 100000)) AS b WHERE MOD(a * b, 7919) = 1'
      : 'SELECT count(*) FROM UNNEST(GENERATE_ARRAY(1, 300000)) AS a CROSS JOIN UNNEST(GENERATE_ARRAY(1, 300000)) AS b WHERE a * b = -1';
}
