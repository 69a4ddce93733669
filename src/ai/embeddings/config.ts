/**
 * Reading a model's `embed:` config. The project var `kiln_ai_embedding` holds
 * project-wide defaults (same keys); the model's own keys win. Every problem in
 * both is reported at once, each naming the model's file and the key.
 */
import type * as zod from 'zod';
import { z } from '../../project/schemas/zod.js';
import { KilnError, KilnErrors } from '../../errors.js';
import { closestName } from '../../project/suggest.js';
import { LOCAL_DEFAULT_DIMENSIONS, LOCAL_MODEL } from './local.js';
import type { EmbedConfig, EmbedProviderName } from './types.js';

export const DEFAULTS_VAR = 'kiln_ai_embedding';
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';

const PROVIDERS = ['local', 'openai'] as const;

const positiveInteger = z.number().int().positive();
const rawEmbedSchema = z.strictObject({
  text: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  provider: z.enum(PROVIDERS).optional(),
  model: z.string().min(1).optional(),
  dimensions: positiveInteger.max(65536).optional(),
  batch_size: positiveInteger.optional(),
  concurrency: positiveInteger.max(256).optional(),
  max_retries: z.number().int().min(0).max(100).optional(),
  timeout_s: z.number().positive().max(3600).optional(),
  base_url: z
    .string()
    .refine((s) => /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s))
    .optional(),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  sink: z.looseObject({ type: z.string().min(1) }).optional(),
});
type RawEmbed = zod.infer<typeof rawEmbedSchema>;

export const EMBED_KEYS = Object.keys(rawEmbedSchema.shape) as (keyof RawEmbed)[];

/** What each key must be, worded for the error message. */
const EXPECTED: Record<keyof RawEmbed, string> = {
  text: 'the name of a column (a non-empty string)',
  id: 'the name of a column (a non-empty string)',
  provider: `one of ${PROVIDERS.map((p) => `'${p}'`).join(', ')}`,
  model: 'a model name (a non-empty string)',
  dimensions: 'a positive integer (at most 65536)',
  batch_size: 'a positive integer',
  concurrency: 'a positive integer (at most 256)',
  max_retries: 'a whole number, 0 or more (at most 100)',
  timeout_s: 'a positive number of seconds (at most 3600)',
  base_url: 'an http:// or https:// URL',
  api_key_env: 'the name of an environment variable (letters, digits and _), not the key itself',
  encoding_format: "'float' or 'base64'",
  sink: 'a mapping with a `type:` key',
};

/** Keys that only mean something for one provider; they don't carry over from defaults of another. */
const PROVIDER_KEYS = ['model', 'dimensions', 'base_url', 'api_key_env', 'encoding_format'] as const;

export interface EmbedConfigLocation {
  /** The model's file: every error names it. */
  file: string;
  /** The model's name, for messages. */
  model: string;
}

