/**
 * Just enough of Kubernetes' protobuf encoding to read what typed clients send for the kinds they
 * create that way from kubectl (`kubectl create namespace`): the `k8s\0` envelope
 * (runtime.Unknown) and a Namespace's metadata (name, generateName, labels, annotations) and
 * spec.finalizers. Pure.
 */
import type { Json } from './types.ts';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Field = { number: number; wire: number; value: bigint | Buffer };

function readVarint(buffer: Buffer, offset: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let at = offset; at < buffer.length; at++) {
    const byte = buffer[at]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, at + 1];
    shift += 7n;
  }
  throw new Error('truncated varint');
}

export function fields(buffer: Buffer): Field[] {
  const result: Field[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const [key, next] = readVarint(buffer, offset);
    offset = next;
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [value, after] = readVarint(buffer, offset);
      result.push({ number, wire, value });
      offset = after;
    } else if (wire === 2) {
      const [length, after] = readVarint(buffer, offset);
      const end = after + Number(length);
      if (end > buffer.length) throw new Error('truncated field');
      result.push({ number, wire, value: buffer.subarray(after, end) });
      offset = end;
    } else if (wire === 1) {
      result.push({ number, wire, value: buffer.subarray(offset, offset + 8) });
      offset += 8;
    } else if (wire === 5) {
      result.push({ number, wire, value: buffer.subarray(offset, offset + 4) });
      offset += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return result;
}

const text = (field: Field) => (Buffer.isBuffer(field.value) ? field.value.toString('utf8') : String(field.value));

function stringMap(entries: Field[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    if (!Buffer.isBuffer(entry.value)) continue;
    const parts = fields(entry.value);
    const key = parts.find((part) => part.number === 1);
    const value = parts.find((part) => part.number === 2);
    if (key) map[text(key)] = value ? text(value) : '';
  }
  return map;
}

function objectMeta(buffer: Buffer): Json {
  const meta: Json = {};
  const all = fields(buffer);
  for (const field of all) {
    if (text(field) === '') continue;
    if (field.number === 1) meta.name = text(field);
    else if (field.number === 2) meta.generateName = text(field);
    else if (field.number === 3) meta.namespace = text(field);
    else if (field.number === 6) meta.resourceVersion = text(field);
  }
  const labels = all.filter((field) => field.number === 11);
  const annotations = all.filter((field) => field.number === 12);
  if (labels.length) meta.labels = stringMap(labels);
  if (annotations.length) meta.annotations = stringMap(annotations);
  return meta;
}

/** The envelope's apiVersion and kind, and the object's bytes. */
export function unwrap(body: Buffer): { apiVersion: string; kind: string; raw: Buffer } {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new Error('not a Kubernetes protobuf message');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const field of fields(body.subarray(4))) {
    if (field.number === 1 && Buffer.isBuffer(field.value))
      for (const part of fields(field.value)) {
        if (part.number === 1) apiVersion = text(part);
        if (part.number === 2) kind = text(part);
      }
    if (field.number === 2 && Buffer.isBuffer(field.value)) raw = field.value;
  }
  return { apiVersion, kind, raw };
}

/** The JSON form of a protobuf request body, for the kinds this reads; undefined for the others. */
export function decodeProtobuf(body: Buffer): Json | undefined {
  const { apiVersion, kind, raw } = unwrap(body);
  if (apiVersion !== 'v1' || kind !== 'Namespace') return undefined;
  const object: Json = { apiVersion, kind, metadata: {} };
  for (const field of fields(raw)) {
    if (field.number === 1 && Buffer.isBuffer(field.value)) object.metadata = objectMeta(field.value);
    if (field.number === 2 && Buffer.isBuffer(field.value)) {
      const finalizers = fields(field.value)
        .filter((part) => part.number === 1)
        .map(text);
      object.spec = finalizers.length ? { finalizers } : {};
    }
  }
  return object;
}
