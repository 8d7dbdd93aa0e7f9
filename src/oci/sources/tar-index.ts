/**
 * An index of a tar file's entries (name → byte range), so any member can be streamed straight
 * from the file. Written by hand because the maintained tar libraries (tar, tar-stream) only
 * stream an archive front to back and do not expose where an entry's data starts.
 * Reads ustar, pax (`x`) and GNU long-name (`L`, `K`) headers; resolves symbolic and hard links.
 */
import type { FileHandle } from 'node:fs/promises';
import { UserError } from '../user-error.js';

const BLOCK = 512;

export interface TarEntry {
  readonly name: string;
  /** Where the entry's data starts in the file. */
  readonly offset: number;
  readonly size: number;
  readonly type: 'file' | 'link' | 'other';
  readonly linkTarget?: string;
}

/** A tarball that is not one, is cut short, or lacks a member: the source image is at fault. */
export class TarError extends UserError {
  constructor(message: string) {
    super(message, 'Source image');
    this.name = 'TarError';
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  // Base-256 (high bit set) for sizes beyond 8 GiB, as GNU tar writes them.
  if ((block[start]! & 0x80) !== 0) {
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const length = Number(data.subarray(i, space).toString());
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, i + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    i += length;
  }
  return records;
}

/** Normalises `./a/b` and `a//b` to `a/b`, and resolves `..` against the link's directory. */
function normaliseTarPath(path: string, base = ''): string {
  const parts: string[] = base ? base.split('/').slice(0, -1) : [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export async function indexTar(file: FileHandle, where: string): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  const { size: fileSize } = await file.stat();
  const header = Buffer.alloc(BLOCK);
  let offset = 0;
  let pending: { path?: string; linkpath?: string; size?: string } = {};
  while (offset + BLOCK <= fileSize) {
    const { bytesRead } = await file.read(header, 0, BLOCK, offset);
    if (bytesRead < BLOCK) break;
    if (header.every((byte) => byte === 0)) break; // end of archive
    if (text(header, 257, 5) !== 'ustar' && header.subarray(257, 262).some((b) => b !== 0)) {
      throw new TarError(`${where} is not a tar archive (no ustar header at byte ${offset})`);
    }
    let checksum = 0;
    for (let i = 0; i < BLOCK; i++) checksum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    if (checksum !== octal(header, 148, 8))
      throw new TarError(`${where}: the tar header at byte ${offset} is corrupt (bad checksum)`);

    const type = String.fromCharCode(header[156]!);
    const size = pending.size !== undefined ? Number(pending.size) : octal(header, 124, 12);
    const dataOffset = offset + BLOCK;
    if (dataOffset + size > fileSize)
      throw new TarError(`${where} is truncated: an entry needs ${size} bytes past byte ${dataOffset}`);
    offset = dataOffset + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x' || type === 'L' || type === 'K') {
      const data = Buffer.alloc(size);
      await file.read(data, 0, size, dataOffset);
      if (type === 'x') pending = { ...pending, ...parsePax(data) };
      else if (type === 'L') pending.path = text(data, 0, size);
      else pending.linkpath = text(data, 0, size);
      continue;
    }
    if (type === 'g') continue;

    const prefix = text(header, 345, 155);
    const rawName = pending.path ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const name = normaliseTarPath(rawName);
    const linkTarget = pending.linkpath ?? text(header, 157, 100);
    pending = {};
    if (type === '0' || type === '\0' || type === '7') {
      entries.set(name, { name, offset: dataOffset, size, type: 'file' });
    } else if (type === '1' || type === '2') {
      // Symbolic links resolve against their directory; hard links name a path from the root.
      const target = type === '2' ? normaliseTarPath(linkTarget, name) : normaliseTarPath(linkTarget);
      entries.set(name, { name, offset: 0, size: 0, type: 'link', linkTarget: target });
    } else {
      entries.set(name, { name, offset: dataOffset, size, type: 'other' });
    }
  }
  return entries;
}

/** Follows links (a bounded number of hops) to the file entry holding the data. */
export function resolveTarEntry(entries: ReadonlyMap<string, TarEntry>, name: string, where: string): TarEntry {
  let entry = entries.get(normaliseTarPath(name));
  for (let hops = 0; entry?.type === 'link' && hops < 16; hops++) entry = entries.get(entry.linkTarget!);
  if (!entry || entry.type !== 'file') throw new TarError(`${where} has no file "${name}"`);
  return entry;
}
