/**
 * Text out of a document file, by format: Markdown and text as they are (front matter read
 * into metadata), HTML and DOCX as Markdown-like text with their headings kept (so chunking
 * can split on them), PDF through unpdf. The PDF and DOCX libraries load only when a file
 * of theirs turns up.
 */
import { parse as parseYaml } from 'yaml';
import { stripHtml } from '../text/index.js';
import type { DocumentFormat } from './files.js';

export interface ExtractedText {
  text: string;
  title: string | null;
  metadata: Record<string, unknown>;
}

export async function extractText(bytes: Buffer, format: DocumentFormat): Promise<ExtractedText> {
  switch (format) {
    case 'markdown': return fromMarkdown(bytes.toString('utf8'));
    case 'text': return fromText(bytes.toString('utf8'));
    case 'html': return fromHtml(bytes.toString('utf8'));
    case 'pdf': return fromPdf(bytes);
    case 'docx': return fromDocx(bytes);
  }
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function fromMarkdown(source: string): ExtractedText {
  const match = FRONT_MATTER.exec(source);
  let metadata: Record<string, unknown> = {};
  if (match) {
    const parsed: unknown = parseYaml(match[1]!);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) metadata = parsed as Record<string, unknown>;
  }
  const text = (match ? source.slice(match[0].length) : source).replace(/^\uFEFF/, '').trim();
  const title = typeof metadata['title'] === 'string' ? metadata['title'] : firstHeading(text);
  return { text, title, metadata };
}

function fromText(source: string): ExtractedText {
  const text = source.replace(/^\uFEFF/, '').trim();
  const first = text.split('\n', 1)[0]?.trim() ?? '';
  return { text, title: first && first.length <= 120 ? first : null, metadata: {} };
}

function fromHtml(source: string): ExtractedText {
  const metadata: Record<string, unknown> = {};
  for (const tag of source.match(/<meta\b[^>]*>/gi) ?? []) {
    const name = attribute(tag, 'name') ?? attribute(tag, 'property');
    const content = attribute(tag, 'content');
    if (name && content !== undefined) metadata[name] = stripHtml(content);
  }
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(source)?.[1];
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(source)?.[1] ?? source.replace(/<head[^>]*>[\s\S]*?<\/head>/i, '');
  const text = stripHtml(body).trim();
  const title = titleTag ? stripHtml(titleTag).trim() || null : firstHeading(text);
  return { text, title, metadata };
}

async function fromPdf(bytes: Buffer): Promise<ExtractedText> {
  const { extractText: pdfText, getDocumentProxy } = await import('unpdf');
  // verbosity 0: pdf.js would otherwise print its recovery warnings on kiln's output.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const [{ text }, meta] = await Promise.all([pdfText(pdf, { mergePages: true }), pdf.getMetadata().catch(() => undefined)]);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const metadata: Record<string, unknown> = { pages: pdf.numPages };
    for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate']) {
      if (typeof info[key] === 'string' && info[key]) metadata[key.toLowerCase()] = info[key];
    }
    const clean = text.replace(/[ \t]+\n/g, '\n').trim();
    const title = typeof metadata['title'] === 'string' ? metadata['title'] : (clean.split('\n', 1)[0]?.trim() || null);
    return { text: clean, title, metadata };
  } finally {
    await pdf.destroy();
  }
}

async function fromDocx(bytes: Buffer): Promise<ExtractedText> {
  const mammoth = (await import('mammoth')).default;
  const { value: html, messages } = await mammoth.convertToHtml({ buffer: bytes });
  const text = stripHtml(html).trim();
  const warnings = messages.filter((m) => m.type === 'warning').map((m) => m.message);
  return { text, title: firstHeading(text), metadata: warnings.length ? { conversion_warnings: warnings } : {} };
}

function firstHeading(markdown: string): string | null {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(markdown)?.[1]?.trim() ?? null;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}
