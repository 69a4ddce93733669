/** Where a model's vectors live: the table `<model>_embeddings` beside it (see embedStep.ts). */
export const EMBEDDINGS_SUFFIX = '_embeddings';

export function embeddingsTableName(model: string): string {
  return `${model}${EMBEDDINGS_SUFFIX}`;
}
