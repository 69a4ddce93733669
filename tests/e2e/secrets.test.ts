/**
 * Secrets never reach the screen, artifacts or run history: a profile password and
 * `*_ENV_SECRET_*` env vars planted in a model, a macro's log(), a warehouse error that echoes
 * the statement, text and JSON output, --debug; then every output and file is searched.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kiln, projectWith, query } from './cli.js';

const SECRETS = { DBT_ENV_SECRET_TOKEN: 'tok-9f8e7d6c5b4a', KILN_ENV_SECRET_API: 'api-key-0a1b2c3d' };
const PASSWORD = 'hunter2-correct-horse';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets', () => {
  it('are redacted from output, target/ and run history, in every format', async () => {
    const dir = projectWith({
      'project.yml': 'name: secretive\nprofile: secretive\n',
      'profiles.yml': `secretive:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/kiln.duckdb\n      password: "${PASSWORD}"\n`,
      'macros/shout.sql': "{% macro shout() %}{{ log('the key is ' ~ env_var('KILN_ENV_SECRET_API'), info=True) }}{% endmacro %}\n",
      'models/ok.sql': "{{ shout() }}\nselect 1 as id, '{{ env_var('DBT_ENV_SECRET_TOKEN') }}' is not null as has_token\n",
      'models/broken.sql': "select {{ env_var('DBT_ENV_SECRET_TOKEN') }}, '" + PASSWORD + "' from missing_table\n",
      'models/after.sql': "select * from {{ ref('ok') }}\n",
    });
    dirs.push(dir);
    const outputs = [kiln(['build'], dir, SECRETS), kiln(['build', '--log-format', 'json', '--debug'], dir, SECRETS), kiln(['debug'], dir, SECRETS), kiln(['compile'], dir, SECRETS)];
    expect(outputs[0]!.code).toBe(1); // broken fails, the rest build
    expect(outputs[0]!.stdout + outputs[0]!.stderr).toContain('*****');
    const everything = [
      ...outputs.flatMap((o) => [o.stdout, o.stderr]),
      ...filesUnder(join(dir, 'target')).filter((f) => !/\.duckdb(\.wal)?$/.test(f)).map((f) => readFileSync(f, 'utf8')),
      JSON.stringify(await query(dir, 'select * from kiln_run_history')),
    ].join('\n');
    for (const secret of [...Object.values(SECRETS), PASSWORD]) expect(everything).not.toContain(secret);
    // The model still saw the real value: only what kiln shows or writes is redacted.
    expect(await query(dir, 'select has_token from ok')).toEqual([{ has_token: true }]);
    expect(everything).toContain('the key is *****');
  });
});
