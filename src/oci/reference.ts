/**
 * The distribution image reference grammar (github.com/distribution/reference), with Docker's
 * normalisation (docker.io, library/), plus the source transports we accept for `image`.
 */
import { UserError } from './user-error.js';

export const DOCKER_HUB = 'docker.io';
/** distribution's NameTotalLengthMax: the whole name, registry included. */
const NAME_MAX_LENGTH = 255;
const TAG_MAX_LENGTH = 128;

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[a-fA-F0-9:.]+(?:%[a-zA-Z0-9]+)?\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
export const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Hex lengths of the algorithms registries accept (OCI image-spec, descriptor.md). */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** A fully qualified registry reference: registry and repository always set, normalised. */
export interface ImageReference {
  /** Registry host, with port when given; `docker.io` for Docker Hub. IPv6 keeps its brackets. */
  readonly registry: string;
  /** Repository path, `library/` added for official Docker Hub images. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export class ReferenceError extends UserError {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`"${input}" is not a valid image reference: ${reason}`, 'Source image');
    this.name = 'ReferenceError';
  }
}

function fail(input: string, reason: string): never {
  throw new ReferenceError(input, reason);
}

/** Returns why a registry host is invalid, or undefined when it is fine. */
function hostProblem(domain: string): string | undefined {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']');
    if (close < 0) return `registry host "${domain}" opens "[" for an IPv6 address but never closes it`;
    host = domain.slice(0, close + 1);
    const rest = domain.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return `registry host "${domain}" has text after its IPv6 address`;
      port = rest.slice(1);
    }
    if (!IPV6_HOST.test(host)) return `registry host "${host}" is not a valid IPv6 address in brackets`;
  } else {
    const colon = domain.indexOf(':');
    if (colon >= 0) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
    for (const component of host.split('.')) {
      if (!DOMAIN_COMPONENT.test(component)) {
        return `registry host "${host}" is not a valid host name (letters, digits and inner hyphens, separated by dots)`;
      }
    }
  }
  if (port !== undefined) {
    if (!PORT.test(port)) return `registry port "${port}" must be digits`;
    const number = Number(port);
    if (number < 1 || number > 65535) return `registry port ${port} must be between 1 and 65535`;
  }
  return undefined;
}

function digestProblem(digest: string): string | undefined {
  if (!DIGEST.test(digest)) {
    return `digest "${digest}" must look like sha256:<64 hex characters>`;
  }
  const [algorithm, hex] = digest.split(':') as [string, string];
  const expected = DIGEST_HEX_LENGTH[algorithm];
  if (expected === undefined) {
    return `digest algorithm "${algorithm}" is not supported (use sha256 or sha512)`;
  }
  if (hex.length !== expected) {
    return `${algorithm} digest must have ${expected} hex characters, this one has ${hex.length}`;
  }
  if (hex !== hex.toLowerCase()) return `digest "${digest}" must be lower-case hex`;
  return undefined;
}

/** Why a tag is invalid, or undefined. */
export function tagProblem(tag: string): string | undefined {
  if (tag === '') return 'tag is empty';
  if (tag.length > TAG_MAX_LENGTH) return `tag is ${tag.length} characters long, the limit is ${TAG_MAX_LENGTH}`;
  if (!TAG.test(tag)) {
    return `tag "${tag}" may hold only letters, digits, "_", "." and "-", and must not start with "." or "-"`;
  }
  return undefined;
}

/** Splits `[domain/]remote` the way Docker does: the first component is a registry only if it looks like one. */
function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const looksLikeRegistry =
    slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  if (!looksLikeRegistry) {
    // An upper-case first component that is not a registry is an invalid repository, not a host.
    return { domain: DOCKER_HUB, remainder: name };
  }
  let domain = first;
  const remainder = name.slice(slash + 1);
  if (domain === 'index.docker.io' || domain === 'registry-1.docker.io') domain = DOCKER_HUB;
  return { domain, remainder };
}

/**
 * Parses a registry reference such as `ghcr.io/org/app:1.2`, `nginx`, `[::1]:5000/a/b@sha256:…`.
 * Throws ReferenceError with the precise reason when it does not follow the grammar.
 */
