/** BigQuery's twins of dbt's macros where GoogleSQL differs, rendered for a BigQuery target (compiling connects to nothing). */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineNode } from '../../../src/cli/commands/compile.js';
import { openSession, type Session } from '../../../src/compile/session.js';
import { projectWith } from '../../e2e/cli.js';

let dir: string;
let session: Session;
beforeAll(async () => {
  dir = projectWith({
    'project.yml': 'name: bq\nprofile: bq\n',
    'profiles.yml': 'bq:\n  target: prod\n  outputs:\n    prod:\n      type: bigquery\n      method: oauth\n      project: my-project\n      dataset: analytics\n',
    'models/m.sql': 'select 1 as id',
  });
  session = await openSession({ projectDir: dir, profilesDir: dir, partialParse: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const render = (sql: string) => session.compiler.compile(inlineNode(session, sql), { mode: 'execute' }).sql.trim();
const relation = (type: string) => `api.Relation.create(database='my-project', schema='analytics', identifier='events', type='${type}')`;

describe('persist_docs on BigQuery: descriptions as options', () => {
  it("sets a table's or a view's description, escaped as a GoogleSQL string", () => {
    expect(render(`{{ alter_relation_comment(${relation('table')}, "it's a\\\\path\\nnext") }}`)).toBe("alter table `my-project`.`analytics`.`events` set options(description='it\\'s a\\\\path\\nnext')");
    expect(render(`{{ alter_relation_comment(${relation('view')}, 'the view') }}`)).toBe("alter view `my-project`.`analytics`.`events` set options(description='the view')");
  });

  it('sets each described column, leaving out the others', () => {
    const sql = render(`{{ alter_column_comment(${relation('table')}, {'kind': {'description': 'click or view'}, 'id': {'description': ''}}) }}`);
    expect(sql).toBe("alter table `my-project`.`analytics`.`events` alter column `kind` set options(description='click or view');");
  });
});
