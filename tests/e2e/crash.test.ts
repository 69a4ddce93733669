/**
 * kill -9 in the middle of a build, at several points: the next build always succeeds, every
 * table holds either its old or its new rows (never a half-built one), and run history has
 * exactly one row per finished node of each build that got to write it.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, kiln, projectWith, query } from './cli.js';

const dir = projectWith({
  'project.yml': "name: crashing\nvars:\n  n: 1\n",
  'models/big.sql': "{{ config(materialized='table') }}\nselect i, {{ var('n') }} as generation from range(3000000) t(i)\n",
  'models/bigger.sql': "{{ config(materialized='table') }}\nselect i, generation, md5(cast(i as varchar)) as h from {{ ref('big') }}\n",
  'models/summary.sql': "{{ config(materialized='table') }}\nselect count(*) as n, min(generation) as g from {{ ref('bigger') }}\n",
  'models/incremental.sql': "{{ config(materialized='incremental', unique_key='i') }}\nselect i, generation from {{ ref('big') }} where i < 1000\n",
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function buildKilledAfter(ms: number, generation: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'build', '--vars', `{n: ${generation}}`], { cwd: dir, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => (clearTimeout(timer), resolve()));
  });
}

describe('a build killed with SIGKILL', () => {
  it('leaves every table whole, and the next build succeeds', async () => {
    expect(kiln(['build'], dir).code).toBe(0);
    const generations: number[] = [];
    // The later kills leave room for a slow, loaded machine, where the process alone takes a second to start.
    for (const [round, ms] of [150, 400, 700, 1000, 1400, 2500, 5000].entries()) {
      await buildKilledAfter(ms, round + 2);
      generations.push(Number((await query(dir, 'select any_value(generation) as g from big'))[0]!['g']));
      const [big] = await query(dir, 'select count(*) as n, count(distinct generation) as generations from big');
      expect(big, `after a kill at ${ms} ms`).toEqual({ n: '3000000', generations: '1' });
      const [bigger] = await query(dir, 'select count(*) as n, count(distinct generation) as generations from bigger');
      expect(bigger, `after a kill at ${ms} ms`).toEqual({ n: '3000000', generations: '1' });
      expect(await query(dir, 'select count(*) as n from incremental')).toEqual([{ n: '1000' }]);
    }
    // Some kills landed after `big` was rebuilt, some before: the kills hit the build mid-way.
    expect(new Set(generations).size, `generations seen: ${generations.join(', ')}`).toBeGreaterThan(1);
    const run = kiln(['build', '--vars', '{n: 9}'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await query(dir, 'select n, g from summary')).toEqual([{ n: '3000000', g: 9 }]);
    // Run history: one row per node per build that finished writing it, never a partial set.
    const perInvocation = await query(dir, 'select invocation_id, count(*) as n from kiln_run_history group by 1');
    for (const row of perInvocation) expect(row['n']).toBe(String(perInvocation[0]!['n']));
  }, 120_000);
});
