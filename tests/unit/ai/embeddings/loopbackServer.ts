/**
 * A real OpenAI-compatible embeddings server on 127.0.0.1 (port 0) for tests: each
 * request's reply can be scripted (vectors, a slow answer, a status with headers, a
 * dropped or reset connection), an outage can be switched on and off, and every
 * request is recorded with its headers and body, along with the peak concurrency.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type LoopbackReply =
  /** 200 with one vector per input (base64 if the request asks); `reverse` lists them last-first (indexes stay right). */
  | { kind: 'ok'; delayMs?: number; reverse?: boolean; dimensions?: number }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Close the socket without answering ("other side closed" / socket hang up). */
  | { kind: 'destroy'; delayMs?: number }
  /** Send a TCP RST (ECONNRESET). */
  | { kind: 'reset'; delayMs?: number };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text if it was not JSON. */
  body: { model?: string; input?: string[]; encoding_format?: string; dimensions?: number } & Record<string, unknown>;
  /** 0-based arrival number. */
  n: number;
}

export interface LoopbackServerOptions {
  dimensions?: number;
  /** The reply when nothing else decides; `{ kind: 'ok' }` by default. */
  defaultReply?: LoopbackReply;
}

export interface LoopbackServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>/v1`: what a config's base_url would be. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Replies for the next requests, in order; they win over everything else. */
  script(...replies: LoopbackReply[]): void;
  /** While set, every request not covered by script() gets this reply. */
  outage: LoopbackReply | undefined;
  /** Decides a reply from the request (after script and outage); undefined falls through to the default. */
  reply: ((request: RecordedRequest) => LoopbackReply | undefined) | undefined;
  defaultReply: LoopbackReply;
  /** Forget requests, scripts, the outage, the reply function and the peak. */
  reset(): void;
  close(): Promise<void>;
}

/** The vector the server returns for a text: deterministic, so a test can check which text got which. */
export function vectorFor(text: string, dimensions: number): number[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const out = new Array<number>(dimensions);
  out[0] = text.length;
  for (let d = 1; d < dimensions; d++) out[d] = (((h >>> 0) + d * 7919) % 1000) / 1000;
  return out;
}

export async function startLoopbackServer(options: LoopbackServerOptions = {}): Promise<LoopbackServer> {
  const dimensions = options.dimensions ?? 4;
  const queue: LoopbackReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let count = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const later = (ms: number | undefined, fn: () => void): void => {
    if (!ms) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const state: LoopbackServer = {
    port: 0,
    baseUrl: '',
    requests: [],
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    script: (...replies) => void queue.push(...replies),
    outage: undefined,
    reply: undefined,
    defaultReply: options.defaultReply ?? { kind: 'ok' },
    reset() {
      state.requests.length = 0;
      queue.length = 0;
      state.outage = undefined;
      state.reply = undefined;
      state.defaultReply = options.defaultReply ?? { kind: 'ok' };
      count = 0;
      maxInFlight = inFlight;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const respond = (res: ServerResponse, reply: LoopbackReply, request: RecordedRequest): void => {
    later(reply.delayMs, () => {
      if (res.destroyed || res.writableEnded) return;
      if (reply.kind === 'destroy') return void res.socket?.destroy();
      if (reply.kind === 'reset') return void res.socket?.resetAndDestroy();
      if (reply.kind === 'status') {
        const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}` } });
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        return void res.end(body);
      }
      const input = Array.isArray(request.body.input) ? request.body.input : [];
      const base64 = request.body.encoding_format === 'base64';
      const data = input.map((text, index) => {
        const vector = vectorFor(String(text), reply.dimensions ?? dimensions);
        return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
      });
      if (reply.reverse) data.reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model: request.body.model, usage: { prompt_tokens: 0, total_tokens: 0 } }));
    });
  };

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(text) as RecordedRequest['body'];
      } catch {
        body = { raw: text };
      }
      const request: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, n: count++ };
      state.requests.push(request);
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        return respond(res, { kind: 'status', status: 404, body: { error: { message: `no route ${req.method} ${req.url}` } } }, request);
      }
      const reply = queue.shift() ?? state.outage ?? state.reply?.(request) ?? state.defaultReply;
      respond(res, reply, request);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(state, { port, baseUrl: `http://127.0.0.1:${port}/v1` });
  return state;
}
