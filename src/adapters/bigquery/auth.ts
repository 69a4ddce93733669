/**
 * The SDK's credentials for each of dbt-bigquery's methods. A service account signs its own
 * JWT with the BigQuery scope (`useJWTAccessWithScope`, as Google's own clients do), so no
 * token exchange is needed; the same signed request reaches the emulator, which checks the
 * signature. `oauth` is application default credentials; `oauth-secrets` a given access token.
 */
import type { BigQueryOptions } from '@google-cloud/bigquery';
import type { BigQueryTarget } from './target.js';

export const BIGQUERY_SCOPES = ['https://www.googleapis.com/auth/bigquery', 'https://www.googleapis.com/auth/cloud-platform'];

export async function credentialOptions(target: BigQueryTarget): Promise<Partial<BigQueryOptions>> {
  if (target.serviceAccount) {
    const { client_email, private_key } = target.serviceAccount;
    return { credentials: { client_email, private_key } };
  }
  if (target.token) {
    // google-auth-library comes with the SDK (through @google-cloud/common).
    const { OAuth2Client } = await import('google-auth-library');
    const client = new OAuth2Client();
    client.setCredentials({ access_token: target.token });
    return { authClient: client as unknown as BigQueryOptions['authClient'] };
  }
  return {};
}

/** After the SDK made its GoogleAuth: service accounts sign their own scoped JWTs. */
export function preferSelfSignedJwt(auth: unknown, target: BigQueryTarget): void {
  if (target.serviceAccount && auth && typeof auth === 'object') (auth as { useJWTAccessWithScope?: boolean }).useJWTAccessWithScope = true;
}
