import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateCodeCache } from '../../../src/compile/templateCodeCache.js';
import { createJinjaEnvironment, renderTemplateString, useTemplateCodeStore } from '../../../src/jinja/compat/index.js';
import { forgetSecrets, registerSecret } from '../../../src/secrets.js';

/** A fresh environment (as in a new process) keeping its template code in the cache file at `path`. */
async function renderWith(path: string, source: string, name = 'models/a.sql'): Promise<{ output: string; cache: TemplateCodeCache }> {
  const env = createJinjaEnvironment();
  const cache = new TemplateCodeCache(path);
  useTemplateCodeStore(env, cache);
  const output = renderTemplateString(env, source, { who: 'kiln' }, { name });
  cache.save();
  return { output, cache };
}

const TEMPLATE = '{% macro hi(x) %}hello {{ x }}{% endmacro %}{{ hi(who) }}!';

describe('TemplateCodeCache', () => {
  const cacheFile = (): string => join(mkdtempSync(join(tmpdir(), 'kiln-templates-')), 'target', 'partial_parse_templates.json');

  it('keeps generated code between runs, and a later run uses it instead of compiling again', async () => {
    const path = cacheFile();
    expect((await renderWith(path, TEMPLATE)).output).toBe('hello kiln!');
    expect(existsSync(path)).toBe(true);
    // Change the saved code: a run that renders the altered text proves it loaded the code, not the template.
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('hello ', 'HELLO '));
    expect((await renderWith(path, TEMPLATE)).output).toBe('HELLO kiln!');
    // Another name or another text is another entry: compiled afresh.
    expect((await renderWith(path, TEMPLATE, 'models/b.sql')).output).toBe('hello kiln!');
    expect((await renderWith(path, `${TEMPLATE} `)).output).toBe('hello kiln! ');
  });

  it('does not write the file when nothing new was compiled', async () => {
    const path = cacheFile();
    await renderWith(path, TEMPLATE);
    const written = statSync(path).mtimeMs;
    const text = readFileSync(path, 'utf8');
    await renderWith(path, TEMPLATE);
    expect(statSync(path).mtimeMs).toBe(written);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('ignores a file from another build of kiln, and a corrupt one', async () => {
    const path = cacheFile();
    await renderWith(path, TEMPLATE);
    const text = readFileSync(path, 'utf8');
    const body = text.slice(text.indexOf('\n') + 1);
    writeFileSync(path, `0.0.0 1\n${body.replaceAll('hello ', 'HELLO ')}`);
    expect((await renderWith(path, TEMPLATE)).output).toBe('hello kiln!');
    writeFileSync(path, `${readFileSync(path, 'utf8').split('\n')[0]}\n{not json`);
    expect((await renderWith(path, TEMPLATE)).output).toBe('hello kiln!');
  });

  it('never writes a template holding a secret to disk', async () => {
    const path = cacheFile();
    registerSecret('s3cr3t-template-value');
    try {
      expect((await renderWith(path, "select 's3cr3t-template-value'")).output).toBe("select 's3cr3t-template-value'");
      expect(existsSync(path)).toBe(false);
    } finally {
      forgetSecrets();
    }
  });
});
