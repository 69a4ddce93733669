import { describe, expect, it } from 'vitest';
import { readYamlFile } from '../../../../src/project/schemas/index.js';
import { onlyProblem, problems, yaml } from './helpers.js';

describe('packagesFileSchema', () => {
  it('reads every package kind (packages.yml and dependencies.yml)', () => {
    const file = readYamlFile(
      yaml`
        packages:
          - local: ../shared_macros
          - package: dbt-labs/dbt_utils
            version: [">=1.1.0", "<2.0.0"]
          - package: calogica/dbt_expectations
            version: 0.10
          - git: "https://github.com/dbt-labs/dbt-audit-helper.git"
            revision: 0.12.0
            subdirectory: src
            warn-unpinned: false
          - tarball: https://example.com/pkg.tar.gz
            name: pkg
          - private: org/repo
            revision: main
        projects:
          - name: upstream_project
      `,
      'dependencies.yml',
      'packages',
    );
    expect(file.packages).toHaveLength(6);
  });

  it('suggests the package kind for a misspelled key', () => {
    const error = onlyProblem('packages:\n  - pakage: dbt-labs/dbt_utils\n    version: 1.3.0\n', 'packages.yml', 'packages');
    expect(error.line).toBe(2);
    expect(error.column).toBe(5);
    expect(error.message).toMatch(/^unknown key 'pakage' in package #1: a package entry needs one of 'local', 'package'/);
    expect(error.hint).toBe("did you mean 'package'?");
  });

  it('reports keys that do not belong to the package kind', () => {
    const error = onlyProblem(
      'packages:\n  - package: dbt-labs/dbt_utils\n    revision: 1.3.0\n',
      'packages.yml',
      'packages',
    );
    expect(error.message).toBe("unknown key 'revision' in package 'dbt-labs/dbt_utils'");
    expect(error.line).toBe(3);
  });

  it('rejects two kinds in one entry', () => {
    const error = onlyProblem('packages:\n  - local: a\n    git: b\n', 'packages.yml', 'packages');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/got both 'local' and 'git'/);
  });
});

describe('selectorsFileSchema', () => {
  it('reads string, method, shorthand and union definitions', () => {
    const file = readYamlFile(
      yaml`
        selectors:
          - name: nightly
            description: everything tagged nightly
            default: "{{ target.name == 'prod' }}"
            definition: tag:nightly
          - name: marts_and_parents
            definition:
              method: path
              value: models/marts
              parents: true
              parents_depth: 2
          - name: mixed
            definition:
              union:
                - method: tag
                  value: daily
                - tag: hourly
                - intersection:
                    - source:raw+
                    - exclude:
                        - method: config.materialized
                          value: view
      `,
      'selectors.yml',
      'selectors',
    );
    expect(file.selectors.map((s) => s.name)).toEqual(['nightly', 'marts_and_parents', 'mixed']);
  });

  it('reports misspelled keys at both levels', () => {
    const found = problems(
      yaml`
        selectors:
          - name: a
            defintion: tag:x
          - name: b
            definition:
              method: tag
              value: x
              parent: true
      `,
      'selectors.yml',
      'selectors',
    );
    expect(found.map((e) => `${e.line}: ${e.message} | ${e.hint}`)).toEqual([
      "2: missing required key 'definition' in selector 'a' | undefined",
      "3: unknown key 'defintion' in selector 'a' | did you mean 'definition'?",
      "8: unknown key 'parent' in definition of selector 'b' | did you mean 'parents'?",
    ]);
  });
});
