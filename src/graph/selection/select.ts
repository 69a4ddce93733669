/**
 * Evaluate a selection spec over the graph, after dbt's NodeSelector:
 * each criterion collects its members, adds graph neighbours (+, n+, @), then
 * pulls in attached tests per the indirect-selection mode; set operations
 * combine the results and re-check tests held back ("indirect") by cautious
 * or buildable mode.
 */
import { KilnError } from '../../errors.js';
import { didYouMean } from '../../project/suggest.js';
import {
  allIn,
  ancestors,
  descendants,
  emptySet,
  graphIndex,
  intersectSets,
  isEmptySet,
  subtractSets,
  unionSets,
  type GraphIndex,
  type NodeSet,
} from './graph-index.js';
import { searchMethod, type MethodContext } from './methods.js';
import { parseCriterion, parseUnion } from './parse.js';
import { defaultSelector } from './selectors-file.js';
import type {
  IndirectSelection,
  SelectionCriterion,
  SelectionInput,
  SelectionResult,
  SelectionSpec,
} from './types.js';

interface Evaluated {
  direct: NodeSet;
  /** Tests whose parents are only partly selected (cautious/buildable), kept for later set operations. */
  indirect: NodeSet;
}

/** dbt's DEFAULT_INCLUDES: what "no --select" means. */
const EVERYTHING = ['fqn:*', 'source:*', 'exposure:*', 'metric:*', 'semantic_model:*', 'saved_query:*', 'unit_test:*'];

function everythingSpec(): SelectionSpec {
  return { kind: 'union', components: EVERYTHING.map((c) => parseCriterion(c)), expectExists: false, raw: '*' };
}

class SelectionEvaluator {
  readonly warnings: string[] = [];
  private readonly methodContext: MethodContext;
  private readonly size: number;

  constructor(
    private readonly index: GraphIndex,
    private readonly input: SelectionInput,
  ) {
    this.size = index.size;
    this.methodContext = {
      index,
      manifest: input.manifest,
      state: input.state,
      previousResults: input.previousResults,
      rootPackage: input.rootPackage,
    };
  }

  /** dbt's expand_selection: tests whose parents are (partly) selected. */
  private expandSelection(selected: NodeSet, mode: IndirectSelection): Evaluated {
    const { index, size } = this;
    const direct = Uint8Array.from(selected);
    const indirect = emptySet(index);
    // Everything selected (no --select): no test is left to select through its parents.
    if (!selected.includes(0)) return { direct, indirect };
    const visited = emptySet(index);
    let selectedAndParents: NodeSet | undefined;
    for (let i = 0; i < size; i++) {
      if (!selected[i]) continue;
      const children = index.children[i]!;
      for (let k = 0; k < children.length; k++) {
        const child = children[k]!;
        if (visited[child] || selected[child]) continue;
        visited[child] = 1;
        if (!index.entries[child]!.indirectlySelectable) continue;
        const parents = index.parents[child]!;
        if (mode === 'eager' || allIn(parents, selected)) {
          direct[child] = 1;
        } else if (mode === 'buildable') {
          if (!selectedAndParents) {
            selectedAndParents = unionSets(size, [selected, ancestors(index, selected)]);
            for (const source of index.byCategory.get('source') ?? []) selectedAndParents[source.index] = 1;
          }
          if (allIn(parents, selectedAndParents)) direct[child] = 1;
          else indirect[child] = 1;
        } else {
          indirect[child] = 1;
        }
      }
    }
    return { direct, indirect };
  }

  /** dbt's incorporate_indirect_nodes: held-back tests whose parents are now all selected. */
  private incorporateIndirect(direct: NodeSet, indirect: NodeSet, mode: IndirectSelection): NodeSet {
    if ((mode !== 'cautious' && mode !== 'buildable') || isEmptySet(indirect)) return direct;
    const selected = Uint8Array.from(direct);
    const pool = mode === 'cautious' ? direct : unionSets(this.size, [direct, ancestors(this.index, direct)]);
    for (let i = 0; i < this.size; i++) {
      if (indirect[i] && !selected[i] && allIn(this.index.parents[i]!, pool)) selected[i] = 1;
    }
    return selected;
  }

  private evaluateCriterion(c: SelectionCriterion, inherited: IndirectSelection): Evaluated {
    const mode = c.indirectSelection ?? inherited;
    const collected = searchMethod(c, this.methodContext);
    const parts = [collected];
    if (c.childrensParents) {
      const down = unionSets(this.size, [collected, descendants(this.index, collected)]);
      parts.push(down, ancestors(this.index, down));
    }
    if (c.parents) parts.push(ancestors(this.index, collected, c.parentsDepth));
    if (c.children) parts.push(descendants(this.index, collected, c.childrenDepth));
    const selected = parts.length === 1 ? collected : unionSets(this.size, parts);
    if (mode === 'empty') return { direct: selected, indirect: emptySet(this.index) };
    return this.expandSelection(selected, mode);
  }

