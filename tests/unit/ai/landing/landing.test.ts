import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { landDocument, landDocuments, listDocumentFiles, type LandedDocument } from '../../../../src/ai/landing/index.js';

const corpus = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'corpus', 'docs');
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'kiln-landing-'));
  mkdirSync(join(project, 'docs', 'guides'), { recursive: true });
  mkdirSync(join(project, 'docs', '.drafts'));
  writeFileSync(join(project, 'docs', 'intro.md'), '---\ntitle: Welcome\ntags: [start]\nreviewed_by: ana\n---\n# Getting going\n\nFirst steps.\n');
  writeFileSync(join(project, 'docs', 'guides', 'plain.md'), '# Plain heading\n\nBody text.\n');
  writeFileSync(join(project, 'docs', 'notes.txt'), 'Release notes\n\nNothing changed.\n');
  writeFileSync(join(project, 'docs', 'page.html'), '<html><head><title>Tom &amp; Jerry</title><meta name="description" content="A page"><style>p{}</style></head>' +
    '<body><h1>Cats</h1><p>Cats &amp; dogs.</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul></body></html>');
  writeFileSync(join(project, 'docs', 'image.png'), 'not a document');
  writeFileSync(join(project, 'docs', '.drafts', 'secret.md'), '# hidden');
  writeFileSync(join(project, 'outside.md'), '# not under docs');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function land(pattern: string): Promise<LandedDocument[]> {
  const out: LandedDocument[] = [];
  for await (const doc of landDocuments(pattern, project)) out.push(doc);
  return out;
}

describe('listDocumentFiles', () => {
  it('walks the glob, skips dot-folders, and reports what it cannot read', async () => {
    const { files, skipped } = await listDocumentFiles('docs/**/*', project);
    expect(files.map((f) => f.slice(project.length + 1))).toEqual(['docs/guides/plain.md', 'docs/intro.md', 'docs/notes.txt', 'docs/page.html']);
    expect(skipped.map((f) => f.slice(project.length + 1))).toEqual(['docs/image.png']);
  });

  it('takes an absolute glob, a folder or a single file', async () => {
    expect((await listDocumentFiles(join(project, 'docs', '*.md'), '/elsewhere')).files).toEqual([join(project, 'docs', 'intro.md')]);
    expect((await listDocumentFiles('docs/guides', project)).files).toEqual([join(project, 'docs', 'guides', 'plain.md')]);
    expect((await listDocumentFiles('outside.md', project)).files).toEqual([join(project, 'outside.md')]);
  });

  it('names the var and the folder when nothing is there', async () => {
    const error = await listDocumentFiles('nope/**/*.md', project).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KilnError);
    expect((error as KilnError).message).toContain(`the folder ${join(project, 'nope')}, which does not exist`);
    expect((error as KilnError).hint).toContain('kiln_ai_documents');
  });
});

describe('landDocuments', () => {
  it('lands Markdown with front matter, text and HTML as they are', async () => {
    const docs = await land('docs/**/*');
    const byPath = new Map(docs.map((d) => [d.path, d]));
    const intro = byPath.get('docs/intro.md')!;
    expect(intro).toMatchObject({ format: 'markdown', title: 'Welcome', fileName: 'intro.md', text: '# Getting going\n\nFirst steps.' });
    expect(intro.metadata).toEqual({ title: 'Welcome', tags: ['start'], reviewed_by: 'ana' });
    expect(intro.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(intro.uri).toBe(`file://${join(project, 'docs', 'intro.md')}`);
    expect(intro.size).toBe(Buffer.byteLength('---\ntitle: Welcome\ntags: [start]\nreviewed_by: ana\n---\n# Getting going\n\nFirst steps.\n'));
    expect(byPath.get('docs/guides/plain.md')!.title).toBe('Plain heading');
    expect(byPath.get('docs/notes.txt')).toMatchObject({ format: 'text', title: 'Release notes', text: 'Release notes\n\nNothing changed.' });
    const page = byPath.get('docs/page.html')!;
    expect(page).toMatchObject({ format: 'html', title: 'Tom & Jerry', metadata: { description: 'A page' } });
    expect(page.text).toContain('# Cats');
    expect(page.text).toContain('Cats & dogs.');
    expect(page.text).not.toMatch(/alert|<|p\{\}/);
  });

  it('extracts text and titles from the shipped PDF and DOCX', async () => {
    const docs = await land(join(corpus, '**', '*.{pdf,docx}'));
    expect(docs.map((d) => d.format).sort()).toEqual(['docx', 'pdf']);
    const pdf = docs.find((d) => d.format === 'pdf')!;
    expect(pdf.title).toBeTruthy();
    expect(pdf.metadata['pages']).toBe(2);
    expect(pdf.text.length).toBeGreaterThan(500);
    const docx = docs.find((d) => d.format === 'docx')!;
    expect(docx.text).toMatch(/^# /m);
    expect(docx.title).toBeTruthy();
    expect(docx.path.startsWith('/')).toBe(true);
  });

  it('names a damaged file and keeps the cause', async () => {
    const dir = mkdtempSync(join(project, 'broken-'));
    writeFileSync(join(dir, 'bad.pdf'), '%PDF-1.4 this is not really a pdf');
    const error = await landDocument(join(dir, 'bad.pdf'), project).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KilnError);
    expect((error as KilnError).file).toMatch(/^broken-.*\/bad\.pdf$/);
    expect((error as KilnError).message).toMatch(/cannot read .*bad\.pdf as pdf/);
    copyFileSync(join(dir, 'bad.pdf'), join(dir, 'bad.docx'));
    await expect(landDocument(join(dir, 'bad.docx'), project)).rejects.toThrow(/as docx/);
  });
});
