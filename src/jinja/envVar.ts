import { KilnError } from '../errors.js';
import { registerSecret, SECRET_ENV_VAR } from '../secrets.js';

/** `env_var(name, default)`: the variable, else the default, else an error naming `file`. */
export function envVar(name: string, fallback: unknown, file: string | undefined): unknown {
  const value = process.env[name];
  if (value !== undefined && SECRET_ENV_VAR.test(name)) registerSecret(value);
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  throw new KilnError(`env var '${name}' is not set and env_var() was given no default`, {
    file,
    hint: `export ${name}=… before running kiln, or write env_var('${name}', 'default')`,
  });
}
