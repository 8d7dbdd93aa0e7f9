/**
 * What the Azure stand-in's route modules share: the request as they see it, their answers, the
 * error shapes of each Azure service, and RS256 JWTs signed with the stand-in's key.
 */
import { createPublicKey, createSign, createVerify, randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Json = Record<string, unknown>;

export interface StandInRequest {
  readonly method: string;
  /** The Host header: which name the client used (myreg.azurecr.io, localhost:PORT, 127.0.0.1:PORT). */
  readonly host: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** The body as text (form or JSON); empty for a GET. */
  readonly text: string;
  readonly raw: IncomingMessage;
  readonly response: ServerResponse;
}

export interface StandInReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
}

/**
 * A route module: answers the requests it knows (or writes `response` itself and answers
 * 'handled'), and undefined for every other, so the server asks the next one. The Container Apps
 * ARM handlers mount the same way.
 */
export type StandInHandler = (request: StandInRequest) => Promise<StandInReply | 'handled' | undefined>;

/** A handler that must see the request before its body is read (a streaming proxy). */
export type StreamingHandler = (request: Omit<StandInRequest, 'text'>) => Promise<'handled' | undefined>;

/** The Microsoft Entra ID error shape (AADSTS codes). */
export function entraError(status: number, error: string, code: number, description: string): StandInReply {
  return {
    status,
    json: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    },
  };
}

/** The registry (and ACR token service) error shape. */
export function registryError(status: number, code: string, message: string): StandInReply {
  return { status, json: { errors: [{ code, message, detail: null }] } };
}

/** The ARM error shape. */
export function armError(status: number, code: string, message: string): StandInReply {
  return { status, json: { error: { code, message } } };
}

export function form(request: StandInRequest): URLSearchParams {
  return new URLSearchParams(request.text);
}

/** Signs and checks the stand-in's JWTs (RS256), with the certificate the registry trusts in x5c. */
export class Signer {
  private readonly publicKey: KeyObject;
  private readonly privateKeyPem: string;
  readonly certificatePem: string;

  constructor(privateKeyPem: string, certificatePem: string) {
    this.privateKeyPem = privateKeyPem;
    this.certificatePem = certificatePem;
    this.publicKey = createPublicKey(certificatePem);
  }

  sign(claims: Json, lifetimeSeconds: number): string {
    const now = Math.floor(Date.now() / 1000);
    const der = this.certificatePem.replace(/-----[^-]+-----|\s/g, '');
    const header = { alg: 'RS256', typ: 'JWT', kid: 'stand-in', x5c: [der] };
    const body = { iat: now, nbf: now - 5, exp: now + lifetimeSeconds, jti: randomUUID(), ...claims };
    const signed = `${b64(header)}.${b64(body)}`;
    const signature = createSign('RSA-SHA256').update(signed).sign(this.privateKeyPem).toString('base64url');
    return `${signed}.${signature}`;
  }

  /** The claims of a token this stand-in signed and that has not expired; undefined otherwise. */
  verify(token: string): Json | undefined {
    const [header, body, signature] = token.split('.');
    if (!header || !body || !signature) return undefined;
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${body}`)
      .verify(this.publicKey, Buffer.from(signature, 'base64url'));
    if (!valid) return undefined;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Json;
    return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : undefined;
  }

  /** The public key as a JWK set (for jwks_uri). */
  jwks(): Json {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: 'stand-in', use: 'sig', alg: 'RS256' }] };
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
