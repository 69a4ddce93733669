/**
 * A kiln session over a throwaway project, with a DuckDB adapter attached, for the tests that
 * render dbt macros through kiln and run the SQL they return on DuckDB.
 */
import { inlineNode } from '../../../src/cli/commands/compile.js';
import { openSession, type Session, type SessionOptions } from '../../../src/compile/session.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import type { Adapter } from '../../../src/adapters/types.js';
import { ensureAdaptersCompiled } from '../adapters/helpers/compiled-adapters.js';
import { projectWith } from '../../e2e/cli.js';

export interface DuckDbSession {
  session: Session;
  adapter: Adapter;
  /** Compile `sql` as an inline query at run time (execute true), or at parse time. */
  render(sql: string, mode?: 'execute' | 'parse'): string;
  /** Run a query and read its rows back as objects keyed by column name. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Run one statement or several, fetching nothing. */
  run(sql: string | string[]): Promise<void>;
  close(): Promise<void>;
}

/** Compile `sql` as an inline query of `session` at run time (execute true), or at parse time. */
export function renderInline(session: Session, sql: string, mode: 'execute' | 'parse' = 'execute'): string {
  if (mode === 'parse') return session.parse.runtime.render(sql, { mode: 'parse', file: 'inline.sql' }).sql.trim();
  return session.compiler.compile(inlineNode(session, sql), { mode: 'execute' }).sql.trim();
}

/**
 * Write `files` as a project, open a session on it (no partial parse) and give its runtime a
 * one-thread DuckDB adapter on the profile's target. The members are plain functions, so they can
 * be destructured.
 */
export async function openDuckDbSession(
  files: Record<string, string>,
  options: Omit<SessionOptions, 'projectDir' | 'partialParse'> = {},
): Promise<DuckDbSession> {
  ensureAdaptersCompiled();
  const root = projectWith(files);
  const session = await openSession({ ...options, projectDir: root, partialParse: false });
  const adapter = await createAdapter(session.project.profile.target, { threads: 1, projectRoot: root });
  session.parse.runtime.adapter = adapter;
  return {
    session,
    adapter,
    render: (sql, mode = 'execute') => renderInline(session, sql, mode),
    query: async (sql) => {
      const [result] = await adapter.connection.execute(sql, { fetch: true });
      return result!.rows.map((row) => Object.fromEntries(result!.columns.map((c, i) => [c.name, row[i]])));
    },
    run: async (sql) => {
      await adapter.connection.execute(typeof sql === 'string' ? [sql] : sql, { fetch: false });
    },
    close: () => adapter.close(),
  };
}
