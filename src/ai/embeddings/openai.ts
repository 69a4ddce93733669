/**
 * Any service that speaks OpenAI's `POST {base_url}/embeddings`: OpenAI itself,
 * Azure's v1 endpoint, Ollama, vLLM, Hugging Face TEI. Transient failures (429,
 * 5xx, dropped connections, timeouts) are retried with capped exponential backoff
 * and full jitter, honouring Retry-After; anything else fails at once with the
 * service's own message. The API key is read once and never appears in an error.
 */
import { isAscii } from 'node:buffer';
import { endianness } from 'node:os';
import { KilnError } from '../../errors.js';
import { KILN_VERSION } from '../../version.js';
import type { EmbedConfig, EmbeddingProvider } from './types.js';

export interface OpenAiCompatibleEmbedderOptions {
  /** Where the key is read from; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Send `dimensions` in the request (for models that can shorten their vectors, like text-embedding-3-*). */
  sendDimensions?: boolean;
  /**
   * `float` (the default, understood by every compatible server) or `base64`: a third of
   * the bytes and ~10x cheaper to decode, for servers that support it (OpenAI, vLLM).
   */
  encodingFormat?: 'float' | 'base64';
  /** First backoff step and the cap of any wait, Retry-After included; 500 ms and 30 s by default. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Jitter source, injectable so tests can pin it. */
  random?: () => number;
}

type OpenAiEmbedConfig = Pick<EmbedConfig, 'model' | 'dimensions' | 'maxRetries' | 'timeoutS' | 'baseUrl' | 'apiKeyEnv' | 'encodingFormat'>;

/** What one attempt came to when it is worth another. */
interface RetryableFailure {
  /** `last status 503 (…)` or `last error: timeout after 30s`. */
  summary: string;
  retryAfterMs?: number;
}

/** The reason our own per-attempt timer aborts with, to tell it from the caller's abort. */
const ATTEMPT_TIMEOUT = Symbol('attempt timeout');