  evaluate(spec: SelectionSpec, mode: IndirectSelection, resolving: string[] = []): Evaluated {
    switch (spec.kind) {
      case 'criterion':
        return this.evaluateCriterion(spec, mode);
      case 'selector':
        return this.evaluate(this.selectorDefinition(spec.name, resolving), mode, [...resolving, spec.name]);
      default: {
        const parts =
          spec.kind === 'difference'
            ? // dbt evaluates --exclude with eager indirect selection: excluding a model excludes its tests.
              [this.evaluate(spec.components[0], mode, resolving), this.evaluate(spec.components[1], 'eager', resolving)]
            : spec.components.map((component) => this.evaluate(component, mode, resolving));
        const directs = parts.map((p) => p.direct);
        const withIndirect = parts.map((p) => unionSets(this.size, [p.direct, p.indirect]));
        let direct: NodeSet;
        let indirect: NodeSet;
        if (spec.kind === 'union') {
          direct = parts.length === 1 ? directs[0]! : unionSets(this.size, directs);
          indirect = unionSets(this.size, withIndirect);
        } else if (spec.kind === 'intersection') {
          direct = parts.length === 1 ? directs[0]! : intersectSets(this.size, directs);
          indirect = intersectSets(this.size, withIndirect);
        } else {
          direct = subtractSets(directs[0]!, directs[1]!);
          indirect = subtractSets(withIndirect[0]!, withIndirect[1]!);
        }
        direct = this.incorporateIndirect(direct, indirect, mode);
        if (spec.kind !== 'difference' && spec.expectExists && isEmptySet(direct)) {
          this.warnings.push(`The selection criterion '${spec.raw ?? ''}' does not match any enabled nodes`);
        }
        return { direct, indirect };
      }
    }
  }

  selectorDefinition(name: string, resolving: string[] = []): SelectionSpec {
    const file = this.input.selectors;
    const selector = file?.selectors[name];
    if (!selector) {
      const names = Object.keys(file?.selectors ?? {});
      const hint = didYouMean(name, names);
      throw new KilnError(`Could not find a selector named '${name}'`, {
        file: file?.file,
        hint: hint
          ? `${hint[0]!.toUpperCase()}${hint.slice(1)}`
          : names.length > 0
            ? `Defined selectors: ${names.join(', ')}.`
            : 'Define it under `selectors:` in selectors.yml.',
      });
    }
    if (resolving.includes(name)) {
      throw new KilnError(`Selectors refer to each other in a cycle: ${[...resolving, name].join(' -> ')}`, {
        file: file?.file,
        line: selector.line,
      });
    }
    return selector.definition;
  }
}

function nonEmpty(list: string[] | undefined): list is string[] {
  return list !== undefined && list.some((s) => s.trim() !== '');
}

/** Which spec the input asks for, after dbt's get_selection_spec. */
function specFor(input: SelectionInput, evaluator: SelectionEvaluator): { spec: SelectionSpec; resolving: string[] } {
  if (input.selector !== undefined) {
    if (nonEmpty(input.select) || nonEmpty(input.exclude)) {
      evaluator.warnings.push(`--select and --exclude are ignored when --selector '${input.selector}' is given`);
    }
    return { spec: evaluator.selectorDefinition(input.selector), resolving: [input.selector] };
  }
  const select = nonEmpty(input.select) ? input.select : undefined;
  const exclude = nonEmpty(input.exclude) ? input.exclude : undefined;
  if (!select && !exclude) {
    const fallback = defaultSelector(input.selectors);
    if (fallback) return { spec: fallback.definition, resolving: [fallback.name] };
  }
  const included = select ? parseUnion(select) : nonEmpty(input.defaultSelect) ? parseUnion(input.defaultSelect) : everythingSpec();
  if (!exclude) return { spec: included, resolving: [] };
  return { spec: { kind: 'difference', components: [included, parseUnion(exclude)] }, resolving: [] };
}

export function selectNodesWithWarnings(input: SelectionInput): SelectionResult {
  const index = graphIndex(input.manifest);
  const evaluator = new SelectionEvaluator(index, input);
  const { spec, resolving } = specFor(input, evaluator);
  const mode = input.indirectSelection ?? 'eager';
  const { direct } = evaluator.evaluate(spec, mode, resolving);
  const types = input.resourceTypes ? new Set(input.resourceTypes) : undefined;
  const selected = new Set<string>();
  for (let i = 0; i < index.size; i++) {
    if (!direct[i]) continue;
    const entry = index.entries[i]!;
    if (types) {
      const type = (entry.member as { resource_type?: string }).resource_type;
      if (!((type !== undefined && types.has(type)) || (entry.category === 'unit_test' && types.has('unit_test')))) continue;
    }
    selected.add(entry.id);
  }
  return { selected, warnings: evaluator.warnings };
}

export function selectNodes(input: SelectionInput): Set<string> {
  return selectNodesWithWarnings(input).selected;
}
