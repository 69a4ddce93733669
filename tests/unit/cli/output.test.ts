import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/cli/output.js';
import { progressBar } from '../../../src/cli/commands/execution.js';

function stream(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; text: () => string };
  w.isTTY = isTTY;
  w.columns = 40;
  w.text = () => chunks.join('');
  return w;
}

describe('the live status line', () => {
  it('on a terminal: drawn, cleared before each printed line, redrawn after, removed at the end', () => {
    const out = stream(true);
    const output = new Output('text', false, out, stream(false), {});
    output.status('[#---] 1/4');
    output.info('1 of 4 OK created view main.a');
    output.clearStatus();
    expect(out.text()).toBe('\r\x1b[2K[#---] 1/4' + '\r\x1b[2K' + '1 of 4 OK created view main.a\n' + '[#---] 1/4' + '\r\x1b[2K');
  });

  it('is redrawn at most 20 times a second on its own, but every printed line shows the latest', () => {
    const out = stream(true);
    const output = new Output('text', false, out, stream(false), {});
    output.status('[#---] 1/4');
    output.status('[##--] 2/4'); // within 50 ms of the first: not drawn now
    expect(out.text()).toBe('\r\x1b[2K[#---] 1/4');
    output.info('2 of 4 OK created view main.b');
    expect(out.text()).toBe('\r\x1b[2K[#---] 1/4' + '\r\x1b[2K2 of 4 OK created view main.b\n[##--] 2/4');
  });

  it('is cut to the terminal width', () => {
    const out = stream(true);
    new Output('text', false, out, stream(false), {}).status('x'.repeat(100));
    expect(out.text()).toBe(`\r\x1b[2K${'x'.repeat(38)}…`);
  });

  it('never appears in pipes, in CI, or in JSON logs', () => {
    for (const [output, out] of [
      [new Output('text', false, stream(false), stream(false), {}), 'pipe'],
      [new Output('text', false, stream(true), stream(false), { CI: 'true' }), 'ci'],
      [new Output('json', false, stream(true), stream(false), {}), 'json'],
    ] as const) {
      expect(output.live, out).toBe(false);
    }
    const piped = stream(false);
    const output = new Output('text', false, piped, stream(false), {});
    output.status('[#---] 1/4');
    output.info('line');
    expect(piped.text()).toBe('line\n');
  });
});

describe('progressBar', () => {
  it('shows progress and what is running', () => {
    expect(progressBar(5, 10, ['orders', 'customers'])).toBe('[##########----------] 5/10 · running: orders, customers');
    expect(progressBar(10, 10, [])).toBe('[####################] 10/10');
  });
});
