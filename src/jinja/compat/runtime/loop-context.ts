/**
 * Jinja's `loop` variable. nunjucks offers index/first/last/length only; dbt
 * templates also use `loop.cycle`, `previtem`/`nextitem` and `revindex`.
 * One object per loop; the compiled loop updates `index0` each iteration.
 */
import { pyEquals } from './python-values.js';

export class LoopContext {
  index0 = 0;
  readonly length: number;
  readonly depth = 1;
  readonly depth0 = 0;
  private lastChanged: unknown[] | undefined;

  constructor(private readonly items: unknown[]) {
    this.length = items.length;
  }
  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.length - this.index0;
  }
  get revindex0(): number {
    return this.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.length - 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : undefined;
  }
  get nextitem(): unknown {
    return this.index0 < this.length - 1 ? this.items[this.index0 + 1] : undefined;
  }
  cycle(...values: unknown[]): unknown {
    if (!values.length) throw new TypeError('no items for cycling given');
    return values[this.index0 % values.length];
  }
  changed(...values: unknown[]): boolean {
    if (this.lastChanged !== undefined && pyEquals(this.lastChanged, values)) return false;
    this.lastChanged = values;
    return true;
  }
  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}
