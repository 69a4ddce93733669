import { afterEach, describe, expect, it } from 'vitest';
import { forgetSecrets, holdsSecret, redact, redactValues, registerSecret, registerSecretsIn } from '../../src/secrets.js';

afterEach(() => forgetSecrets());

describe('secrets', () => {
  it('redacts a secret as written, as JSON escapes it and as SQL quotes it', () => {
    registerSecret(`pa"ss'wo\\rd`);
    expect(redact(`plain pa"ss'wo\\rd here`)).toBe('plain ***** here');
    expect(redact(JSON.stringify({ value: `pa"ss'wo\\rd` }))).toBe('{"value":"*****"}');
    expect(redact(`set x = 'pa"ss''wo\\rd'`)).toBe("set x = '*****'");
  });

  it('leaves text alone when it holds no secret, and ignores values too short to be one', () => {
    registerSecret('abc');
    registerSecret('');
    expect(redact('abc is fine')).toBe('abc is fine');
    expect(holdsSecret('abc')).toBe(false);
  });

  it('finds secrets under keys that name one, nested too', () => {
    registerSecretsIn({ type: 'duckdb', path: 'db.duckdb', password: 's3cr3t-pw', settings: { s3_secret_access_key: 'AKIAxyz123', s3_region: 'eu-west-1' }, keyfile_json: { private_key: '-----BEGIN KEY-----' } });
    expect(redact('s3cr3t-pw AKIAxyz123 eu-west-1 db.duckdb -----BEGIN KEY-----')).toBe('***** ***** eu-west-1 db.duckdb *****');
  });

  it('redacts every string of a value, longest secret first', () => {
    registerSecret('token');
    registerSecret('token-extended');
    expect(redactValues({ a: ['token-extended', 1], b: { c: 'my token' }, d: null })).toEqual({ a: ['*****', 1], b: { c: 'my *****' }, d: null });
  });
});
