/** The vector-sink layer: external vector stores mirroring `<model>_embeddings`, and the sync that keeps them current. */
import { embeddingsTableName } from '../embeddingsTable.js';
import { KilnError } from '../../errors.js';
import { didYouMean } from '../../project/suggest.js';
import { openLanceDbSink } from './lancedb.js';
import type { VectorSink } from './types.js';

export type { SinkSyncStats, VectorRow, VectorSink, VectorSource } from './types.js';
export { syncVectorSink, planSinkSync, SINK_SYNC_DEFAULT_BATCH_SIZE, type SinkPlan, type SyncVectorSinkOptions } from './sync.js';
export {
  openLanceDbSink,
  resolveLanceDbUri,
  lanceDbStringLiteral,
  lanceDbIdPredicates,
  LANCEDB_INSTALL_COMMAND,
  LANCEDB_DELETE_CHUNK,
  type LanceDbSinkOptions,
} from './lancedb.js';

export const SINK_TYPES = ['lancedb'] as const;
export type SinkType = (typeof SINK_TYPES)[number];

/** A model's `embed.sink:` mapping, as written (snake_case keys). */
export interface VectorSinkConfig {
  type: string;
  [key: string]: unknown;
}

export interface VectorSinkContext {
  projectDir: string;
  /** The embedding dimensions; a sink's vector column is fixed to it. */
  dimensions: number;
  /** The file that configured the sink, for error messages. */
  file: string;
  /** The kiln model whose embeddings the sink mirrors (names the default table). */
  model: string;
}

export const LANCEDB_DEFAULT_URI = 'target/lancedb';
const LANCEDB_KEYS = ['type', 'uri', 'table'] as const;

export async function openVectorSink(config: VectorSinkConfig, ctx: VectorSinkContext): Promise<VectorSink> {
  switch (config.type) {
    case 'lancedb': {
      checkKeys(config, LANCEDB_KEYS, ctx.file);
      return openLanceDbSink({
        uri: stringKey(config, 'uri', ctx.file) ?? LANCEDB_DEFAULT_URI,
        table: stringKey(config, 'table', ctx.file) ?? embeddingsTableName(ctx.model),
        dimensions: ctx.dimensions,
        projectDir: ctx.projectDir,
        file: ctx.file,
      });
    }
    default: {
      const suggestion = didYouMean(String(config.type), SINK_TYPES);
      throw new KilnError(`unknown vector sink type '${String(config.type)}'`, {
        file: ctx.file,
        hint: `${suggestion ? `${suggestion} ` : ''}supported sink types: ${SINK_TYPES.join(', ')}`,
      });
    }
  }
}

function checkKeys(config: VectorSinkConfig, allowed: readonly string[], file: string): void {
  const unknown = Object.keys(config).filter((key) => !allowed.includes(key));
  if (unknown.length === 0) return;
  const suggestions = unknown
    .map((key) => [key, didYouMean(key, allowed)] as const)
    .filter(([, suggestion]) => suggestion)
    .map(([key, suggestion]) => `'${key}': ${suggestion}`);
  throw new KilnError(
    `unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `'${k}'`).join(', ')} in the ${config.type} sink config`,
    {
      file,
      hint: [...suggestions, `a ${config.type} sink takes ${allowed.map((k) => `'${k}'`).join(', ')}`].join('; '),
    },
  );
}

function stringKey(config: VectorSinkConfig, key: string, file: string): string | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KilnError(`the ${config.type} sink key '${key}' must be a non-empty string`, { file });
  }
  return value;
}
