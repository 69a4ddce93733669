/**
 * The emulator's check of the SDK's credentials: every API request must carry a bearer JWT
 * signed (RS256) by the test service account's private key, issued by its email, carrying the
 * BigQuery scope and not expired, as google-auth-library's self-signed service-account JWTs are.
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';

export interface AuthSettings {
  clientEmail: string;
  publicKey: string;
}

export class JwtVerifier {
  private readonly key: KeyObject;

  constructor(private readonly settings: AuthSettings) {
    this.key = createPublicKey(settings.publicKey);
  }

  /** Undefined when the request may go on, else why not. */
  problem(authorization: string | undefined): string | undefined {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return 'Request had invalid authentication credentials: not a JWT.';
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${payload}`);
    if (!verifier.verify(this.key, Buffer.from(signature, 'base64url'))) return 'Request had invalid authentication credentials: bad signature.';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; scope?: string; aud?: string; exp?: number };
    if (claims.iss !== this.settings.clientEmail) return `Request had invalid authentication credentials: unknown issuer ${claims.iss}.`;
    if (!claims.exp || claims.exp * 1000 < Date.now()) return 'Request had invalid authentication credentials: the token expired.';
    if (!(claims.scope ?? '').split(' ').some((s) => s.endsWith('/auth/bigquery') || s.endsWith('/auth/cloud-platform')) && !String(claims.aud ?? '').includes('bigquery')) return 'Request had insufficient authentication scopes.';
    return undefined;
  }
}