/** Network errors a retry won't cure (no such host, a bad URL, a certificate problem); all others are retried. */
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_TYPE', 'UND_ERR_INVALID_ARG']);
function isPermanentNetworkCode(code: string | undefined): boolean {
  return code !== undefined && (PERMANENT_NETWORK_CODES.has(code) || code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'));
}

export class OpenAiCompatibleEmbedder implements EmbeddingProvider {
  readonly name = 'openai';
  readonly model: string;
  readonly dimensions: number;
  readonly counters = { requests: 0, retries: 0 };
  readonly endpoint: string;
  private readonly baseUrl: string;
  private readonly apiKeyEnv: string;
  private readonly maxRetries: number;
  private readonly timeoutS: number;
  private readonly sendDimensions: boolean;
  private readonly encodingFormat: 'float' | 'base64';
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly random: () => number;
  /** Kept private and out of every message; see scrub(). */
  readonly #apiKey: string | undefined;

  constructor(config: OpenAiEmbedConfig, options: OpenAiCompatibleEmbedderOptions = {}) {
    this.model = config.model;
    this.dimensions = config.dimensions;
    this.baseUrl = (config.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
    this.endpoint = `${this.baseUrl}/embeddings`;
    this.apiKeyEnv = config.apiKeyEnv ?? 'OPENAI_API_KEY';
    this.maxRetries = config.maxRetries;
    this.timeoutS = config.timeoutS;
    this.sendDimensions = options.sendDimensions ?? false;
    this.encodingFormat = options.encodingFormat ?? config.encodingFormat ?? 'float';
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffCapMs = options.backoffCapMs ?? 30_000;
    this.random = options.random ?? Math.random;
    const env = options.env ?? process.env;
    const key = env[this.apiKeyEnv];
    this.#apiKey = key ? key : undefined;
    // A local server (Ollama, vLLM, TEI) usually wants no key; a remote one always does.
    if (!this.#apiKey && !isLoopback(this.baseUrl)) {
      throw new KilnError(`environment variable ${this.apiKeyEnv} is not set`, {
        hint: `the embedding service at ${this.baseUrl} needs an API key: export ${this.apiKeyEnv}, or set api_key_env: to the variable that holds it`,
      });
    }
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    const out = new Array<Float32Array>(texts.length);
    // OpenAI rejects an empty input string with a 400; an empty text gets the zero vector, as locally.
    const sent: number[] = [];
    for (let i = 0; i < texts.length; i++) {
      if (texts[i]!.length === 0) out[i] = new Float32Array(this.dimensions);
      else sent.push(i);
    }
    if (sent.length === 0) return out;
    const input = sent.length === texts.length ? texts : sent.map((i) => texts[i]!);
    const body = JSON.stringify({ model: this.model, input, encoding_format: this.encodingFormat, ...(this.sendDimensions ? { dimensions: this.dimensions } : {}) });
    const vectors = await this.request(body, input.length, signal);
    for (let j = 0; j < sent.length; j++) out[sent[j]!] = vectors[j]!;
    return out;
  }

  /** One logical request: up to 1 + maxRetries attempts. */
  private async request(body: string, expected: number, signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const attempts = this.maxRetries + 1;
    let last: RetryableFailure | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        this.counters.retries++;
        await sleep(this.delayBefore(attempt - 1, last?.retryAfterMs), signal);
      }
      this.counters.requests++;
      const result = await this.attempt(body, expected, signal);
      if (Array.isArray(result)) return result;
      last = result;
    }
    throw new KilnError(`embedding request to ${this.endpoint} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last!.summary}`, {
      hint: `the service kept failing; raise max_retries: (now ${this.maxRetries}) or timeout_s: (now ${this.timeoutS}) in the embed: config, or lower concurrency: if it is rate limiting`,
    });
  }

  /** Full jitter: a uniform wait in [0, min(cap, base·2^(n-1))]; a server's Retry-After wins, capped too. */
  private delayBefore(retry: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(this.backoffCapMs, retryAfterMs);
    return this.random() * Math.min(this.backoffCapMs, this.backoffBaseMs * 2 ** (retry - 1));
  }

  private async attempt(body: string, expected: number, signal: AbortSignal | undefined): Promise<Float32Array[] | RetryableFailure> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(ATTEMPT_TIMEOUT), this.timeoutS * 1000);
    const forwardAbort = (): void => controller.abort(signal!.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': `kiln/${KILN_VERSION}` };
    if (this.#apiKey) headers['authorization'] = `Bearer ${this.#apiKey}`;
    let status: number;
    let text: string;
    let response: Response;
    try {
      // The timer covers reading the body too: a server that stalls mid-answer is a timeout.
      response = await fetch(this.endpoint, { method: 'POST', headers, body, signal: controller.signal });
      status = response.status;
      text = decodeBody(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.reason === ATTEMPT_TIMEOUT) return { summary: `last error: timeout after ${this.timeoutS}s` };
      const { code, description } = describeNetworkError(error);
      if (isPermanentNetworkCode(code) || description === 'bad port') {
        throw new KilnError(`embedding request to ${this.endpoint} failed: ${this.scrub(description)}`, { hint: 'check base_url: in the embed: config', cause: error });
      }
      return { summary: `last error: ${this.scrub(description)}` };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }

    if (status === 429 || (status >= 500 && status <= 599)) {
      return { summary: `last status ${status} (${this.shortBody(text)})`, retryAfterMs: retryAfterOf(response.headers) };
    }
    if (status < 200 || status > 299) {
      throw new KilnError(`embedding request to ${this.endpoint} failed: status ${status} (${this.shortBody(text)})`, { hint: this.hintForStatus(status) });
    }
    return this.parseVectors(text, expected);
  }

  private parseVectors(text: string, expected: number): Float32Array[] {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new KilnError(`embedding service at ${this.endpoint} answered with something that is not JSON: ${this.shortBody(text)}`, {
        hint: 'check base_url: points at an OpenAI-compatible API (it usually ends in /v1)',
      });
    }
    const data = (json as { data?: unknown } | null)?.data;
    if (!Array.isArray(data) || data.length !== expected) {
      throw new KilnError(
        `embedding service at ${this.endpoint} returned ${Array.isArray(data) ? `${data.length} embeddings for ${expected} texts` : 'no `data` list'}`,
        { hint: 'check base_url: points at an OpenAI-compatible API (it usually ends in /v1)' },
      );
    }
    const out = new Array<Float32Array>(expected);
    for (let position = 0; position < data.length; position++) {
      const item = data[position] as { index?: unknown; embedding?: unknown } | null;
      // Order by `index` when given (OpenAI may answer out of order), else by position.
      const index = typeof item?.index === 'number' ? item.index : position;
      const vector = toVector(item?.embedding);
      if (!Number.isInteger(index) || index < 0 || index >= expected || out[index] || !vector) {
        throw new KilnError(`embedding service at ${this.endpoint} returned a malformed item at position ${position}`, {
          hint: 'each item of `data` needs an `index` and an `embedding` list of numbers',
        });
      }
      if (vector.length !== this.dimensions) {
        throw new KilnError(`embedding model '${this.model}' returned ${vector.length} dimensions, but the embed: config says ${this.dimensions}`, {
          hint: `set dimensions: ${vector.length} in the embed: config (or in var 'kiln_ai_embedding')`,
        });
      }
      out[index] = vector;
    }
    return out;
  }

  private hintForStatus(status: number): string | undefined {
    if (status === 401 || status === 403) return `check the API key in environment variable ${this.apiKeyEnv}`;
    if (status === 404) return `check base_url: (now ${this.baseUrl}) and model: (now '${this.model}')`;
    if (status === 400 || status === 422) return 'the service refused the request; its message says why (too long a text, an unknown model, …)';
    return undefined;
  }

  /** The service's own error message if it sent one, else the start of the body; one line, short, key removed. */
  private shortBody(text: string): string {
    let message = text;
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const error = json['error'];
      const candidate =
        typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['message'] : error ?? json['message'] ?? json['detail'];
      if (typeof candidate === 'string') message = candidate;
    } catch {
      // not JSON: quote the text
    }
    message = this.scrub(message.replace(/\s+/g, ' ').trim());
    if (!message) return 'empty body';
    return message.length > 200 ? `${message.slice(0, 197)}...` : message;
  }

  private scrub(text: string): string {
    const key = this.#apiKey;
    return key && key.length >= 4 ? text.split(key).join('***') : text;
  }
}

