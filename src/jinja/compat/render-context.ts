/**
 * The per-render context object compiled templates read variables from.
 * Same interface as nunjucks's Context (which nunjucks does not export), so
 * kiln can run render functions directly and see raw errors instead of
 * nunjucks's pre-formatted ones. `kilnTemplateName` lets macro errors name
 * the file the macro came from.
 */
import type { Environment } from 'nunjucks';
import type { RenderFunction } from './compile-template.js';

type Block = RenderFunction;

export class JinjaRenderContext {
  readonly ctx: Record<string, unknown>;
  readonly blocks: Record<string, Block[]> = {};
  readonly exported: string[] = [];

  constructor(
    vars: Record<string, unknown>,
    blocks: Record<string, Block>,
    readonly env: Environment,
    readonly kilnTemplateName?: string,
  ) {
    this.ctx = { ...vars };
    for (const name of Object.keys(blocks)) this.addBlock(name, blocks[name]!);
  }

  lookup(name: string): unknown {
    const globals = (this.env as unknown as { globals: Record<string, unknown> }).globals;
    if (name in globals && !(name in this.ctx)) return globals[name];
    return this.ctx[name];
  }
  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }
  getVariables(): Record<string, unknown> {
    return this.ctx;
  }
  addBlock(name: string, block: Block): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): Block {
    const block = this.blocks[name]?.[0];
    if (!block) throw new Error(`unknown block "${name}"`);
    return block;
  }
  getSuper(env: unknown, name: string, block: Block, frame: unknown, runtime: unknown, cb: (err: unknown, out?: string) => void): void {
    const list = this.blocks[name] ?? [];
    const next = list[list.indexOf(block) + 1];
    if (list.indexOf(block) === -1 || !next) throw new Error(`no super block available for "${name}"`);
    next(env, this, frame, runtime, cb);
  }
  addExport(name: string): void {
    if (!this.exported.includes(name)) this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of this.exported) out[name] = this.ctx[name];
    return out;
  }
}
