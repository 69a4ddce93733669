import { describe, expect, it } from 'vitest';
import { decodeEntities, normalizeText, stripHtml } from '../../../../src/ai/text/index.js';

describe('normalizeText', () => {
  it('folds compatibility forms with NFKC', () => {
    expect(normalizeText('ﬁne ＡＢＣ１２ ① café')).toBe('fine ABC12 1 café');
  });

  it('drops zero-width and control characters, keeps newlines, turns tabs into spaces', () => {
    expect(normalizeText('a\u200Bb\u200Cc\u200Dd\uFEFFe\u00ADf\u2060g')).toBe('abcdefg');
    expect(normalizeText('bell\u0007 nul\u0000 esc\u001B del\u007F c1\u0085x')).toBe('bell nul esc del c1\nx');
    expect(normalizeText('a\tb\t\tc\nd')).toBe('a b c\nd');
  });

  it('collapses runs of spaces, trims line ends, keeps at most one blank line, trims the whole', () => {
    expect(normalizeText('  one   two \t three   \n\n\n\n  four  \r\n five\u00A0\u2003six  ')).toBe('one two three\n\n four\n five six');
    expect(normalizeText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(normalizeText('a\f\fb')).toBe('a\n\nb');
  });

  it('returns an empty string for whitespace and invisible characters only', () => {
    expect(normalizeText(' \u200B\t\n\n \uFEFF ')).toBe('');
  });
});

describe('decodeEntities', () => {
  it('decodes the common named entities and numeric ones', () => {
    expect(decodeEntities('&amp; &lt; &gt; &quot; &apos; &nbsp; &#39; &#x27; &#X41; &#128512; &mdash;')).toBe(`& < > " ' \u00A0 ' ' A 😀 —`);
  });

  it('leaves unknown or malformed entities as written and replaces invalid code points', () => {
    expect(decodeEntities('&bogus; &amp &#; AT&T &#0; &#xD800;')).toBe('&bogus; &amp &#; AT&T \uFFFD \uFFFD');
  });
});

describe('stripHtml', () => {
  it('removes scripts, styles, comments and the head', () => {
    const html = '<html><head><title>T</title><style>p { color: red }</style></head><body><script>var s = "<p>x</p>";</script><!-- note --><p>Visible</p></body></html>';
    expect(stripHtml(html)).toBe('Visible');
  });

  it('turns headings into Markdown lines and paragraphs into blank-line separated blocks', () => {
    const html = '<h1>Lumen</h1><p>Intro text.</p><h2>Install</h2><div>Run it.</div><h6 class="x">Deep</h6><section>End</section>';
    expect(stripHtml(html)).toBe('# Lumen\n\nIntro text.\n\n## Install\n\nRun it.\n\n###### Deep\n\nEnd');
  });

  it('turns list items into "- " items, nested lists indented', () => {
    expect(stripHtml('<p>Steps:</p><ul><li>one</li><li><p>two</p><ul><li>two-a</li></ul></li><li>three</li></ul><p>after</p>')).toBe(
      'Steps:\n\n- one\n- two\n  - two-a\n- three\n\nafter',
    );
  });

  it('collapses source whitespace like a browser, and <br> ends a line', () => {
    expect(stripHtml('<p>Hello\n     <b>bold</b>   <i>world</i>&nbsp;!<br>next<br/>line</p>')).toBe('Hello bold world !\nnext\nline');
  });

  it('keeps <pre> as a fenced block with its whitespace', () => {
    expect(stripHtml('<p>Code:</p><pre><code>def f():\n    return 1  # &lt;one&gt;\n</code></pre><p>Done</p>')).toBe(
      'Code:\n\n```\ndef f():\n    return 1  # <one>\n```\n\nDone',
    );
  });

  it('joins table cells with " | " and ends rows with a line break', () => {
    expect(stripHtml('<table><tr><th>name</th><th>qty</th></tr><tr><td>apple</td><td>3</td></tr></table>')).toBe('name | qty\napple | 3');
  });

  it('decodes entities after tags are gone, so escaped markup stays text', () => {
    expect(stripHtml('<p>Use &lt;div&gt; &amp; &#x3C;span&#x3E;</p>')).toBe('Use <div> & <span>');
  });

  it('leaves plain text without tags unchanged apart from entities', () => {
    const plain = '  Fish &amp; chips:\n\n\n  3 < 4 and 5 > 2,  List<String> x;   \n\tend  ';
    expect(stripHtml(plain)).toBe('  Fish & chips:\n\n\n  3 < 4 and 5 > 2,  List<String> x;   \n\tend  ');
    expect(stripHtml('no markup at all')).toBe('no markup at all');
  });

  it('keeps what only looks like a tag as text, and scans text full of "<" once (no quadratic rescans)', () => {
    expect(stripHtml('<p>if a <b and c> d</p>')).toBe('if a d');
    expect(stripHtml('<p>Map<K, V> and a<b</p>')).toBe('Map<K, V> and a<b');
    const lessThans = '<b'.repeat(50_000);
    expect(stripHtml(lessThans)).toBe(lessThans);
    expect(stripHtml(`<p>x</p>${'<a href="x'.repeat(5_000)}`)).toBe(`x\n\n${'<a href="x'.repeat(5_000)}`);
  });
});
