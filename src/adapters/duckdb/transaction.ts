/** BEGIN … COMMIT on one DuckDB connection, with ROLLBACK when the work fails. */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await rollbackQuietly(connection);
    throw error;
  }
  try {
    await connection.run('COMMIT');
  } catch (error) {
    await rollbackQuietly(connection);
    throw error;
  }
  return result;
}

/** Roll back, ignoring "no transaction is active" (a failed COMMIT has already ended it). */
async function rollbackQuietly(connection: DuckDBConnection): Promise<void> {
  try {
    await connection.run('ROLLBACK');
  } catch {
    // the original error is the one worth reporting
  }
}
