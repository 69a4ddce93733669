import { describe, expect, it } from 'vitest';
import { readYamlFile } from '../../../../src/project/schemas/index.js';
import { onlyProblem, problems, yaml } from './helpers.js';

describe('profilesFileSchema', () => {
  it('reads profiles with env_var strings and adapter keys passed through', () => {
    const profiles = readYamlFile(
      yaml`
        config:
          send_anonymous_usage_stats: false
        jaffle_shop:
          target: "{{ env_var('DBT_TARGET', 'dev') }}"
          outputs:
            dev:
              type: duckdb
              path: "{{ env_var('DUCKDB_PATH', 'target/dev.duckdb') }}"
              threads: 4
              extensions: [httpfs]
            prod:
              type: snowflake
              account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
              user: "{{ env_var('SNOWFLAKE_USER') }}"
              password: "{{ env_var('SNOWFLAKE_PASSWORD') }}"
              role: transformer
              warehouse: transforming
              database: analytics
              schema: dbt_prod
              threads: "{{ env_var('DBT_THREADS') | as_number }}"
              client_session_keep_alive: false
        bq:
          target: ci
          outputs:
            ci:
              type: bigquery
              method: service-account
              keyfile: /secrets/key.json
              project: my-project
              dataset: ci
              job_execution_timeout_seconds: 300
      `,
      'profiles.yml',
      'profiles',
    );
    expect(profiles.jaffle_shop!.outputs.prod!.account).toBe("{{ env_var('SNOWFLAKE_ACCOUNT') }}");
    expect(profiles.bq!.outputs.ci!.keyfile).toBe('/secrets/key.json');
  });

  it('reports a misspelled profile key with the profile named', () => {
    const error = onlyProblem(
      yaml`
        jaffle_shop:
          target: dev
          outputs:
            dev: {type: duckdb}
          tagret: prod
      `,
      'profiles.yml',
      'profiles',
    );
    expect(error.format()).toBe(
      "profiles.yml:5:3: unknown key 'tagret' in profile 'jaffle_shop'\n    tagret: prod\n  hint: did you mean 'target'?",
    );
  });

  it('reports a missing type, a non-integer threads and a missing outputs', () => {
    const found = problems(
      yaml`
        a:
          target: dev
          outputs:
            dev:
              path: x.duckdb
              threads: four
        b:
          target: dev
      `,
      'profiles.yml',
      'profiles',
    );
    expect(found.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      "4:5 missing required key 'type' in output 'dev' of profile 'a'",
      "6:7 'threads' must be an integer, got 'four' (in output 'dev' of profile 'a')",
      "7:1 missing required key 'outputs' in profile 'b'",
    ]);
  });

  it('rejects a profile that is not a mapping', () => {
    const error = onlyProblem('jaffle_shop: dev\n', 'profiles.yml', 'profiles');
    expect(error.message).toBe("'jaffle_shop' must be a profile mapping {target, outputs}, got 'dev'");
    expect(error.line).toBe(1);
  });
});
