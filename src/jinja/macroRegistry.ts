/**
 * Every macro of every package, registered by scanning files (cheap) and compiled
 * only when first called (a project has thousands of macros; most models call few).
 */
import type { Environment } from 'nunjucks';
import { KilnError } from '../errors.js';
import type { MacroDefinition } from '../project/nodes.js';
import type { SourceFile } from '../project/types.js';
import { findBlocks, macroArgumentNames, type TemplateBlock } from './blocks.js';
import { loadMacrosFromSource } from './compat/index.js';

export type MacroFunction = (...args: unknown[]) => unknown;

export interface RegisteredMacro {
  definition: MacroDefinition;
  /** Source handed to the compiler: the block rewritten as a plain macro, padded so line numbers match the file. */
  compilable: string;
  compiled?: MacroFunction;
}

/** `{% test x(a) %}` → `{% macro test_x(a) %}`, keeping the body and line numbers. */
function asMacroSource(block: TemplateBlock, macroName: string, args: string): string {
  const closeStart = block.source.lastIndexOf('{%');
  const closeTag = block.source.slice(closeStart);
  const openTag = block.source.slice(0, closeStart - block.body.length);
  const newlinesInTag = (openTag.match(/\n/g) ?? []).length;
  const trimLeft = openTag.startsWith('{%-') ? '{%-' : '{%';
  const trimRight = openTag.endsWith('-%}') ? '-%}' : '%}';
  const closeLeft = closeTag.startsWith('{%-') ? '{%-' : '{%';
  const closeRight = closeTag.endsWith('-%}') ? '-%}' : '%}';
  return `${'\n'.repeat(block.line - 1)}${trimLeft} macro ${macroName}(${args})${'\n'.repeat(newlinesInTag)} ${trimRight}${block.body}${closeLeft} endmacro ${closeRight}`;
}

export function materializationMacroName(name: string, adapter: string): string {
  return `materialization_${name}_${adapter}`;
}

function adapterOfMaterialization(args: string): string {
  const m = /adapter\s*=\s*['"]([\w]+)['"]/.exec(args);
  if (m) return m[1]!;
  const list = /adapter\s*=\s*\[([^\]]*)\]/.exec(args);
  if (list) return list[1]!.split(',')[0]!.trim().replace(/['"]/g, '');
  return 'default';
}

export class MacroRegistry {
  /** package → macro name → macro */
  private readonly byPackage = new Map<string, Map<string, RegisteredMacro>>();

  constructor(private readonly env: Environment) {}

  packages(): string[] {
    return [...this.byPackage.keys()];
  }

  /** Register the macro-like blocks of one file. */
  addFile(packageName: string, file: SourceFile): MacroDefinition[] {
    const added: MacroDefinition[] = [];
    for (const block of findBlocks(file.contents, file.relPath)) {
      if (block.kind === 'snapshot' || block.kind === 'docs') continue;
      let name = block.name;
      let args = block.args;
      let kind: MacroDefinition['kind'] = 'macro';
      let adapter: string | undefined;
      if (block.kind === 'test') {
        name = `test_${block.name}`;
        kind = 'test';
      } else if (block.kind === 'materialization') {
        adapter = adapterOfMaterialization(block.args);
        name = materializationMacroName(block.name, adapter);
        args = '';
        kind = 'materialization';
      }
      const definition: MacroDefinition = {
        unique_id: `macro.${packageName}.${name}`,
        resource_type: 'macro',
        package_name: packageName,
        name,
        path: file.relPath,
        original_file_path: file.relPath,
        abs_path: file.absPath,
        macro_sql: block.source,
        line: block.line,
        description: '',
        arguments: macroArgumentNames(args).map((n) => ({ name: n.replace(/^\*+/, ''), type: null, description: '' })),
        meta: {},
        depends_on: { macros: [] },
        kind,
        adapter,
      };
      this.add(definition, asMacroSource(block, name, args));
      added.push(definition);
    }
    return added;
  }

  add(definition: MacroDefinition, compilable: string): void {
    let pkg = this.byPackage.get(definition.package_name);
    if (!pkg) this.byPackage.set(definition.package_name, (pkg = new Map()));
    const existing = pkg.get(definition.name);
    if (existing && existing.definition.abs_path !== definition.abs_path) {
      throw new KilnError(`macro '${definition.name}' is defined twice in package '${definition.package_name}'`, {
        file: definition.original_file_path,
        line: definition.line,
        hint: `the other definition is in ${existing.definition.original_file_path}:${existing.definition.line}; rename or remove one`,
      });
    }
    pkg.set(definition.name, { definition, compilable });
  }

  get(packageName: string, name: string): RegisteredMacro | undefined {
    return this.byPackage.get(packageName)?.get(name);
  }

  has(packageName: string, name: string): boolean {
    return this.byPackage.get(packageName)?.has(name) ?? false;
  }

  namesIn(packageName: string): string[] {
    return [...(this.byPackage.get(packageName)?.keys() ?? [])];
  }

  all(): MacroDefinition[] {
    return [...this.byPackage.values()].flatMap((m) => [...m.values()].map((r) => r.definition));
  }

  /** Compile on first use, with `context` as the scope its free names resolve in. */
  compile(macro: RegisteredMacro, context: Record<string, unknown>): MacroFunction {
    if (!macro.compiled) {
      const exported = loadMacrosFromSource(this.env, macro.compilable, macro.definition.abs_path, context);
      const fn = exported[macro.definition.name];
      if (typeof fn !== 'function') {
        throw new KilnError(`macro '${macro.definition.name}' could not be compiled`, {
          file: macro.definition.original_file_path,
          line: macro.definition.line,
        });
      }
      macro.compiled = fn as MacroFunction;
    }
    return macro.compiled;
  }
}
