/**
 * Microsoft Entra tokens as an AKS API server with Entra integration takes them: an RS256 JWT for
 * the AKS server application (aud 6dae42f8-4368-4678-94ff-3960e28e3630, or its
 * `api://` / `spn:` forms), not expired, signed by the issuer's key (here: the Azure stand-in's token
 * certificate). The user is the token's oid (as AKS names Entra principals in RBAC).
 */
import { createPublicKey, createVerify } from 'node:crypto';

export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

export interface EntraAuth {
  /** The certificate (PEM) whose key signs the tokens. */
  readonly certificatePem: string;
  /** The audience the tokens must carry (default the AKS server application). */
  readonly audience?: string;
}

export function verifyEntraToken(token: string, auth: EntraAuth, now = Date.now()): string | undefined {
  const [header, body, signature] = token.split('.');
  if (!header || !body || !signature) return undefined;
  let claims: Record<string, unknown>;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    if (head.alg !== 'RS256') return undefined;
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${body}`)
      .verify(createPublicKey(auth.certificatePem), Buffer.from(signature, 'base64url'));
    if (!valid) return undefined;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const audience = auth.audience ?? AKS_SERVER_APP_ID;
  const audiences = [audience, `api://${audience}`, `spn:${audience}`];
  if (!audiences.includes(String(claims.aud))) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return undefined;
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > now + 5 * 60_000) return undefined;
  return String(claims.oid ?? claims.sub ?? claims.appid ?? 'entra-user');
}
