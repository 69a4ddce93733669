/**
 * The embedding layer's boundary types: a provider turns texts into vectors, and a
 * model's `embed:` config (merged with the project var `kiln_ai_embedding`) says
 * which provider, which column to embed and how hard to push the service.
 */

export interface EmbeddingProvider {
  /** `local` or `openai`: shown in progress lines and stored next to the vectors. */
  readonly name: string;
  readonly model: string;
  /** Every vector `embed` returns has exactly this length. */
  readonly dimensions: number;
  /** One vector per text, in the order of `texts`. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** HTTP requests sent and of those, how many were retries (always 0 for a local provider). */
  readonly counters: { requests: number; retries: number };
  /** Releases worker threads or connections; safe to call more than once. */
  close?(): Promise<void>;
}

export type EmbedProviderName = 'local' | 'openai';

/** A model's `embed:` config after defaults, in camelCase. */
export interface EmbedConfig {
  /** The column whose text is embedded. */
  text: string;
  /** The column that identifies a row (written next to its vector). */
  id: string;
  provider: EmbedProviderName;
  model: string;
  dimensions: number;
  batchSize: number;
  concurrency: number;
  maxRetries: number;
  timeoutS: number;
  /** openai only. */
  baseUrl?: string;
  /** openai only: the name of the environment variable holding the key, never the key. */
  apiKeyEnv?: string;
  /** openai only: `float` (the default) or `base64` (smaller, cheaper to decode, where the server supports it). */
  encodingFormat?: 'float' | 'base64';
  /** Where the vectors go; its keys are checked by the sink that reads them. */
  sink?: { type: string; [k: string]: unknown };
}
