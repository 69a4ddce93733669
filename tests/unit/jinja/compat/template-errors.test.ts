import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { createJinjaEnvironment, loadMacrosFromSource, renderTemplateString } from '../../../../src/jinja/compat/index.js';

const env = createJinjaEnvironment();

function renderError(source: string, context: Record<string, unknown> = {}, name = 'models/orders.sql'): KilnError {
  try {
    renderTemplateString(env, source, context, { name });
  } catch (error) {
    expect(error).toBeInstanceOf(KilnError);
    return error as KilnError;
  }
  throw new Error('expected the template to fail');
}

describe('template errors become KilnErrors at the user\'s file and line', () => {
  it('unknown tag: line, excerpt and a spelling hint', () => {
    const error = renderError('select 1\n{% iff x %}\n{% endif %}');
    expect(error.file).toBe('models/orders.sql');
    expect(error.line).toBe(2);
    expect(error.message).toBe("Encountered unknown tag 'iff'.");
    expect(error.excerpt).toContain('{% iff x %}');
    expect(error.hint).toContain('{% if %}');
    expect(error.message).not.toMatch(/nunjucks|parse\w*:|Template render error/);
  });

  it('unclosed block points at the opening tag', () => {
    const error = renderError('select\n{% for x in xs %}\n  {{ x }}\n');
    expect(error.line).toBe(2);
    expect(error.message).toContain("Jinja was looking for the following tags: 'endfor' or 'else'");
    expect(error.message).toContain("innermost block that needs to be closed is 'for'");
    expect(error.hint).toContain('{% endfor %}');
  });

  it('a stray end tag inside another block names the block to close', () => {
    const error = renderError('{% if a %}\nx\n{% endfor %}');
    expect(error.line).toBe(3);
    expect(error.message).toContain("Encountered unknown tag 'endfor'");
    expect(error.hint).toContain("'if' block opened on line 1");
  });

  it('syntax error inside an expression', () => {
    const error = renderError('a\nb\n{{ 1 + }}');
    expect(error.line).toBe(3);
    expect(error.excerpt?.split('\n')[0]).toBe('{{ 1 + }}');
  });

  it('unknown filter is reported at compile time with a suggestion', () => {
    const error = renderError('select 1\n\n  {{ name | uper }}');
    expect(error.message).toBe("No filter named 'uper'.");
    expect(error.file).toBe('models/orders.sql');
    expect(error.line).toBe(3);
    expect(error.excerpt).toContain('{{ name | uper }}');
    expect(error.hint).toContain("'upper'");
  });

  it('unknown test', () => {
    const error = renderError('{% if x is strnig %}{% endif %}');
    expect(error.message).toBe("No test named 'strnig'.");
    expect(error.hint).toContain("'string'");
  });

  it('run-time errors carry the line of the failing statement', () => {
    const error = renderError('select\n  {{ 1 }},\n  {{ undefined_macro() }}\nfrom t');
    expect(error.line).toBe(3);
    expect(error.message).toBe("'undefined_macro' is undefined");
    expect(error.hint).toBeDefined();
    const typeError = renderError("{% set a = 1 %}\n{{ 'x' + a }}");
    expect(typeError.line).toBe(2);
    expect(typeError.message).toContain('can only concatenate str');
  });

  it('errors raised inside a macro name the macro\'s file and line', () => {
    const macros = loadMacrosFromSource(env, '{% macro boom() %}\n  ok\n  {{ 1 / 0 }}\n{% endmacro %}', 'macros/boom.sql');
    const error = renderError('select\n{{ boom() }}', { boom: macros.boom });
    expect(error.file).toBe('macros/boom.sql');
    expect(error.line).toBe(3);
    expect(error.message).toContain('division by zero');
  });

  it('KilnErrors thrown by kiln functions keep their message and hint and gain a location', () => {
    const ref = () => {
      throw new KilnError("model 'missing' not found", { hint: 'check the model name' });
    };
    const error = renderError('select *\nfrom {{ ref("missing") }}', { ref });
    expect(error.message).toBe("model 'missing' not found");
    expect(error.hint).toBe('check the model name');
    expect(error.line).toBe(2);
  });

  it('return() outside a macro is a clear error', () => {
    const error = renderError('{{ return(1) }}');
    expect(error.message).toBe('return() was called outside of a macro');
  });

  it('the formatted error has no nunjucks stack noise', () => {
    const text = renderError('{% if %}').format();
    expect(text).toMatch(/^models\/orders\.sql:1/);
    expect(text).not.toMatch(/node_modules|at Object|Template render error/);
  });
});
