/** A model's `embed:` config, run after the model builds: its vectors, counted in the node's result. */
import type { EmbeddingResponse } from '../artifacts/runResults.js';
import { runEmbeddingStep } from '../ai/embedStep.js';
import type { MaterializationContext, MaterializationResult } from '../materializations/context.js';

export async function embedModelRows(ctx: MaterializationContext, built: MaterializationResult): Promise<MaterializationResult> {
  const { node } = ctx;
  const file = node.original_file_path;
  // The config's checks are built on zod, loaded only by runs that embed.
  const { DEFAULTS_VAR, resolveEmbedConfig } = await import('../ai/embeddings/config.js');
  const config = resolveEmbedConfig(node.config['embed'], ctx.runtime.varValue(node.package_name, DEFAULTS_VAR), { file, model: node.name });
  const { stats, sql } = await runEmbeddingStep({
    adapter: ctx.adapter,
    tag: ctx.tag,
    model: ctx.target,
    modelName: node.name,
    config,
    file,
    projectDir: ctx.runtime.project.root,
    progress: (message) => ctx.reporter.progress(message),
  });
  const embedding: EmbeddingResponse = {
    rows_embedded: stats.embedded,
    rows_skipped: stats.skipped,
    rows_deleted: stats.deleted,
    requests: stats.requests,
    retries: stats.retries,
    seconds: Number(stats.seconds.toFixed(3)),
    ...(stats.sink ? { sink: { name: stats.sink.name, upserted: stats.sink.upserted, deleted: stats.sink.deleted, unchanged: stats.sink.unchanged } } : {}),
  };
  const parts = [`${stats.skipped} unchanged`, `${stats.deleted} deleted`];
  if (stats.requests) parts.push(`${stats.requests} request${stats.requests === 1 ? '' : 's'}`, `${stats.retries} retr${stats.retries === 1 ? 'y' : 'ies'}`);
  const sink = stats.sink ? `; ${stats.sink.name}: ${stats.sink.upserted} upserted, ${stats.sink.deleted} deleted` : '';
  const message = `${built.message}; embedded ${stats.embedded} row${stats.embedded === 1 ? '' : 's'} (${parts.join(', ')}) in ${stats.seconds.toFixed(2)}s${sink}`;
  return { ...built, message, embedding, sql: [...built.sql, ...sql] };
}
