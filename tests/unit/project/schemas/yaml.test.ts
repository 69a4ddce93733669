import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { parseYaml } from '../../../../src/project/schemas/index.js';
import { yaml } from './helpers.js';

function syntaxError(text: string, file = 'models/schema.yml'): KilnError {
  try {
    parseYaml(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(KilnError);
    return error as KilnError;
  }
  expect.fail('expected a syntax error');
}

describe('parseYaml', () => {
  it('returns the plain value', () => {
    const parsed = parseYaml('a: 1\nb: [x, y]\n', 'f.yml');
    expect(parsed.value).toEqual({ a: 1, b: ['x', 'y'] });
  });

  it('reads an empty file as null', () => {
    expect(parseYaml('', 'f.yml').value).toBeNull();
    expect(parseYaml('# only a comment\n', 'f.yml').value).toBeNull();
  });

  it('reports broken syntax with file, line, column and the parser message', () => {
    const error = syntaxError(yaml`
      models:
        - name: orders
          description: "unterminated
    `);
    expect(error.file).toBe('models/schema.yml');
    expect(error.line).toBe(3);
    expect(error.column).toBe(18); // the opening quote, not the end of the file
    expect(error.message).toMatch(/^invalid YAML: .*(quot|Missing closing)/i);
    expect(error.format()).toMatch(/^models\/schema\.yml:3:\d+: invalid YAML/);
  });

  it('points at the line of a bad indentation', () => {
    const error = syntaxError('models:\n  - name: a\n   bad: [\n', 'x.yml');
    expect(error.line).toBe(3);
    expect(error.column).toBe(1);
    expect(error.excerpt).toContain('bad: [');
  });

  it('reports a duplicated key (dbt would keep only the last one)', () => {
    const error = syntaxError('name: a\nversion: 2\nname: b\n');
    expect(error.line).toBe(3);
    expect(error.column).toBe(1);
    expect(error.hint).toMatch(/duplicated/);
  });

  it('explains an unquoted Jinja value', () => {
    const error = syntaxError('vars:\n  x: {{ target.name }}\n');
    expect(error.line).toBe(2);
    expect(error.hint).toMatch(/quoted/);
  });

  it('maps paths to the line and column of the key or list item', () => {
    const parsed = parseYaml(
      yaml`
        version: 2
        models:
          - name: orders
            config:
              materialized: table
          - name: customers
            columns:
              - name: id
      `,
      'f.yml',
    );
    expect(parsed.positionOf(['version'])).toEqual({ line: 1, column: 1 });
    expect(parsed.positionOf(['models', 0, 'config', 'materialized'])).toEqual({ line: 5, column: 7 });
    expect(parsed.positionOf(['models', 1])).toEqual({ line: 6, column: 5 });
    expect(parsed.lineOf(['models', 1, 'columns', 0, 'name'])).toBe(8);
    // a missing key falls back to its nearest existing parent
    expect(parsed.lineOf(['models', 1, 'description'])).toBe(6);
    expect(parsed.lineText(5)).toBe('      materialized: table');
  });

  it('resolves anchors and merge keys, and finds lines through them', () => {
    const parsed = parseYaml(
      yaml`
        defaults: &defaults
          materialized: view
          tags: [a]
        models:
          - name: orders
            config:
              <<: *defaults
              alias: o
      `,
      'f.yml',
    );
    expect(parsed.value).toMatchObject({
      models: [{ name: 'orders', config: { materialized: 'view', tags: ['a'], alias: 'o' } }],
    });
    expect(parsed.lineOf(['models', 0, 'config', 'alias'])).toBe(8);
    // a merged key is reported where it is written: under the anchor
    expect(parsed.lineOf(['models', 0, 'config', 'materialized'])).toBe(2);
  });
});
