/**
 * AST nodes for Jinja constructs nunjucks has no node for. They are
 * subclasses of nunjucks nodes, so the nunjucks transformer can walk them.
 * The transformer rebuilds a changed node via `nodes[typename]`, so the new
 * types are also registered on the shared nunjucks `nodes` module: adding
 * new, kiln-prefixed names is idempotent and changes no existing behaviour.
 */
import { njNodes, type NjNode } from './nunjucks-internals.js';

type NodeClass = new (lineno: number, colno: number, ...fields: NjNode[]) => NjNode;

function defineNode(name: string, base: NjNode, props?: Record<string, unknown>): NodeClass {
  if (!njNodes[name]) njNodes[name] = base.extend(name, props);
  return njNodes[name] as NodeClass;
}

/** `{% do expr %}` */
export const DoNode = defineNode('JinjaDo', njNodes.Node, { fields: ['expr'] });
/** `{% break %}` */
export const BreakNode = defineNode('JinjaBreak', njNodes.Node, { fields: [] });
/** `{% continue %}` */
export const ContinueNode = defineNode('JinjaContinue', njNodes.Node, { fields: [] });
/** `start:stop:step` inside a subscript. */
export const SliceNode = defineNode('JinjaSlice', njNodes.Node, { fields: ['start', 'stop', 'step'] });
/** `(a, b)` / `a, b`: a Python tuple, not JavaScript's comma operator. */
export const TupleNode = defineNode('JinjaTuple', njNodes.NodeList);
/** `obj.name` (attribute access), as distinct from `obj[key]` (nunjucks LookupVal). */
export const GetattrNode = defineNode('JinjaGetattr', njNodes.LookupVal);
/** A call that may carry `*args` and `**kwargs` splats. */
export const CallNode = defineNode('JinjaCall', njNodes.FunCall, { fields: ['name', 'args', 'dynArgs', 'dynKwargs'] });
/** `{% for target in iter if test %}` */
export const ForNode = defineNode('JinjaFor', njNodes.For, { fields: ['arr', 'name', 'body', 'else_', 'test'] });
/** `{% set target = value %}` with a name, a tuple of names or `ns.attr` as target. */
export const SetNode = defineNode('JinjaSet', njNodes.Node, { fields: ['target', 'value'] });
/** `ns.attr` as an assignment target. */
export const NamespaceRefNode = defineNode('JinjaNamespaceRef', njNodes.Node, { fields: ['name', 'attr'] });
/** `value is test(args)`; `name` is the test's name as a string. */
export const TestNode = defineNode('JinjaTest', njNodes.Node, { fields: ['target', 'name', 'args'] });
/** `{% with a = 1 %}…{% endwith %}` */
export const WithNode = defineNode('JinjaWith', njNodes.Node, { fields: ['targets', 'values', 'body'] });