export function parseReference(input: string): ImageReference {
  if (input === '') fail(input, 'it is empty');
  if (input !== input.trim()) fail(input, 'it has leading or trailing white space');
  if (/\s/.test(input)) fail(input, 'it contains white space');
  if (input.includes('://')) {
    fail(input, 'it must not contain a URL scheme; write the registry host directly, e.g. ghcr.io/org/app');
  }

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) fail(input, problem);
  }

  // The tag follows the last colon that comes after the last slash (a colon before it is a port).
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  const lastSlash = rest.lastIndexOf('/');
  if (lastColon > lastSlash && !rest.endsWith(']')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    const problem = tagProblem(tag);
    if (problem) fail(input, problem);
  }
  if (rest === '') fail(input, 'the repository name is missing');

  const { domain, remainder } = splitDomain(rest);
  if (remainder === '') fail(input, 'the repository path after the registry host is empty');
  if (domain !== DOCKER_HUB || rest.startsWith(`${DOCKER_HUB}/`)) {
    const problem = hostProblem(domain);
    if (problem) fail(input, problem);
  }

  const components = remainder.split('/');
  for (const component of components) {
    if (component === '') fail(input, 'the repository path has an empty component ("//" or a trailing "/")');
    if (component !== component.toLowerCase() && PATH_COMPONENT.test(component.toLowerCase())) {
      fail(input, `repository name must be lower-case ("${component}")`);
    }
    if (!PATH_COMPONENT.test(component)) {
      fail(
        input,
        `repository path component "${component}" may hold only lower-case letters, digits and single separators ("." "_" "__" "-") between them`,
      );
    }
  }
  const repository = domain === DOCKER_HUB && components.length === 1 ? `library/${remainder}` : remainder;

  const nameLength = `${domain}/${repository}`.length;
  if (nameLength > NAME_MAX_LENGTH) {
    fail(input, `the name is ${nameLength} characters long, the limit is ${NAME_MAX_LENGTH}`);
  }
  return { registry: domain, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** The canonical, fully qualified form: `registry/repository[:tag][@digest]`. */
export function formatReference(ref: ImageReference): string {
  let out = `${ref.registry}/${ref.repository}`;
  if (ref.tag !== undefined) out += `:${ref.tag}`;
  if (ref.digest !== undefined) out += `@${ref.digest}`;
  return out;
}

/** The short form Docker prints: no `docker.io/`, no `library/`. */
export function familiarReference(ref: ImageReference): string {
  const full = formatReference(ref);
  if (ref.registry !== DOCKER_HUB) return full;
  const withoutHost = full.slice(DOCKER_HUB.length + 1);
  return withoutHost.startsWith('library/') && !ref.repository.slice(8).includes('/')
    ? withoutHost.slice(8)
    : withoutHost;
}

export function repositoryName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Parses a destination repository: a reference with neither tag nor digest. */
/** "127.0.0.1:5000", "localhost:5000", "registry.example.com:443": a registry and port, no repository. */
const HOST_AND_PORT = /^(?:localhost|\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+):\d{1,5}$/i;

export function parseRepository(input: string): ImageReference {
  // Read as Docker would, this is repository "127.0.0.1" with tag "5000": say what was meant instead.
  if (HOST_AND_PORT.test(input)) {
    fail(input, `it names the registry ${input} but no repository: add the repository path, e.g. ${input}/app`);
  }
  const ref = parseReference(input);
  if (ref.tag !== undefined || ref.digest !== undefined) {
    const what = ref.digest !== undefined ? `digest "@${ref.digest}"` : `tag ":${ref.tag}"`;
    throw new ReferenceError(
      input,
      `a destination is a repository without ${ref.digest !== undefined ? 'a digest' : 'a tag'}; remove ${what} and list tags in the "tags" input`,
    );
  }
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Source transports

export type SourceReference =
  | { readonly transport: 'registry'; readonly ref: ImageReference }
  | { readonly transport: 'docker-daemon'; readonly ref: ImageReference }
  | { readonly transport: 'oci-layout'; readonly path: string; readonly tag?: string }
  | { readonly transport: 'docker-archive'; readonly path: string; readonly ref?: ImageReference };

/** skopeo/containers-image transports we do not read; named so the error can say so. */
const OTHER_TRANSPORTS = new Set(['oci', 'oci-archive', 'dir', 'containers-storage', 'sif', 'tarball', 'ostree']);
const TRANSPORT_HINT = 'use a registry reference, docker-daemon:NAME:TAG, oci-layout:PATH[:TAG] or docker-archive:PATH';

/**
 * Parses the `image` input: a registry reference (optionally `docker://…`), or
 * `docker-daemon:NAME[:TAG|@DIGEST]`, `oci-layout:PATH[:TAG]`, `docker-archive:PATH[:NAME:TAG]`.
 * As in skopeo, the path ends at the first colon, so paths cannot contain ":".
 */
export function parseSource(input: string): SourceReference {
  if (input.startsWith('docker://')) {
    return { transport: 'registry', ref: parseReference(input.slice('docker://'.length)) };
  }
  if (input.startsWith('docker-daemon:')) {
    const ref = parseReference(input.slice('docker-daemon:'.length));
    if (ref.tag === undefined && ref.digest === undefined) {
      throw new ReferenceError(input, 'docker-daemon: needs a tag or digest, e.g. docker-daemon:app:1.0');
    }
    return { transport: 'docker-daemon', ref };
  }
  if (input.startsWith('oci-layout:')) {
    const body = input.slice('oci-layout:'.length);
    const colon = body.indexOf(':');
    const path = colon < 0 ? body : body.slice(0, colon);
    if (path === '') throw new ReferenceError(input, 'oci-layout: needs a directory path, e.g. oci-layout:./out:1.0');
    if (colon < 0) return { transport: 'oci-layout', path };
    const tag = body.slice(colon + 1);
    // In an OCI layout the ref name annotation is a tag in practice; validate it as one.
    const problem = tagProblem(tag);
    if (problem) throw new ReferenceError(input, problem);
    return { transport: 'oci-layout', path, tag };
  }
  if (input.startsWith('docker-archive:')) {
    const body = input.slice('docker-archive:'.length);
    const colon = body.indexOf(':');
    const path = colon < 0 ? body : body.slice(0, colon);
    if (path === '') {
      throw new ReferenceError(input, 'docker-archive: needs a tarball path, e.g. docker-archive:./app.tar');
    }
    if (colon < 0) return { transport: 'docker-archive', path };
    const ref = parseReference(body.slice(colon + 1));
    if (ref.digest !== undefined) {
      throw new ReferenceError(input, 'docker-archive: selects an image by NAME:TAG, not by digest');
    }
    return { transport: 'docker-archive', path, ref };
  }
  const prefix = /^([a-z][a-z0-9-]*):(?!\d+(?:\/|$))/.exec(input)?.[1];
  if (prefix !== undefined && OTHER_TRANSPORTS.has(prefix)) {
    throw new ReferenceError(input, `unknown transport "${prefix}:"; ${TRANSPORT_HINT}`);
  }
  try {
    return { transport: 'registry', ref: parseReference(input) };
  } catch (error) {
    // "name:x/y" cannot be a registry reference (a tag has no "/"), so it was meant as a transport.
    if (prefix !== undefined && input.slice(prefix.length + 1).includes('/')) {
      throw new ReferenceError(input, `unknown transport "${prefix}:"; ${TRANSPORT_HINT}`);
    }
    throw error;
  }
}

export function formatSource(source: SourceReference): string {
  switch (source.transport) {
    case 'registry':
      return formatReference(source.ref);
    case 'docker-daemon':
      return `docker-daemon:${familiarReference(source.ref)}`;
    case 'oci-layout':
      return `oci-layout:${source.path}${source.tag !== undefined ? `:${source.tag}` : ''}`;
    case 'docker-archive':
      return `docker-archive:${source.path}${source.ref ? `:${familiarReference(source.ref)}` : ''}`;
  }
}
