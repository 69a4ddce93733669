import { describe, expect, it } from 'vitest';
import { KilnError, KilnErrors } from '../../../../src/errors.js';
import { resolveEmbedConfig } from '../../../../src/ai/embeddings/config.js';

const where = { file: 'models/docs/doc_chunks.sql', model: 'doc_chunks' };
const resolve = (raw: unknown, defaults?: unknown) => resolveEmbedConfig(raw, defaults, where);

function thrown(fn: () => unknown): KilnError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KilnError);
    return error as KilnError;
  }
  throw new Error('expected a KilnError');
}

describe('resolveEmbedConfig', () => {
  it('fills the local defaults', () => {
    expect(resolve({ text: 'body', id: 'chunk_id' })).toEqual({
      text: 'body',
      id: 'chunk_id',
      provider: 'local',
      model: 'kiln-hash-v1',
      dimensions: 384,
      batchSize: 512,
      concurrency: 4,
      maxRetries: 5,
      timeoutS: 30,
    });
  });

  it('takes encoding_format for openai, and refuses it for local or with another value', () => {
    expect(resolve({ text: 'b', id: 'i', provider: 'openai', model: 'm', dimensions: 8, encoding_format: 'base64' }).encodingFormat).toBe('base64');
    expect(resolve({ text: 'b', id: 'i', provider: 'openai', model: 'm', dimensions: 8 }).encodingFormat).toBeUndefined();
    expect(() => resolve({ text: 'b', id: 'i', encoding_format: 'base64' })).toThrow(/`encoding_format:` only applies to provider: openai/);
    expect(() => resolve({ text: 'b', id: 'i', provider: 'openai', model: 'm', dimensions: 8, encoding_format: 'binary' })).toThrow(/'float' or 'base64'/);
  });

  it('fills the openai defaults', () => {
    expect(resolve({ text: 'body', id: 'chunk_id', provider: 'openai', model: 'text-embedding-3-small', dimensions: 1536 })).toEqual({
      text: 'body',
      id: 'chunk_id',
      provider: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 1536,
      batchSize: 64,
      concurrency: 4,
      maxRetries: 5,
      timeoutS: 30,
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
    });
  });

  it("takes the project var's defaults, and the model's own keys win", () => {
    const defaults = { provider: 'openai', model: 'nomic-embed-text', dimensions: 768, base_url: 'http://localhost:11434/v1/', concurrency: 8, timeout_s: 120, sink: { type: 'lancedb', uri: 'vectors' } };
    const config = resolve({ text: 'body', id: 'chunk_id', concurrency: 2, batch_size: 16 }, defaults);
    expect(config).toMatchObject({ provider: 'openai', model: 'nomic-embed-text', dimensions: 768, baseUrl: 'http://localhost:11434/v1', concurrency: 2, batchSize: 16, timeoutS: 120 });
    expect(config.sink).toEqual({ type: 'lancedb', uri: 'vectors' });
  });

  it("doesn't carry another provider's model and dimensions over from the defaults", () => {
    const defaults = { provider: 'openai', model: 'text-embedding-3-small', dimensions: 1536, base_url: 'https://example.com/v1', concurrency: 8 };
    expect(resolve({ text: 'body', id: 'id', provider: 'local' }, defaults)).toMatchObject({ provider: 'local', model: 'kiln-hash-v1', dimensions: 384, concurrency: 8 });
    expect(resolve({ text: 'body', id: 'id', provider: 'local', dimensions: 64 }, defaults).dimensions).toBe(64);
  });

  it('accepts text and id from the defaults, and max_retries: 0', () => {
    expect(resolve({ max_retries: 0 }, { text: 'body', id: 'id' })).toMatchObject({ text: 'body', id: 'id', maxRetries: 0 });
  });

  it('names the file, the unknown key, the allowed keys and the nearest one', () => {
    const error = thrown(() => resolve({ text: 'body', id: 'id', batchsize: 10 }));
    expect(error.file).toBe(where.file);
    expect(error.message).toContain("unknown key 'batchsize' in embed: config of model 'doc_chunks'");
    expect(error.message).toContain('allowed keys: text, id, provider, model, dimensions, batch_size, concurrency, max_retries, timeout_s, base_url, api_key_env, encoding_format, sink');
    expect(error.hint).toBe("did you mean 'batch_size'?");
    expect(thrown(() => resolve({ text: 'body', id: 'id', maxRetries: 2 })).hint).toBe("did you mean 'max_retries'?");
    expect(thrown(() => resolve({ text: 'body', id: 'id', 'timeout-s': 2 })).hint).toBe("did you mean 'timeout_s'?");
    expect(thrown(() => resolve({ text: 'body', id: 'id', colour: 'red' })).hint).toBeUndefined();
  });

  it('says which var an unknown default key is in', () => {
    const error = thrown(() => resolve({ text: 'body', id: 'id' }, { concurency: 3 }));
    expect(error.message).toContain("unknown key 'concurency' in var 'kiln_ai_embedding'");
    expect(error.hint).toBe("did you mean 'concurrency'?");
    expect(error.file).toBe(where.file);
  });

  it('needs text and id', () => {
    const error = thrown(() => resolve({ id: 'id' }));
    expect(error.message).toBe("embed: needs `text:` (the column to embed) (in model 'doc_chunks')");
    expect(error.file).toBe(where.file);
    const both = thrown(() => resolve({ provider: 'local' }));
    expect(both).toBeInstanceOf(KilnErrors);
    expect((both as KilnErrors).errors.map((e) => e.message)).toEqual([
      "embed: needs `text:` (the column to embed) (in model 'doc_chunks')",
      "embed: needs `id:` (the column that identifies each row) (in model 'doc_chunks')",
    ]);
    expect(thrown(() => resolve(undefined)).message).toContain('is empty');
    expect(thrown(() => resolve('body')).message).toBe("embed: config of model 'doc_chunks' must be a mapping, got 'body'");
  });

  it('needs model and dimensions for openai', () => {
    const error = thrown(() => resolve({ text: 'body', id: 'id', provider: 'openai' })) as KilnErrors;
    expect(error.errors.map((e) => e.message)).toEqual([
      "embed: provider openai needs `model:` (in model 'doc_chunks')",
      "embed: provider openai needs `dimensions:` (in model 'doc_chunks')",
    ]);
    expect(error.errors[1]!.hint).toBe('set dimensions: to the size the model returns, e.g. 1536 for text-embedding-3-small');
  });

  it('checks numbers and reports every bad key at once', () => {
    const error = thrown(() => resolve({ text: 'body', id: 'id', batch_size: 0, concurrency: 1.5, dimensions: '384', timeout_s: -1, max_retries: -1 })) as KilnErrors;
    expect(error).toBeInstanceOf(KilnErrors);
    expect(error.errors.map((e) => e.message)).toEqual([
      "`dimensions:` must be a positive integer (at most 65536), got '384' (in embed: config of model 'doc_chunks')",
      "`batch_size:` must be a positive integer, got 0 (in embed: config of model 'doc_chunks')",
      "`concurrency:` must be a positive integer (at most 256), got 1.5 (in embed: config of model 'doc_chunks')",
      "`max_retries:` must be a whole number, 0 or more (at most 100), got -1 (in embed: config of model 'doc_chunks')",
      "`timeout_s:` must be a positive number of seconds (at most 3600), got -1 (in embed: config of model 'doc_chunks')",
    ]);
    expect(error.errors.every((e) => e.file === where.file)).toBe(true);
    expect(error.format()).toContain(`${where.file}: \`batch_size:\``);
  });

  it('suggests the provider meant', () => {
    const error = thrown(() => resolve({ text: 'body', id: 'id', provider: 'openia' }));
    expect(error.message).toBe("`provider:` must be one of 'local', 'openai', got 'openia' (in embed: config of model 'doc_chunks')");
    expect(error.hint).toBe("did you mean 'openai'?");
  });

  it('never echoes a key pasted into api_key_env', () => {
    const error = thrown(() => resolve({ text: 'body', id: 'id', provider: 'openai', model: 'm', dimensions: 8, api_key_env: 'sk-proj-abcdef123456' }));
    expect(error.format()).not.toContain('sk-proj-abcdef123456');
    expect(error.message).toContain('`api_key_env:` must be the name of an environment variable');
  });

  it('rejects a local model it does not have and openai-only keys on local', () => {
    expect(thrown(() => resolve({ text: 'body', id: 'id', model: 'all-MiniLM-L6-v2' })).message).toContain("provider 'local' has one model, 'kiln-hash-v1'");
    expect(thrown(() => resolve({ text: 'body', id: 'id', base_url: 'http://localhost:1/v1' })).message).toContain('`base_url:` only applies to provider: openai');
  });

  it('checks base_url and sink', () => {
    expect(thrown(() => resolve({ text: 'body', id: 'id', provider: 'openai', model: 'm', dimensions: 8, base_url: 'localhost:11434' })).message).toContain(
      '`base_url:` must be an http:// or https:// URL',
    );
    expect(thrown(() => resolve({ text: 'body', id: 'id', sink: { uri: 'x' } })).message).toContain('`sink:` must be a mapping with a `type:` key');
  });
});
