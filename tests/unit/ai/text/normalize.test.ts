import { describe, expect, it } from 'vitest';
import { decodeEntities, normalizeText, stripHtml } from '../../../../src/ai/text/index.js';

describe('normalizeText', () => {
  it('folds compatibility forms, drops invisible characters and collapses whitespace', () => {
    expect(normalizeText('\uFEFF ﬁle\u200B  names\u00A0\tand  Ｆｕｌｌ width \r\n\r\n\r\n\r\nnext  \n')).toBe('file names and Full width\n\nnext');
  });
  it('keeps single and double line breaks', () => {
    expect(normalizeText('a\nb\n\nc')).toBe('a\nb\n\nc');
  });
});

describe('stripHtml', () => {
  it('keeps the visible text, with headings and list items as Markdown', () => {
    const html = '<html><head><title>T</title><style>p { color: red }</style></head><body><!-- nav --><h1>Title</h1><p>One &amp; two&nbsp;three.<br>Next line</p>' +
      '<script>alert("x")</script><h3>Sub</h3><ul><li>first</li><li><b>second</b></li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>';
    expect(stripHtml(html)).toBe('# Title\n\nOne & two\u00A0three.\nNext line\n\n### Sub\n\n- first\n- second\n\na b');
  });
  it('leaves text without markup alone', () => {
    expect(stripHtml('plain text, 3 < 4 is not a tag')).toBe('plain text, 3 < 4 is not a tag');
    expect(stripHtml('no markup at all')).toBe('no markup at all');
  });
  it('decodes named and numeric entities, and leaves unknown ones', () => {
    expect(decodeEntities('&lt;b&gt; &#39;x&#39; &#x1F600; &euro; &bogus;')).toBe("<b> 'x' 😀 € &bogus;");
  });
});
