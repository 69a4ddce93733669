import { describe, expect, it } from 'vitest';
import { findBlocks, macroArgumentNames } from '../../../src/jinja/blocks.js';
import { KilnError } from '../../../src/errors.js';

describe('findBlocks', () => {
  it('finds macros, tests, materializations and snapshots with their lines', () => {
    const text = `{% macro a(x, y=1) %}A{% endmacro %}

{%- test positive(model, column_name) -%}
select 1
{%- endtest -%}
{% materialization my_mat, adapter='duckdb' %}M{% endmaterialization %}
{% snapshot snap %}select 1{% endsnapshot %}
{% raw %}{% macro not_me() %}{% endmacro %}{% endraw %}`;
    const blocks = findBlocks(text, 'macros/x.sql');
    expect(blocks.map((b) => [b.kind, b.name, b.line])).toEqual([
      ['macro', 'a', 1],
      ['test', 'positive', 3],
      ['materialization', 'my_mat', 6],
      ['snapshot', 'snap', 7],
    ]);
    expect(blocks[0]!.args).toBe('x, y=1');
    expect(blocks[2]!.args).toBe("adapter='duckdb'");
    expect(blocks[1]!.body).toBe('\nselect 1\n');
  });

  it('reports an unclosed block with its line', () => {
    try {
      findBlocks('\n\n{% macro broken() %}select 1', 'macros/broken.sql');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KilnError);
      expect((error as KilnError).line).toBe(3);
      expect((error as KilnError).message).toContain('never closed');
    }
  });

  it('reads argument names', () => {
    expect(macroArgumentNames(`model, column_name, values=['a', 'b,c'], quote=True`)).toEqual(['model', 'column_name', 'values', 'quote']);
  });
});
