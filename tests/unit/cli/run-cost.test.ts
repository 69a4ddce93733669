import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/artifacts/runResults.js';
import { runCost } from '../../../src/cli/commands/execution.js';

function result(status: RunResult['status'], seconds: number, response: RunResult['adapter_response'] = {}): RunResult {
  return { unique_id: `model.p.${seconds}`, status, timing: [], thread_id: 'Thread-1', execution_time: seconds, adapter_response: response, message: null, failures: null, compiled_code: null, relation_name: null };
}

describe('the run summary cost line', () => {
  it('gives node seconds on every warehouse, skipped nodes left out', () => {
    const cost = runCost([result('success', 1.25), result('pass', 0.5), result('skipped', 9)]);
    expect(cost.text).toBe('Cost: 1.75s of node time.');
    expect(cost.figures).toEqual({ node_seconds: 1.75 });
  });

  it("adds the warehouse's bytes, slot time and query ids where it reports them", () => {
    const cost = runCost([
      result('success', 2, { bytes_processed: 1_500_000_000, bytes_billed: 1_510_000_000, slot_ms: 4200, query_id: 'job_1' }),
      result('success', 1, { bytes_processed: 500_000_000, bytes_billed: 10_485_760, slot_ms: 800, query_id: 'job_2' }),
      result('error', 0.5),
    ]);
    expect(cost.text).toBe('Cost: 3.50s of node time, 2 GB processed, 1.52 GB billed, 5 slot-seconds, query ids in target/run_results.json.');
    expect(cost.figures).toEqual({ node_seconds: 3.5, bytes_processed: 2_000_000_000, bytes_billed: 1_520_485_760, slot_ms: 5000 });
  });
});