export function isLoopback(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Milliseconds to wait from `retry-after-ms` (OpenAI, Azure) or `Retry-After` (seconds or an HTTP date). */
export function retryAfterOf(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms.trim());
  return parseRetryAfter(headers.get('retry-after'), now);
}

export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A list of numbers, or base64 float32 (what a server sends if it ignores encoding_format). */
function toVector(embedding: unknown): Float32Array | undefined {
  if (Array.isArray(embedding)) {
    const vector = new Float32Array(embedding.length);
    for (let i = 0; i < embedding.length; i++) {
      const v = embedding[i];
      if (typeof v !== 'number') return undefined;
      vector[i] = v;
    }
    return vector;
  }
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length % 4 !== 0) return undefined;
    if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const vector = new Float32Array(bytes.length / 4);
    for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
    return vector;
  }
  return undefined;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** A megabyte of float JSON is ASCII: latin1 decodes it about twice as fast as UTF-8 (response.text()). */
function decodeBody(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString(isAscii(buffer) ? 'latin1' : 'utf8');
}

/** undici reports `TypeError: fetch failed` with the socket error as its cause. */
function describeNetworkError(error: unknown): { code?: string; description: string } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (typeof code === 'string') return { code, description: message.includes(code) ? message : `${code} (${message})` };
  return { description: message };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
