import { describe, expect, it } from 'vitest';
import { projectConfigFrom } from '../../../src/project/projectFile.js';

describe('projectConfigFrom', () => {
  it('applies defaults and keeps kiln/dbt flavor apart', () => {
    const config = projectConfigFrom({ name: 'p' }, 'dbt_project.yml');
    expect(config).toMatchObject({ modelPaths: ['models'], seedPaths: ['seeds'], testPaths: ['tests'], targetPath: 'target', packagesInstallPath: 'dbt_packages', flavor: 'dbt' });
    expect(projectConfigFrom({ name: 'p', 'source-paths': ['src'], 'data-paths': ['data'] }, 'project.yml')).toMatchObject({ modelPaths: ['src'], seedPaths: ['data'], flavor: 'kiln' });
  });

  it('combines tests: and data_tests: trees instead of letting one replace the other', () => {
    const config = projectConfigFrom(
      {
        name: 'p',
        tests: { p: { '+severity': 'warn', staging: { '+store_failures': true } } },
        data_tests: { p: { marts: { '+severity': 'error' }, staging: { '+limit': 5 } } },
      },
      'project.yml',
    );
    expect(config.configTrees['tests']).toEqual({
      p: { '+severity': 'warn', staging: { '+store_failures': true, '+limit': 5 }, marts: { '+severity': 'error' } },
    });
  });
});
