/**
 * The BigQuery emulator as a process of its own (run with tests/support/runTypeScript.mjs):
 * `main.ts <client-email> <public-key-file> [page-size]`. Prints `{"port": n}` on stdout
 * once it listens on 127.0.0.1, and runs until killed.
 */
import { readFileSync } from 'node:fs';
import { JwtVerifier } from './auth.js';
import { Engine } from './engine.js';
import { startServer } from './server.js';

const [clientEmail, publicKeyFile, pageSize] = process.argv.slice(2);
if (!clientEmail || !publicKeyFile) throw new Error('usage: main.ts <client-email> <public-key-file> [page-size]');
const engine = await Engine.create();
const verifier = new JwtVerifier({ clientEmail, publicKey: readFileSync(publicKeyFile, 'utf8') });
const { port } = await startServer({ engine, verifier, pageSize: Number(pageSize ?? 1000) });
process.stdout.write(`${JSON.stringify({ port })}\n`);
