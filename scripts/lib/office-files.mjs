/**
 * Minimal, valid PDF and DOCX files written byte by byte, for kiln's sample corpus and for tests
 * that need a real PDF or Word file: no dependency beyond Node's standard library, and the same
 * bytes on every run (fixed dates, parts in a fixed order, fixed ZIP timestamps).
 *
 *   makePdf({ title, pages })       → Buffer   PDF 1.4, Helvetica, one content stream per page
 *   makeDocx({ title, paragraphs }) → Buffer   Office Open XML document (a ZIP archive)
 */
import { deflateRawSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MARGIN_LEFT = 56;
const FIRST_BASELINE = 780;

/**
 * A PDF 1.4 of text pages. `pages` is a list of pages, each a list of lines drawn top to bottom
 * in 11-point Helvetica; a line starting with "# " is drawn as a heading (14-point
 * Helvetica-Bold, without the marker) and an empty line leaves a gap. Lines are not wrapped:
 * keep them under ~90 characters. Text must be Latin-1 (WinAnsiEncoding); ( ) and \ are escaped.
 * The /Info dictionary carries /Title, so readers (pdf.js, unpdf, pdfinfo) report it.
 */
export function makePdf({ title, pages, author = 'Lumen Labs', subject = '' }) {
  if (!Array.isArray(pages) || pages.length === 0) throw new Error('makePdf: at least one page');
  /** @type {(string | null)[]} object bodies, numbered from 1 */
  const objects = [];
  const add = (body) => (objects.push(body), objects.length);
  const catalogId = add(null);
  const pagesId = add(null);
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');

  const pageIds = [];
  for (const lines of pages) {
    const ops = ['BT', `${MARGIN_LEFT} ${FIRST_BASELINE} Td`];
    let font = '';
    lines.forEach((line, i) => {
      const heading = line.startsWith('# ');
      const text = heading ? line.slice(2) : line;
      // TD moves to the next line and sets the leading; the first line is already in place.
      if (i > 0) ops.push(`0 -${heading ? 22 : 15} TD`);
      const wanted = heading ? '/F2 14 Tf' : '/F1 11 Tf';
      if (wanted !== font) ops.push((font = wanted));
      if (text.length > 0) ops.push(`(${pdfString(text)}) Tj`);
    });
    ops.push('ET');
    const stream = Buffer.from(ops.join('\n'), 'latin1');
    // /Length counts the stream's bytes, not the end-of-line before endstream.
    const contentId = add(`<< /Length ${stream.length} >>\nstream\n${stream.toString('latin1')}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
          `/Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${contentId} 0 R >>`,
      ),
    );
  }
  objects[catalogId - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const infoId = add(
    `<< /Title (${pdfString(title)}) /Author (${pdfString(author)})` +
      (subject ? ` /Subject (${pdfString(subject)})` : '') +
      ' /Creator (kiln corpus generator) /Producer (kiln scripts/lib/office-files.mjs)' +
      ' /CreationDate (D:20261001090000Z) /ModDate (D:20261001090000Z) >>',
  );

  // Header, with a comment of high bytes so transfer tools treat the file as binary.
  const chunks = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0].length;
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const bytes = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    chunks.push(bytes);
    length += bytes.length;
  });
  const xrefAt = length;
  // Every xref entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space, LF.
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) tail += `${String(offset).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R /Info ${infoId} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  chunks.push(Buffer.from(tail, 'latin1'));
  return Buffer.concat(chunks);
}

/** A PDF literal string's body: Latin-1 only, with ( ) \ escaped. */
function pdfString(text) {
  for (const ch of text) {
    if (ch.codePointAt(0) > 0xff || ch === '\r' || ch === '\n') throw new Error(`makePdf: cannot draw ${JSON.stringify(ch)} in ${JSON.stringify(text)}`);
  }
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------------------------

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A .docx of paragraphs. `style` 'Heading1' or 'Heading2' gives the built-in heading styles
 * (style ids Heading1/Heading2, names "heading 1"/"heading 2"), which mammoth's default style
 * map turns into <h1>/<h2>; 'Title' is defined too, but mammoth has no default mapping for it (it
 * becomes a <p> with a warning), so use Heading1 for a title you want as a heading.
 * `compression`: 'store' (default; the same bytes with any zlib build) or 'deflate'.
 */
export function makeDocx({ title, paragraphs, author = 'Lumen Labs', compression = 'store' }) {
  const body = paragraphs
    .map(({ style, text }) => {
      if (style && !['Title', 'Heading1', 'Heading2'].includes(style)) throw new Error(`makeDocx: unknown style ${style}`);
      const props = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
      return `<w:p>${props}<w:r><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r></w:p>`;
    })
    .join('\n');
  const headingStyle = (id, name, size, outline) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
    `<w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>` +
    (outline === null ? '' : `<w:outlineLvl w:val="${outline}"/>`) +
    `</w:pPr><w:rPr><w:b/><w:sz w:val="${size}"/></w:rPr></w:style>`;

  const parts = [
    [
      '[Content_Types].xml',
      XML_DECL +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '</Types>',
    ],
    [
      '_rels/.rels',
      XML_DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    ],
    [
      'word/_rels/document.xml.rels',
      XML_DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '</Relationships>',
    ],
    [
      'word/document.xml',
      XML_DECL +
        `<w:document xmlns:w="${W_NS}"><w:body>\n${body}\n` +
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>' +
        '</w:body></w:document>',
    ],
    [
      'word/styles.xml',
      XML_DECL +
        `<w:styles xmlns:w="${W_NS}">` +
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>' +
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="160"/></w:pPr></w:style>' +
        headingStyle('Title', 'Title', 56, null) +
        headingStyle('Heading1', 'heading 1', 32, 0) +
        headingStyle('Heading2', 'heading 2', 26, 1) +
        '</w:styles>',
    ],
    [
      'docProps/core.xml',
      XML_DECL +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:title>${xmlText(title)}</dc:title><dc:creator>${xmlText(author)}</dc:creator>` +
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-10-01T09:00:00Z</dcterms:created>' +
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-10-01T09:00:00Z</dcterms:modified>' +
        '</cp:coreProperties>',
    ],
  ];
  return makeZip(parts.map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })), { compression });
}

function xmlText(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------------------------------------
// ZIP
// ---------------------------------------------------------------------------------------------

// Fixed DOS timestamp for every entry: 2026-10-01 09:00:00.
const DOS_TIME = (9 << 11) | (0 << 5) | 0;
const DOS_DATE = ((2026 - 1980) << 9) | (10 << 5) | 1;

/**
 * A ZIP archive (PKWARE APPNOTE 6.3: local headers, central directory, end record) of the
 * entries in the given order. 'store' keeps the bytes as they are (method 0); 'deflate' uses raw
 * DEFLATE (method 8), whose bytes can differ between zlib builds.
 */
export function makeZip(entries, { compression = 'store' } = {}) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const method = compression === 'deflate' ? 8 : 0;
    const packed = method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed to extract (2.0)
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, nameBytes, packed);

    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0); // central directory header signature
    record.writeUInt16LE(20, 4); // version made by
    record.writeUInt16LE(20, 6); // version needed to extract
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt16LE(DOS_TIME, 12);
    record.writeUInt16LE(DOS_DATE, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(packed.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal and external attributes stay 0
    record.writeUInt32LE(offset, 42); // offset of the local header
    central.push(record, nameBytes);

    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16); // where the central directory starts
  return Buffer.concat([...locals, directory, end]);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected, as ZIP uses it). */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
