/**
 * The Postgres target: dbt-postgres's profile fields, validated, as node-postgres
 * connection settings. The password comes from the profile (usually `env_var()`), or
 * from PGPASSWORD as libpq would; it is never part of a message.
 */
import { KilnError } from '../../errors.js';

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  schema: string;
  sslmode: 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  keepalivesIdle: number;
  connectTimeout: number;
  role: string | undefined;
  searchPath: string | undefined;
  applicationName: string;
}

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

export function readPostgresTarget(raw: Record<string, unknown>): PostgresTarget {
  const text = (key: string): string | undefined => (raw[key] === undefined || raw[key] === null ? undefined : String(raw[key]));
  const number = (key: string, fallback: number): number => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new KilnError(`the postgres target's '${key}' must be a whole number, not ${JSON.stringify(value)}`, { hint: `fix '${key}' in profiles.yml` });
    return parsed;
  };
  const database = text('dbname') ?? text('database');
  const user = text('user') ?? text('username');
  for (const [key, value] of [['dbname', database], ['user', user]] as const) {
    if (!value) throw new KilnError(`the postgres target has no '${key}'`, { hint: `add '${key}:' to the target in profiles.yml (dbt-postgres's field names: host, port, user, password, dbname, schema)` });
  }
  const sslmode = text('sslmode') ?? 'prefer';
  if (!SSL_MODES.has(sslmode)) throw new KilnError(`the postgres target's sslmode '${sslmode}' is not one of ${[...SSL_MODES].join(', ')}`, { hint: 'fix sslmode in profiles.yml' });
  return {
    host: text('host') ?? 'localhost',
    port: number('port', 5432),
    user: user!,
    password: text('password') ?? text('pass') ?? process.env['PGPASSWORD'],
    database: database!,
    schema: text('schema') ?? 'public',
    sslmode: sslmode as PostgresTarget['sslmode'],
    keepalivesIdle: number('keepalives_idle', 0),
    connectTimeout: number('connect_timeout', 10),
    role: text('role'),
    searchPath: text('search_path'),
    applicationName: text('application_name') ?? 'kiln',
  };
}
