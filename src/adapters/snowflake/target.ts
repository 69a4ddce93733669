/**
 * The Snowflake target: dbt-snowflake's profile fields, validated, as snowflake-sdk connection
 * options. Password and private key come from the profile (usually `env_var()`) and are never
 * part of a message. `host`, `port` and `protocol` reach a private-link host or a local emulator.
 */
import { KilnError } from '../../errors.js';

export type SnowflakeAuthenticator = 'SNOWFLAKE' | 'SNOWFLAKE_JWT' | 'EXTERNALBROWSER' | 'OAUTH' | 'PROGRAMMATIC_ACCESS_TOKEN' | 'USERNAME_PASSWORD_MFA' | string;

export interface SnowflakeTarget {
  account: string;
  user: string;
  password: string | undefined;
  authenticator: SnowflakeAuthenticator;
  privateKey: string | undefined;
  privateKeyPath: string | undefined;
  privateKeyPassphrase: string | undefined;
  token: string | undefined;
  role: string | undefined;
  warehouse: string | undefined;
  database: string;
  schema: string;
  queryTag: string | undefined;
  clientSessionKeepAlive: boolean;
  host: string | undefined;
  port: number | undefined;
  protocol: 'https' | 'http' | undefined;
  connectRetries: number;
}

const FIELDS = 'account, user, password or private_key_path, role, warehouse, database, schema';

export function readSnowflakeTarget(raw: Record<string, unknown>): SnowflakeTarget {
  const text = (key: string): string | undefined => (raw[key] === undefined || raw[key] === null || raw[key] === '' ? undefined : String(raw[key]));
  const number = (key: string): number | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new KilnError(`the snowflake target's '${key}' must be a whole number, not ${JSON.stringify(value)}`, { hint: `fix '${key}' in profiles.yml` });
    return parsed;
  };
  const flag = (key: string): boolean => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return false;
    if (typeof value === 'boolean') return value;
    if (/^(true|false)$/i.test(String(value))) return /^true$/i.test(String(value));
    throw new KilnError(`the snowflake target's '${key}' must be true or false, not ${JSON.stringify(value)}`, { hint: `fix '${key}' in profiles.yml` });
  };
  const account = text('account');
  const user = text('user') ?? text('username');
  const database = text('database');
  const schema = text('schema');
  for (const [key, value] of [['account', account], ['user', user], ['database', database], ['schema', schema]] as const) {
    if (!value) throw new KilnError(`the snowflake target has no '${key}'`, { hint: `add '${key}:' to the target in profiles.yml (dbt-snowflake's field names: ${FIELDS})` });
  }
  const privateKeyPath = text('private_key_path');
  const privateKey = text('private_key');
  const password = text('password');
  const token = text('token');
  const authenticator = (text('authenticator') ?? (privateKey || privateKeyPath ? 'SNOWFLAKE_JWT' : 'SNOWFLAKE')).toUpperCase();
  if (authenticator === 'SNOWFLAKE_JWT' && !privateKey && !privateKeyPath) {
    throw new KilnError('the snowflake target uses key-pair authentication (SNOWFLAKE_JWT) but has neither private_key_path nor private_key', { hint: 'add private_key_path: (a PEM file) or private_key: (the PEM text, from env_var) to the target' });
  }
  if (authenticator === 'SNOWFLAKE' && !password) {
    throw new KilnError("the snowflake target has no 'password' (and no private key)", { hint: "add password: \"{{ env_var('SNOWFLAKE_PASSWORD') }}\", or private_key_path: for key-pair authentication" });
  }
  if ((authenticator === 'OAUTH' || authenticator === 'PROGRAMMATIC_ACCESS_TOKEN') && !token) {
    throw new KilnError(`the snowflake target's authenticator ${authenticator.toLowerCase()} needs a 'token'`, { hint: "add token: \"{{ env_var('SNOWFLAKE_TOKEN') }}\" to the target" });
  }
  const protocol = text('protocol')?.toLowerCase();
  if (protocol !== undefined && protocol !== 'https' && protocol !== 'http') throw new KilnError(`the snowflake target's protocol '${protocol}' is not https or http`, { hint: 'fix protocol in profiles.yml (https unless you run an emulator)' });
  return {
    account: account!,
    user: user!,
    password,
    authenticator,
    privateKey,
    privateKeyPath,
    privateKeyPassphrase: text('private_key_passphrase'),
    token,
    role: text('role'),
    warehouse: text('warehouse'),
    database: database!,
    schema: schema!,
    queryTag: text('query_tag'),
    clientSessionKeepAlive: flag('client_session_keep_alive'),
    host: text('host'),
    port: number('port'),
    protocol: protocol as SnowflakeTarget['protocol'],
    connectRetries: number('connect_retries') ?? 1,
  };
}

/** snowflake-sdk's createConnection options for the target (secrets included: never log them). */
export function sdkConnectionOptions(target: SnowflakeTarget): Record<string, unknown> {
  const options: Record<string, unknown> = {
    account: target.account,
    username: target.user,
    authenticator: target.authenticator,
    database: target.database,
    schema: target.schema,
    clientSessionKeepAlive: target.clientSessionKeepAlive,
    application: 'kiln',
    // Values fetched as text (numbers, for exact big integers) keep SQL NULL as null, not 'NULL'.
    representNullAsStringNull: false,
    sfRetryMaxLoginRetries: target.connectRetries,
  };
  if (target.password !== undefined) options['password'] = target.password;
  if (target.privateKey !== undefined) options['privateKey'] = target.privateKey;
  if (target.privateKeyPath !== undefined) options['privateKeyPath'] = target.privateKeyPath;
  if (target.privateKeyPassphrase !== undefined) options['privateKeyPass'] = target.privateKeyPassphrase;
  if (target.token !== undefined) options['token'] = target.token;
  if (target.role !== undefined) options['role'] = target.role;
  if (target.warehouse !== undefined) options['warehouse'] = target.warehouse;
  // query_tag is sent with each statement (connection.ts), so a model's own can replace it: the SDK's would override it.
  if (target.host !== undefined) options['host'] = target.host;
  if (target.port !== undefined) options['port'] = target.port;
  if (target.protocol !== undefined) options['protocol'] = target.protocol;
  return options;
}