export function resolveEmbedConfig(raw: unknown, defaults: unknown, where: EmbedConfigLocation): EmbedConfig {
  const errors: KilnError[] = [];
  const own = readRaw(raw, `embed: config of model '${where.model}'`, where, errors, true);
  const base = readRaw(defaults, `var '${DEFAULTS_VAR}'`, where, errors, false);
  if (errors.length) throw errors.length === 1 ? errors[0]! : new KilnErrors(errors);

  const provider: EmbedProviderName = own.provider ?? base.provider ?? 'local';
  // Defaults written for another provider (say an OpenAI model name) must not leak into this one.
  const baseApplies = base.provider === undefined || base.provider === provider;
  const merged: RawEmbed = { ...base, ...own };
  if (!baseApplies) for (const key of PROVIDER_KEYS) delete merged[key];
  if (!baseApplies) Object.assign(merged, pick(own, PROVIDER_KEYS));

  const fail = (message: string, hint?: string): void => {
    errors.push(new KilnError(`${message} (in model '${where.model}')`, { file: where.file, hint }));
  };
  if (merged.text === undefined) fail('embed: needs `text:` (the column to embed)', 'e.g. embed: {text: body, id: doc_id}');
  if (merged.id === undefined) fail('embed: needs `id:` (the column that identifies each row)', 'e.g. embed: {text: body, id: doc_id}');

  let model: string;
  let dimensions: number;
  if (provider === 'local') {
    model = merged.model ?? LOCAL_MODEL;
    dimensions = merged.dimensions ?? LOCAL_DEFAULT_DIMENSIONS;
    if (model !== LOCAL_MODEL) {
      fail(`embed: provider 'local' has one model, '${LOCAL_MODEL}', got '${model}'`, 'for a neural model use provider: openai with any OpenAI-compatible server (OpenAI, Azure, Ollama, vLLM, TEI)');
    }
    for (const key of ['base_url', 'api_key_env', 'encoding_format'] as const) {
      if (merged[key] !== undefined) fail(`embed: \`${key}:\` only applies to provider: openai, and this model uses provider: local`, 'set provider: openai, or remove the key');
    }
  } else {
    model = merged.model ?? '';
    dimensions = merged.dimensions ?? 0;
    if (merged.model === undefined) fail('embed: provider openai needs `model:`', 'e.g. model: text-embedding-3-small');
    if (merged.dimensions === undefined) {
      fail('embed: provider openai needs `dimensions:`', 'set dimensions: to the size the model returns, e.g. 1536 for text-embedding-3-small');
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new KilnErrors(errors);

  const config: EmbedConfig = {
    text: merged.text!,
    id: merged.id!,
    provider,
    model,
    dimensions,
    batchSize: merged.batch_size ?? (provider === 'openai' ? 64 : 512),
    concurrency: merged.concurrency ?? 4,
    maxRetries: merged.max_retries ?? 5,
    timeoutS: merged.timeout_s ?? 30,
  };
  if (provider === 'openai') {
    config.baseUrl = (merged.base_url ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
    config.apiKeyEnv = merged.api_key_env ?? OPENAI_DEFAULT_API_KEY_ENV;
    if (merged.encoding_format) config.encodingFormat = merged.encoding_format;
  }
  if (merged.sink) config.sink = merged.sink;
  return config;
}

/** Validates one source of keys; problems go to `errors` and an empty object comes back. */
function readRaw(value: unknown, what: string, where: EmbedConfigLocation, errors: KilnError[], required: boolean): RawEmbed {
  if (value === undefined || value === null) {
    if (required) errors.push(new KilnError(`${what} is empty`, { file: where.file, hint: 'e.g. embed: {text: body, id: doc_id}' }));
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(new KilnError(`${what} must be a mapping, got ${show(value)}`, { file: where.file, hint: 'e.g. embed: {text: body, id: doc_id}' }));
    return {};
  }
  const parsed = rawEmbedSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const record = value as Record<string, unknown>;
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push(unknownKey(key, what, where));
      continue;
    }
    const key = String(issue.path[0]) as keyof RawEmbed;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(badValue(key, record[key], what, where));
  }
  return {};
}

function unknownKey(key: string, what: string, where: EmbedConfigLocation): KilnError {
  const best = closestName(key, EMBED_KEYS) ?? closestName(key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_'), EMBED_KEYS);
  return new KilnError(`unknown key '${key}' in ${what}; allowed keys: ${EMBED_KEYS.join(', ')}`, {
    file: where.file,
    hint: best ? `did you mean '${best}'?` : undefined,
  });
}

function badValue(key: keyof RawEmbed, value: unknown, what: string, where: EmbedConfigLocation): KilnError {
  // A key pasted into api_key_env must not end up in logs.
  const got = key === 'api_key_env' ? '' : `, got ${show(value)}`;
  let hint: string | undefined;
  if (key === 'provider' && typeof value === 'string') {
    const best = closestName(value, PROVIDERS);
    hint = best ? `did you mean '${best}'?` : undefined;
  }
  if (key === 'api_key_env') hint = 'e.g. api_key_env: OPENAI_API_KEY, and export the key in that variable';
  return new KilnError(`\`${key}:\` must be ${EXPECTED[key]}${got} (in ${what})`, { file: where.file, hint });
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
