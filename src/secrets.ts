/**
 * Secrets kiln has seen, and their redaction from everything it prints or writes. A value is
 * a secret when it comes from a profile field whose name says so (password, token, private
 * key, passphrase, keyfile JSON, any name with secret, key, token or password) or from an `env_var()`
 * named `KILN_ENV_SECRET_…` or `DBT_ENV_SECRET_…` (dbt's convention). Output, artifacts and
 * run history pass through `redact`, which replaces each secret, also as JSON and as SQL would
 * quote it, with `*****`.
 */

export const REDACTED = '*****';

/** Profile keys that hold a secret. */
export const SECRET_KEY = /password|passphrase|secret|token|private_key|keyfile_json|credentials|(^|_)key$|api_key|access_key/i;

/** env_var() names whose values are secrets. */
export const SECRET_ENV_VAR = /^(KILN|DBT)_ENV_SECRET_/;

/** Shorter values are not redacted: they would blank out ordinary words and numbers. */
const MIN_LENGTH = 4;

const secrets = new Set<string>();
let pattern: RegExp | undefined;

export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_LENGTH) return;
  const forms = [value, JSON.stringify(value).slice(1, -1), value.replace(/'/g, "''")];
  for (const form of forms) if (!secrets.has(form)) (secrets.add(form), (pattern = undefined));
}

/** Every string under a key that names a secret (nested objects too, e.g. a DuckDB `settings:` block). */
export function registerSecretsIn(value: unknown, underSecretKey = false): void {
  if (typeof value === 'string') {
    if (underSecretKey) registerSecret(value);
  } else if (Array.isArray(value)) {
    for (const item of value) registerSecretsIn(item, underSecretKey);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) registerSecretsIn(inner, underSecretKey || SECRET_KEY.test(key));
  }
}

export function redact(text: string): string {
  if (!secrets.size || !text) return text;
  pattern ??= new RegExp([...secrets].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(pattern, REDACTED);
}

/** True when `text` holds a secret (so a cache holding it is better not written). */
export function holdsSecret(text: string): boolean {
  return redact(text) !== text;
}

/** A copy of `value` with every string redacted. */
export function redactValues<T>(value: T): T {
  if (!secrets.size) return value;
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValues(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v)])) as T;
  }
  return value;
}

/** For tests: forget every secret. */
export function forgetSecrets(): void {
  secrets.clear();
  pattern = undefined;
}
