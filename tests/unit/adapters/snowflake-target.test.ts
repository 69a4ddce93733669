/** The Snowflake target's validation and the SDK options it becomes: dbt-snowflake's fields, clear errors, no secrets in them. */
import { describe, expect, it } from 'vitest';
import { readSnowflakeTarget, sdkConnectionOptions } from '../../../src/adapters/snowflake/target.js';
import { KilnError } from '../../../src/errors.js';

const base = { type: 'snowflake', account: 'xy12345.eu-central-1', user: 'kiln', password: 's3cret-password', database: 'ANALYTICS', schema: 'DBT_ME' };

describe('readSnowflakeTarget', () => {
  it("reads dbt-snowflake's fields into the SDK's options", () => {
    const target = readSnowflakeTarget({ ...base, role: 'TRANSFORMER', warehouse: 'WH', query_tag: 'kiln', client_session_keep_alive: 'true', connect_retries: 3 });
    expect(target).toMatchObject({ authenticator: 'SNOWFLAKE', role: 'TRANSFORMER', warehouse: 'WH', queryTag: 'kiln', clientSessionKeepAlive: true, connectRetries: 3 });
    expect(sdkConnectionOptions(target)).toMatchObject({ account: 'xy12345.eu-central-1', username: 'kiln', password: 's3cret-password', role: 'TRANSFORMER', warehouse: 'WH', sfRetryMaxLoginRetries: 3, representNullAsStringNull: false });
  });

  it('uses key-pair authentication when a private key is given, and reaches a host, port and protocol', () => {
    const { password: _password, ...noPassword } = base;
    const target = readSnowflakeTarget({ ...noPassword, private_key_path: '/keys/rsa_key.p8', private_key_passphrase: 'phrase', host: '127.0.0.1', port: '8080', protocol: 'HTTP' });
    expect(target.authenticator).toBe('SNOWFLAKE_JWT');
    expect(sdkConnectionOptions(target)).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', privateKeyPath: '/keys/rsa_key.p8', privateKeyPass: 'phrase', host: '127.0.0.1', port: 8080, protocol: 'http' });
  });

  it('names the missing or wrong field, and never prints a secret', () => {
    const problem = (raw: Record<string, unknown>): KilnError => {
      try {
        readSnowflakeTarget(raw);
      } catch (error) {
        return error as KilnError;
      }
      throw new Error('the target was accepted');
    };
    expect(problem({ ...base, account: undefined }).message).toMatch(/has no 'account'/);
    expect(problem({ ...base, schema: '' }).message).toMatch(/has no 'schema'/);
    expect(problem({ ...base, password: undefined }).message).toMatch(/no 'password'/);
    expect(problem({ ...base, authenticator: 'snowflake_jwt' }).message).toMatch(/neither private_key_path nor private_key/);
    expect(problem({ ...base, authenticator: 'oauth' }).message).toMatch(/needs a 'token'/);
    expect(problem({ ...base, protocol: 'ftp' }).message).toMatch(/protocol 'ftp'/);
    expect(problem({ ...base, port: 'eighty' }).message).toMatch(/'port' must be a whole number/);
    expect(problem({ ...base, client_session_keep_alive: 'sometimes' }).message).toMatch(/true or false/);
    for (const raw of [{ ...base, port: 'x' }, { ...base, protocol: 'ftp' }]) expect(`${problem(raw).message} ${problem(raw).hint ?? ''}`).not.toContain('s3cret');
  });
});
