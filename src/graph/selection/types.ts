/**
 * Types of the selection stage: the parsed --select/--exclude/--selector
 * grammar (a small tree of set operations over criteria) and its input.
 * Semantics follow dbt's "Node selection syntax" documentation.
 */
import type { Manifest } from '../../project/nodes.js';

/** How tests attached to selected nodes join the selection (dbt's --indirect-selection). */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

/** One `method.arg:value` criterion with its graph operators, e.g. `2+tag:nightly+1`. */
export interface SelectionCriterion {
  kind: 'criterion';
  /** The text it came from (for warnings and errors). */
  raw: string;
  /** `fqn`, `tag`, `path`, `config`, … (bare names resolve to `fqn`, `path` or `file`). */
  method: string;
  /** The dotted part after the method: `config.meta.owner` → ['meta', 'owner']. */
  args: string[];
  value: string;
  /** `+x`: include ancestors; `parentsDepth` limits how far (undefined = all). */
  parents: boolean;
  parentsDepth?: number;
  /** `x+`: include descendants; `childrenDepth` limits how far. */
  children: boolean;
  childrenDepth?: number;
  /** `@x`: descendants and all ancestors of those descendants. */
  childrensParents: boolean;
  /** Set by a YAML selector's `indirect_selection:`; otherwise the input's mode applies. */
  indirectSelection?: IndirectSelection;
}

export interface SelectionSetOperation {
  kind: 'union' | 'intersection';
  components: SelectionSpec[];
  /** Warn when this set is empty (true for each space-separated CLI argument). */
  expectExists: boolean;
  raw?: string;
}

/** `components[0]` minus `components[1]` (`--exclude`, YAML `exclude:`). */
export interface SelectionDifference {
  kind: 'difference';
  components: [SelectionSpec, SelectionSpec];
  raw?: string;
}

/** A reference to another selector in selectors.yml (`method: selector` / `selector: name`). */
export interface SelectorReference {
  kind: 'selector';
  name: string;
  raw: string;
}

export type SelectionSpec = SelectionCriterion | SelectionSetOperation | SelectionDifference | SelectorReference;

/** One entry of selectors.yml. */
export interface SelectorDefinition {
  name: string;
  description?: string;
  default: boolean;
  definition: SelectionSpec;
  /** 1-based line of the entry in its file. */
  line?: number;
}

/** A parsed selectors.yml. */
export interface SelectorsFile {
  file: string;
  selectors: Record<string, SelectorDefinition>;
}

/** A previous run's result, as in run_results.json. */
export interface PreviousResult {
  unique_id: string;
  status: string;
}

export interface SelectionInput {
  manifest: Manifest;
  /** Each CLI argument; one argument may hold several space-separated criteria. */
  select?: string[];
  exclude?: string[];
  /** A selector name from selectors.yml (`--selector`); --select/--exclude are then ignored. */
  selector?: string;
  selectors?: SelectorsFile;
  /** The --state manifest, for `state:` criteria. */
  state?: Manifest;
  /** run_results.json of a previous run, for `result:<status>`. */
  previousResults?: PreviousResult[];
  /** Used when select is empty and no `default: true` selector applies; else everything is selected. */
  defaultSelect?: string[];
  rootPackage: string;
  /** Restrict the output to these resource types (e.g. ['model','seed','snapshot'] for run). */
  resourceTypes?: string[];
  indirectSelection?: IndirectSelection;
}

export interface SelectionResult {
  selected: Set<string>;
  /** "The selection criterion 'x' does not match any enabled nodes", and similar notes for the CLI. */
  warnings: string[];
}
