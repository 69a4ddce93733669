/**
 * Write-audit-publish: the selected models, seeds and snapshots are built into an audit
 * schema beside their own (`<schema>_audit`), their tests run there, and only when every
 * error-severity test passed are the audited relations published, all in one transaction:
 * tables copied over the published ones, views created again over the published relations.
 * A failure publishes nothing and keeps the audit relations for inspection. Incremental models
 * and snapshots start their audit copy from the published table, so they audit what they add.
 */
import type { Session } from '../compile/session.js';
import type { Adapter, RelationRef } from '../adapters/types.js';
import type { ManifestNode } from '../project/nodes.js';

/** Tables kiln keeps beside a model and publishes with it: its change state and its vectors. */
const COMPANIONS = ['__kiln_state', '_embeddings'];

export interface AuditedNode {
  node: ManifestNode;
  published: RelationRef;
  audit: RelationRef;
  kind: 'table' | 'view';
  /** Its audit copy starts from the published table (incremental models, snapshots). */
  carriesOver: boolean;
}

export interface AuditPlan {
  nodes: AuditedNode[];
  schemas: string[];
}

export const auditSchemaOf = (schema: string): string => `${schema}_audit`;

/** Point the selected buildable nodes at their audit relations; refs to them then resolve there too. */
export function planAudit(session: Session, ids: string[]): AuditPlan {
  const nodes: AuditedNode[] = [];
  for (const id of ids) {
    const node = session.manifest.nodes[id];
    if (!node || !['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    const published = { database: node.database, schema: node.schema, identifier: node.alias };
    const audit = { ...published, schema: auditSchemaOf(node.schema) };
    nodes.push({ node, published, audit, kind: node.config.materialized === 'view' ? 'view' : 'table', carriesOver: node.config.materialized === 'incremental' || node.resource_type === 'snapshot' });
    pointAt(session, node, audit);
  }
  const schemas = [...new Set(nodes.map((n) => `${n.audit.database}\u0000${n.audit.schema}`))];
  return { nodes, schemas };
}

/** Create the audit schemas and carry the published tables of incremental models and snapshots over. */
export async function prepareAudit(adapter: Adapter, plan: AuditPlan): Promise<void> {
  const { dialect, connection } = adapter;
  const statements = plan.schemas.map((key) => {
    const [database, schema] = key.split('\u0000') as [string, string];
    return dialect.createSchemaSql(database, schema);
  });
  const present = relationsIn(adapter);
  for (const audited of plan.nodes.filter((n) => n.carriesOver)) {
    for (const identifier of await withCompanions(audited.published, present)) {
      statements.push(dialect.createTableAsSql({ ...audited.audit, identifier }, `select * from ${dialect.renderRelation({ ...audited.published, identifier })}`, ownConfig(audited, identifier)));
    }
  }
  await connection.execute(statements, { fetch: false, transaction: true });
}

/** Swap every audited relation into place in one transaction, then drop the audit copies. */
export async function publishAudit(session: Session, adapter: Adapter, plan: AuditPlan): Promise<void> {
  const { dialect, connection } = adapter;
  restoreAudit(session, plan);
  const tables: string[] = [];
  const views: string[] = [];
  const tableDrops: string[] = [];
  const viewDrops: string[] = [];
  const present = relationsIn(adapter);
  for (const audited of plan.nodes) {
    if (audited.kind === 'view') {
      // A view is SQL, not data: created again over the published relations, once the tables are in place.
      views.push(dialect.createViewAsSql(audited.published, session.compiler.compile(audited.node).sql, { config: audited.node.config }));
      viewDrops.push(dialect.dropRelationSql({ ...audited.audit, type: 'view' }));
      continue;
    }
    for (const identifier of await withCompanions(audited.audit, present)) {
      tables.push(dialect.createTableAsSql({ ...audited.published, identifier }, `select * from ${dialect.renderRelation({ ...audited.audit, identifier })}`, ownConfig(audited, identifier)));
      tableDrops.push(dialect.dropRelationSql({ ...audited.audit, identifier, type: 'table' }));
    }
  }
  // Audit views go before the audit tables they may select from.
  await connection.execute([...tables, ...views, ...viewDrops, ...tableDrops], { fetch: false, transaction: true });
}

/** The identifiers (lower-cased) in a schema, listed once per schema however many nodes ask. */
/** The node's config for its own table; its companions (`__kiln_state`, `_embeddings`) have columns of their own and get none. */
function ownConfig(audited: AuditedNode, identifier: string): { config?: ManifestNode['config'] } {
  return identifier === audited.published.identifier ? { config: audited.node.config } : {};
}

function relationsIn(adapter: Adapter): (relation: RelationRef) => Promise<Set<string>> {
  const listed = new Map<string, Promise<Set<string>>>();
  return ({ database, schema }) => {
    const key = `${database}\u0000${schema}`;
    let names = listed.get(key);
    if (!names) listed.set(key, (names = adapter.connection.listRelations(database, schema).then((rs) => new Set(rs.map((r) => r.identifier.toLowerCase())))));
    return names;
  };
}

/** The relation and the companions kiln keeps beside it, as far as they exist. */
async function withCompanions(relation: RelationRef, present: (relation: RelationRef) => Promise<Set<string>>): Promise<string[]> {
  const names = await present(relation);
  return ['', ...COMPANIONS].map((suffix) => relation.identifier + suffix).filter((identifier) => names.has(identifier.toLowerCase()));
}

/** Point the nodes back at their published relations (after publishing, or when the audit failed). */
export function restoreAudit(session: Session, plan: AuditPlan): void {
  for (const audited of plan.nodes) pointAt(session, audited.node, audited.published);
}

function pointAt(session: Session, node: ManifestNode, relation: RelationRef): void {
  node.schema = relation.schema;
  node.relation_name = session.dialect.renderRelation({ database: relation.database, schema: relation.schema, identifier: relation.identifier });
}
