import { describe, expect, it } from 'vitest';
import { kiln, projectWith } from './cli.js';

describe('kiln debug', () => {
  it('shows the resolved profile with secrets masked and checks the connection', () => {
    const dir = projectWith({
      'project.yml': 'name: p\nversion: "1"\nprofile: p\n',
      'profiles.yml': "p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('KILN_DEBUG_DB', 'dev.duckdb') }}\"\n      schema: analytics\n      settings:\n        threads: 1\n      password: \"{{ env_var('KILN_DEBUG_SECRET') }}\"\n",
    });
    const result = kiln(['debug'], dir, { KILN_DEBUG_SECRET: 'hunter2', KILN_DEBUG_DB: 'debug.duckdb' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('target: dev');
    expect(result.stdout).toContain('  schema: analytics');
    expect(result.stdout).toMatch(/path: .*debug\.duckdb/);
    expect(result.stdout).toContain('  password: ****');
    expect(result.stdout).not.toContain('hunter2');
    expect(result.stdout).toMatch(/connection: OK/);
  });

  it('a profile that names a missing env var fails with the file', () => {
    const dir = projectWith({
      'project.yml': 'name: p\nversion: "1"\nprofile: p\n',
      'profiles.yml': "p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('KILN_DEBUG_UNSET_PATH') }}\"\n",
    });
    const result = kiln(['debug'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('profiles.yml');
    expect(result.stderr).toContain("env var 'KILN_DEBUG_UNSET_PATH' is not set");
  });

  it('an unknown adapter type says how to install one', () => {
    const dir = projectWith({
      'project.yml': 'name: p\nversion: "1"\nprofile: p\n',
      'profiles.yml': 'p:\n  target: dev\n  outputs:\n    dev:\n      type: snowflakey\n',
    });
    const result = kiln(['debug'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('npm install kiln-adapter-snowflakey');
  });
});
