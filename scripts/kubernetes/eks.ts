/**
 * EKS bearer tokens as aws-iam-authenticator checks them (pkg/token/token.go): `k8s-aws-v1.` and the
 * unpadded base64url of a presigned STS GetCallerIdentity URL whose signed headers include
 * `x-k8s-aws-id`, at most 15 minutes old. The stand-in then asks the configured STS (moto_server)
 * GetCallerIdentity with the token's credential and the header `x-k8s-aws-id: CLUSTER`, as the
 * authenticator asks AWS STS, and takes the caller's ARN as the user. moto does not check signatures, so when `secretAccessKeys` is
 * given the stand-in checks the SigV4 signature itself (which also binds the token to the cluster).
 */
import { createHash, createHmac } from 'node:crypto';

export interface EksAuth {
  /** Where STS answers (moto_server: http://127.0.0.1:PORT). */
  readonly stsUrl: string;
  /** The cluster names this server is (the x-k8s-aws-id the token must be signed for); any when unset. */
  readonly clusters?: readonly string[];
  /** Access key id → secret access key: verify the signature too. */
  readonly secretAccessKeys?: Readonly<Record<string, string>>;
}

const PREFIX = 'k8s-aws-v1.';
const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

/** Why a token is refused (undefined when it is fine), without calling STS. */
export function checkEksTokenShape(token: string, auth: EksAuth, now = Date.now()): { url: URL } | { error: string } {
  if (!token.startsWith(PREFIX)) return { error: 'token is not an EKS token' };
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return { error: 'token is not a presigned URL' };
  }
  const stsHost = new URL(auth.stsUrl).host;
  if (url.protocol !== 'https:' && url.host !== stsHost) return { error: `unexpected scheme ${url.protocol}` };
  if (!STS_HOST.test(url.hostname) && url.host !== stsHost)
    return { error: `unexpected hostname "${url.hostname}" in pre-signed URL` };
  const query = url.searchParams;
  if (query.get('Action') !== 'GetCallerIdentity') return { error: 'unexpected action parameter in pre-signed URL' };
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (!signedHeaders.includes('x-k8s-aws-id'))
    return { error: 'client did not sign the x-k8s-aws-id header in the pre-signed URL' };
  const date = query.get('X-Amz-Date') ?? '';
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!match) return { error: 'X-Amz-Date parameter is missing or malformed' };
  const signedAt = Date.UTC(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6]),
  );
  const expires = Number(query.get('X-Amz-Expires') ?? NaN);
  if (!Number.isFinite(expires) || expires > 60 * 15)
    return { error: 'X-Amz-Expires parameter is missing or too large' };
  if (now - signedAt > 15 * 60 * 1000) return { error: 'X-Amz-Date parameter is expired (15 minute expiration)' };
  if (signedAt - now > 5 * 60 * 1000) return { error: 'X-Amz-Date parameter is in the future' };
  return { url };
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Whether the presigned URL's SigV4 signature is right for this cluster and secret key. */
export function verifySignature(url: URL, cluster: string, secret: string): boolean {
  const query = url.searchParams;
  const [accessKey, day, region, service] = (query.get('X-Amz-Credential') ?? '').split('/');
  if (!accessKey || !day || !region || !service) return false;
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
  const headerValues: Record<string, string> = { host: url.host, 'x-k8s-aws-id': cluster };
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${(headerValues[name] ?? '').trim()}\n`)
    .join('');
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
  const expected = query.get('X-Amz-Signature');
  for (const payload of ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'UNSIGNED-PAYLOAD']) {
    const canonical = ['GET', url.pathname || '/', canonicalQuery, canonicalHeaders, signedHeaders, payload].join('\n');
    const toSign = [
      'AWS4-HMAC-SHA256',
      query.get('X-Amz-Date'),
      `${day}/${region}/${service}/aws4_request`,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    if (hmac(key, toSign).toString('hex') === expected) return true;
  }
  return false;
}

/**
 * The user (the caller's ARN) an EKS token authenticates, or undefined. Tries each configured
 * cluster name as x-k8s-aws-id (a signature check tells which one the token was made for).
 */
export async function verifyEksToken(token: string, auth: EksAuth): Promise<string | undefined> {
  const shape = checkEksTokenShape(token, auth);
  if ('error' in shape) return undefined;
  const { url } = shape;
  const clusters = auth.clusters ?? [];
  let cluster = clusters[0] ?? 'unknown';
  if (auth.secretAccessKeys) {
    const accessKey = (url.searchParams.get('X-Amz-Credential') ?? '').split('/')[0] ?? '';
    const secret = auth.secretAccessKeys[accessKey];
    if (!secret) return undefined;
    const signedFor = clusters.find((name) => verifySignature(url, name, secret));
    if (!signedFor) return undefined;
    cluster = signedFor;
  }
  // aws-iam-authenticator GETs the presigned URL. moto_server (5.2.1) routes a request to STS only
  // by its Authorization header or form body, so the same call goes to it as a form POST carrying
  // the URL's credential scope and signature in the header.
  const query = url.searchParams;
  const authorization = `AWS4-HMAC-SHA256 Credential=${query.get('X-Amz-Credential')}, SignedHeaders=${query.get('X-Amz-SignedHeaders')}, Signature=${query.get('X-Amz-Signature')}`;
  const form = new URLSearchParams();
  for (const [name, value] of query) if (!name.startsWith('X-Amz-')) form.set(name, value);
  try {
    const response = await fetch(auth.stsUrl, {
      method: 'POST',
      headers: {
        authorization,
        'x-amz-date': query.get('X-Amz-Date') ?? '',
        'x-k8s-aws-id': cluster,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    const text = await response.text();
    const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1] ?? /"Arn"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    return arn;
  } catch {
    return undefined;
  }
}
