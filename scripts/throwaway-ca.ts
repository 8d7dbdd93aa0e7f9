/**
 * A throwaway certificate authority and a server certificate it signs, made with openssl, for the
 * HTTPS stand-ins (clients are given the CA to trust; both live two days).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServerCertificate {
  readonly ca: string;
  readonly key: string;
  readonly cert: string;
}

/** Writes ca.pem, tls.key and tls.pem in DIR. subjectAltNames are openssl's entries: DNS:…, IP:…. */
export async function makeServerCertificate(
  dir: string,
  names: { readonly ca: string; readonly server: string; readonly subjectAltNames: readonly string[] },
): Promise<ServerCertificate> {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args);
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
    '-days',
    '2',
    '-subj',
    `/CN=${names.ca}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    path('tls.key'),
    '-out',
    path('tls.csr'),
    '-subj',
    `/CN=${names.server}`,
  );
  await writeFile(
    path('tls.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid,issuer',
      `subjectAltName=${names.subjectAltNames.join(',')}`,
    ].join('\n'),
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    path('tls.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-out',
    path('tls.pem'),
    '-days',
    '2',
    '-extfile',
    path('tls.ext'),
  );
  return { ca: path('ca.pem'), key: path('tls.key'), cert: path('tls.pem') };
}
