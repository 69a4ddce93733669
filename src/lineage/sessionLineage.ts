/**
 * Lineage for a session's project: compile what lineage reads, resolve it, and keep it on
 * the manifest nodes, so manifest.json, `kiln lineage` and the docs site all carry the same.
 */
import type { Session } from '../compile/session.js';
import type { ManifestNode } from '../project/nodes.js';
import { projectLineage, type NodeLineage } from './projectLineage.js';

export async function attachLineage(session: Session, catalogColumns?: Map<string, string[]>): Promise<Map<string, NodeLineage>> {
  const compiledSql = (node: ManifestNode): string | Error => {
    try {
      if (node.compiled_code !== undefined && node.resource_type !== 'snapshot') return node.compiled_code;
      const code = node.resource_type === 'snapshot' ? node.block_body ?? node.raw_code : undefined;
      return session.compiler.compile(node, code === undefined ? {} : { code }).sql;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const lineage = await projectLineage({ manifest: session.manifest, compiledSql, catalogColumns });
  for (const [id, record] of lineage) {
    const node = session.manifest.nodes[id];
    if (node) node.lineage = record;
  }
  return lineage;
}
