/** The embedding providers layer: config, providers, and batched embedding with bounded concurrency. */
import { LocalHashEmbedder } from './local.js';
import { OpenAiCompatibleEmbedder, type OpenAiCompatibleEmbedderOptions } from './openai.js';
import type { EmbedConfig, EmbeddingProvider } from './types.js';

export type { EmbedConfig, EmbeddingProvider, EmbedProviderName } from './types.js';
// The config (./config.js) is imported on its own where needed: its checks load zod.
export { LocalHashEmbedder, LOCAL_DEFAULT_DIMENSIONS, LOCAL_MODEL, type LocalHashEmbedderOptions } from './local.js';
export { OpenAiCompatibleEmbedder, isLoopback, parseRetryAfter, retryAfterOf, type OpenAiCompatibleEmbedderOptions } from './openai.js';
export { embedInBatches, type EmbedInBatchesOptions, type EmbedInBatchesResult, type EmbedItem } from './batches.js';

/** The provider a resolved config asks for; `env` is where an openai provider reads its key. */
export function createEmbeddingProvider(
  config: EmbedConfig,
  env: Record<string, string | undefined> = process.env,
  options: Omit<OpenAiCompatibleEmbedderOptions, 'env'> = {},
): EmbeddingProvider {
  switch (config.provider) {
    case 'local':
      return new LocalHashEmbedder({ model: config.model, dimensions: config.dimensions });
    case 'openai':
      return new OpenAiCompatibleEmbedder(config, { ...options, env });
  }
}
