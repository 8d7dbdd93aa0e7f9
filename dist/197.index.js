export const id = 197;
export const ids = [197];
export const modules = {

/***/ 85197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DockerArchiveSource: () => (/* binding */ DockerArchiveSource)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/oci/client.ts + 7 modules
var client = __webpack_require__(76978);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/progress.ts
var progress = __webpack_require__(81450);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/oci/memory.ts
var memory = __webpack_require__(44586);
// EXTERNAL MODULE: ./src/oci/sources/source.ts
var source = __webpack_require__(94155);
;// CONCATENATED MODULE: ./src/oci/sources/gzip.ts




const GZIP_LEVEL = 1;
const GZIP_BLOCK = 1024 * 1024;
const WINDOW = 32 * 1024;
/**
 * Blocks being compressed at once per layer: two keep two cores busy on one layer, and with two
 * layers at a time libuv's four threads; more only holds more memory.
 */
const IN_FLIGHT = 2;
/** Block buffers a layer read from a file holds: those being compressed and one read ahead. */
const READ_BUFFERS = IN_FLIGHT + 1;
/** Magic, deflate, no flags, no mtime, XFL 4 ("fastest"), OS 255 ("unknown"): the same on every machine. */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xff]);
/**
 * One block's deflate, as the chunks zlib writes (the same calls as zlib.deflateRaw(), which would
 * only copy them together into one more buffer).
 */
function deflateBlock(data, dictionary, last) {
    const options = {
        level: GZIP_LEVEL,
        finishFlush: last ? external_node_zlib_.constants.Z_FINISH : external_node_zlib_.constants.Z_SYNC_FLUSH,
        ...(dictionary && dictionary.length > 0 && { dictionary }),
    };
    return new Promise((resolve, reject) => {
        const chunks = [];
        (0,external_node_zlib_.createDeflateRaw)(options)
            .on('data', (chunk) => chunks.push(chunk))
            .on('error', reject)
            .on('end', () => {
            (0,memory/* noteZlibOutput */.G)(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
            resolve(chunks);
        })
            .end(data);
    });
}
async function* gzipChunks(blocks) {
    yield HEADER;
    let crc = 0;
    let total = 0;
    // The last WINDOW bytes of input, primed into the next block. zlib copies a dictionary when the
    // block's stream is made, so one buffer serves the whole layer.
    const window = Buffer.allocUnsafe(WINDOW);
    let windowLength = 0;
    const pending = [];
    for await (const { data, last, release } of blocks) {
        crc = (0,external_node_zlib_.crc32)(data, crc);
        total += data.length;
        let compressed = deflateBlock(data, window.subarray(0, windowLength), last);
        if (release)
            compressed = compressed.finally(release);
        compressed.catch(() => { }); // awaited in order below; this only keeps a later block's failure from being unhandled
        pending.push(compressed);
        if (data.length >= WINDOW) {
            data.copy(window, 0, data.length - WINDOW);
            windowLength = WINDOW;
        }
        else {
            const kept = Math.min(windowLength, WINDOW - data.length);
            window.copy(window, 0, windowLength - kept, windowLength);
            data.copy(window, kept);
            windowLength = kept + data.length;
        }
        while (pending.length >= IN_FLIGHT)
            yield* await pending.shift();
    }
    while (pending.length > 0)
        yield* await pending.shift();
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(total % 2 ** 32, 4);
    yield trailer;
}
/**
 * Cuts a stream into blocks. A full block goes only once a byte past it has arrived: the last
 * block must be the one that finishes. Read in chunks of exactly a block, no block is copied.
 */
async function* blocksOf(raw, onRead) {
    let full;
    let held = [];
    let heldLength = 0;
    for await (const chunk of raw) {
        onRead?.(chunk.length);
        if (chunk.length === 0)
            continue;
        if (full) {
            yield { data: full, last: false };
            full = undefined;
        }
        if (heldLength === 0 && chunk.length === GZIP_BLOCK) {
            full = chunk;
            continue;
        }
        held.push(chunk);
        heldLength += chunk.length;
        while (heldLength >= GZIP_BLOCK) {
            const all = held.length === 1 ? held[0] : Buffer.concat(held, heldLength);
            if (heldLength === GZIP_BLOCK) {
                full = all;
                held = [];
                heldLength = 0;
                break;
            }
            yield { data: all.subarray(0, GZIP_BLOCK), last: false };
            held = [all.subarray(GZIP_BLOCK)];
            heldLength -= GZIP_BLOCK;
        }
    }
    // (A full block is only ever held with nothing after it.)
    yield { data: full ?? (held.length === 1 ? held[0] : Buffer.concat(held, heldLength)), last: true };
}
/**
 * Reads `length` bytes of `file` from `start` a block at a time, into a few buffers reused for the
 * whole range: the blocks being compressed and one read ahead. (A read stream would allocate a
 * fresh buffer per block, and the dead ones pile up until V8 collects them.)
 */
async function* fileBlocks(range, onRead) {
    const { file, start, length } = range;
    const count = Math.max(1, Math.ceil(length / GZIP_BLOCK));
    const free = [];
    let allocated = 0;
    let wake;
    const release = (buffer) => {
        free.push(buffer);
        const waiting = wake;
        wake = undefined;
        waiting?.();
    };
    const read = async (index) => {
        let buffer = free.pop();
        while (!buffer) {
            if (allocated < READ_BUFFERS) {
                allocated++;
                buffer = Buffer.allocUnsafeSlow(GZIP_BLOCK);
            }
            else {
                await new Promise((resolve) => (wake = resolve));
                buffer = free.pop();
            }
        }
        const size = Math.min(GZIP_BLOCK, length - index * GZIP_BLOCK);
        for (let done = 0; done < size;) {
            const { bytesRead } = await file.read(buffer, done, size - done, start + index * GZIP_BLOCK + done);
            if (bytesRead === 0)
                throw new source/* SourceError */.c(`${range.name}: the file ends inside ${range.what} (at byte ${start + index * GZIP_BLOCK + done}); was it changed while being read?`);
            done += bytesRead;
        }
        const owned = buffer;
        return { data: buffer.subarray(0, size), last: index === count - 1, release: () => release(owned) };
    };
    let next = read(0);
    for (let index = 0; index < count; index++) {
        const block = await next;
        if (index + 1 < count) {
            next = read(index + 1); // read ahead while this one is compressed
            next.catch(() => { }); // awaited on the next turn; this only keeps a failure after an abort from being unhandled
        }
        onRead?.(block.data.length);
        yield block;
    }
}
/** Compressed output buffered ahead of the reader, per layer. */
const OUTPUT_BUFFERED = 1024 * 1024;
/** The gzip of `raw`, as a stream; fails with `raw`'s error. `onRead` is told each chunk of `raw` read. */
function gzipLayer(raw, onRead) {
    return Readable.from(gzipChunks(blocksOf(raw, onRead)), { objectMode: false, highWaterMark: OUTPUT_BUFFERED });
}
/**
 * The gzip of a stretch of a file (a layer inside a tarball): the same bytes as gzipLayer() of
 * them, read into a few reused block buffers. `onRead` is told each block read.
 */
function gzipFileRange(range, onRead) {
    return external_node_stream_.Readable.from(gzipChunks(fileBlocks(range, onRead)), { objectMode: false, highWaterMark: OUTPUT_BUFFERED });
}

// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
;// CONCATENATED MODULE: ./src/oci/sources/tar-index.ts

const BLOCK = 512;
/** A tarball that is not one, is cut short, or lacks a member: the source image is at fault. */
class TarError extends user_error/* UserError */.y {
    constructor(message) {
        super(message, 'Source image');
        this.name = 'TarError';
    }
}
function tar_index_text(block, start, length) {
    const field = block.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end < 0 ? length : end).toString('utf8');
}
function octal(block, start, length) {
    // Base-256 (high bit set) for sizes beyond 8 GiB, as GNU tar writes them.
    if ((block[start] & 0x80) !== 0) {
        let value = block[start] & 0x7f;
        for (let i = start + 1; i < start + length; i++)
            value = value * 256 + block[i];
        return value;
    }
    const digits = tar_index_text(block, start, length).trim();
    return digits === '' ? 0 : parseInt(digits, 8);
}
function parsePax(data) {
    const records = {};
    let i = 0;
    while (i < data.length) {
        const space = data.indexOf(0x20, i);
        if (space < 0)
            break;
        const length = Number(data.subarray(i, space).toString());
        if (!Number.isFinite(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, i + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records[record.slice(0, equals)] = record.slice(equals + 1);
        i += length;
    }
    return records;
}
/** Normalises `./a/b` and `a//b` to `a/b`, and resolves `..` against the link's directory. */
function normaliseTarPath(path, base = '') {
    const parts = base ? base.split('/').slice(0, -1) : [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            parts.pop();
        else
            parts.push(part);
    }
    return parts.join('/');
}
async function indexTar(file, where) {
    const entries = new Map();
    const { size: fileSize } = await file.stat();
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    let pending = {};
    while (offset + BLOCK <= fileSize) {
        const { bytesRead } = await file.read(header, 0, BLOCK, offset);
        if (bytesRead < BLOCK)
            break;
        if (header.every((byte) => byte === 0))
            break; // end of archive
        if (tar_index_text(header, 257, 5) !== 'ustar' && header.subarray(257, 262).some((b) => b !== 0)) {
            throw new TarError(`${where} is not a tar archive (no ustar header at byte ${offset})`);
        }
        let checksum = 0;
        for (let i = 0; i < BLOCK; i++)
            checksum += i >= 148 && i < 156 ? 0x20 : header[i];
        if (checksum !== octal(header, 148, 8))
            throw new TarError(`${where}: the tar header at byte ${offset} is corrupt (bad checksum)`);
        const type = String.fromCharCode(header[156]);
        const size = pending.size !== undefined ? Number(pending.size) : octal(header, 124, 12);
        const dataOffset = offset + BLOCK;
        if (dataOffset + size > fileSize)
            throw new TarError(`${where} is truncated: an entry needs ${size} bytes past byte ${dataOffset}`);
        offset = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
        if (type === 'x' || type === 'L' || type === 'K') {
            const data = Buffer.alloc(size);
            await file.read(data, 0, size, dataOffset);
            if (type === 'x')
                pending = { ...pending, ...parsePax(data) };
            else if (type === 'L')
                pending.path = tar_index_text(data, 0, size);
            else
                pending.linkpath = tar_index_text(data, 0, size);
            continue;
        }
        if (type === 'g')
            continue;
        const prefix = tar_index_text(header, 345, 155);
        const rawName = pending.path ?? (prefix ? `${prefix}/${tar_index_text(header, 0, 100)}` : tar_index_text(header, 0, 100));
        const name = normaliseTarPath(rawName);
        const linkTarget = pending.linkpath ?? tar_index_text(header, 157, 100);
        pending = {};
        if (type === '0' || type === '\0' || type === '7') {
            entries.set(name, { name, offset: dataOffset, size, type: 'file' });
        }
        else if (type === '1' || type === '2') {
            // Symbolic links resolve against their directory; hard links name a path from the root.
            const target = type === '2' ? normaliseTarPath(linkTarget, name) : normaliseTarPath(linkTarget);
            entries.set(name, { name, offset: 0, size: 0, type: 'link', linkTarget: target });
        }
        else {
            entries.set(name, { name, offset: dataOffset, size, type: 'other' });
        }
    }
    return entries;
}
/** Follows links (a bounded number of hops) to the file entry holding the data. */
function resolveTarEntry(entries, name, where) {
    let entry = entries.get(normaliseTarPath(name));
    for (let hops = 0; entry?.type === 'link' && hops < 16; hops++)
        entry = entries.get(entry.linkTarget);
    if (!entry || entry.type !== 'file')
        throw new TarError(`${where} has no file "${name}"`);
    return entry;
}

;// CONCATENATED MODULE: ./src/oci/sources/docker-archive.ts
/**
 * A `docker save` tarball as a source. Layers in it are uncompressed tars; registries want them
 * gzip-compressed, so each layer is compressed on the fly (gzip.ts: one fixed recipe, so the same
 * tarball always gives the same digests). A copy compresses each layer once, while it uploads
 * (`streamable()`). Asked for its manifest first (`root()`: a run that deploys must know the digest
 * before anything is pushed), the source compresses each layer once to learn its digest and keeps
 * the compressed bytes in a temporary file (RUNNER_TEMP), which the upload then reads: still one
 * compression per layer. Where the disk has no room for them, each layer is compressed again while
 * it uploads, with the same bytes (gzip.ts). The files go when the source is closed.
 */














const LAYERS_IN_PARALLEL = 2;
/** Left free on the temporary disk beyond the layers kept there, for the steps after this one. */
const SPOOL_DISK_RESERVE = 1024 * 1024 * 1024;
/** The layers an image lists, each once (an image may list one layer twice), in their first order. */
function distinctLayers(entries) {
    return [...new Map(entries.map((entry) => [entry.name, entry])).values()];
}
function sameImage(a, b) {
    return a.registry === b.registry && a.repository === b.repository && (a.tag ?? 'latest') === (b.tag ?? 'latest');
}
class DockerArchiveSource {
    path;
    ref;
    options;
    description;
    defaultTag;
    handle;
    opened;
    prepared;
    /** Layers measured one by one (a registry refused a streamed upload), by digest. */
    measured = new Map();
    /** Where compressed layers are kept between learning their digest and uploading them; null: not kept. */
    spoolDir;
    spooled = 0;
    constructor(path, ref, options = {}) {
        this.path = path;
        this.ref = ref;
        this.options = options;
        this.description = options.description ?? `docker-archive:${path}${ref ? `:${(0,reference/* familiarReference */.ZD)(ref)}` : ''}`;
        this.defaultTag = ref?.tag;
    }
    fail(message) {
        throw new source/* SourceError */.c(`${this.description}: ${message}`);
    }
    open() {
        this.opened ??= this.load();
        return this.opened;
    }
    prepare() {
        this.prepared ??= this.measureAll();
        return this.prepared;
    }
    async load() {
        try {
            this.handle = await (0,promises_.open)(this.path, 'r');
        }
        catch (error) {
            this.fail(`cannot open ${this.path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
        }
        // A directory opens fine on Linux and fails only at the first read, with a bare EISDIR.
        if ((await this.handle.stat()).isDirectory()) {
            this.fail(`${this.path} is a directory, and docker-archive: reads a \`docker save\` tarball; for an OCI image layout directory use oci-layout:${this.path}`);
        }
        let entries;
        try {
            entries = await indexTar(this.handle, this.path);
        }
        catch (error) {
            if (error instanceof TarError)
                this.fail(error.message);
            throw error;
        }
        const read = async (name) => {
            const entry = resolveTarEntry(entries, name, this.path);
            const buffer = Buffer.alloc(entry.size);
            await this.handle.read(buffer, 0, entry.size, entry.offset);
            return buffer;
        };
        let list;
        try {
            list = JSON.parse((await read('manifest.json')).toString('utf8'));
        }
        catch (error) {
            this.fail(error instanceof TarError
                ? `${error.message}; is it a \`docker save\` tarball?`
                : 'manifest.json is not valid JSON');
        }
        const image = this.choose(list);
        const config = await read(image.Config);
        return {
            config,
            configDigest: (0,client/* sha256 */.sc)(config),
            layerEntries: image.Layers.map((name) => resolveTarEntry(entries, name, this.path)),
        };
    }
    /** Learns each layer's compressed digest, a couple at a time, without sending anything. */
    async measureAll() {
        const { config, configDigest, layerEntries } = await this.open();
        // A layer listed twice is measured (and kept) once.
        const distinct = distinctLayers(layerEntries);
        const spoolDir = await this.spoolFor(distinct);
        const byName = new Map();
        let next = 0;
        const worker = async () => {
            while (next < distinct.length) {
                const entry = distinct[next++];
                byName.set(entry.name, await this.measure(entry, spoolDir));
            }
        };
        await Promise.all(Array.from({ length: LAYERS_IN_PARALLEL }, worker));
        for (const entry of distinct)
            this.logLayer(byName.get(entry.name));
        return this.manifestFor(config, configDigest, layerEntries.map((entry) => byName.get(entry.name)));
    }
    logLayer(layer) {
        this.options.log?.(layer.stored
            ? `layer ${layer.digest} (already gzip, ${(0,progress/* formatBytes */.z3)(layer.size)})`
            : `layer ${layer.entry.name}: ${(0,progress/* formatBytes */.z3)(layer.entry.size)} → gzip ${(0,progress/* formatBytes */.z3)(layer.size)}, ${layer.digest}`);
    }
    manifestFor(config, configDigest, layers) {
        const bytes = Buffer.from(JSON.stringify({
            schemaVersion: 2,
            mediaType: media_types/* DOCKER_MANIFEST */.Vv,
            config: { mediaType: media_types/* DOCKER_CONFIG */.e6, size: config.length, digest: configDigest },
            layers: layers.map((l) => ({ mediaType: media_types/* DOCKER_LAYER_GZIP */.MZ, size: l.size, digest: l.digest })),
        }));
        return {
            manifest: { digest: (0,client/* sha256 */.sc)(bytes), mediaType: media_types/* DOCKER_MANIFEST */.Vv, size: bytes.length, bytes },
            layers: new Map(layers.map((l) => [l.digest, l])),
        };
    }
    /**
     * The image as layers to compress while they upload. Each distinct layer is offered once; the
     * manifest follows from their digests (`complete`).
     */
    async streamable() {
        if (this.prepared)
            return undefined; // the digests are known (or being learnt): nothing to gain
        const { config, configDigest, layerEntries } = await this.open();
        const distinct = distinctLayers(layerEntries);
        const stored = await Promise.all(distinct.map((entry) => this.isGzip(entry)));
        return {
            config: { digest: configDigest, size: config.length, mediaType: media_types/* DOCKER_CONFIG */.e6 },
            layers: distinct.map((entry, i) => ({
                description: `layer ${entry.name} (${(0,progress/* formatBytes */.z3)(entry.size)})`,
                mediaType: media_types/* DOCKER_LAYER_GZIP */.MZ,
                sourceSize: entry.size,
                open: (onRead) => this.layerStream({ entry, stored: stored[i] }, onRead),
                measure: async () => {
                    const layer = await this.measure(entry, await this.spoolFor([entry]));
                    this.measured.set(layer.digest, layer);
                    return layer;
                },
            })),
            complete: (results) => {
                const byName = new Map(distinct.map((entry, i) => [entry.name, { entry, stored: stored[i], ...results[i] }]));
                const layers = layerEntries.map((entry) => byName.get(entry.name));
                for (const layer of byName.values())
                    this.logLayer(layer);
                const prepared = this.manifestFor(config, configDigest, layers);
                this.prepared = Promise.resolve(prepared);
                return prepared.manifest;
            },
        };
    }
    choose(list) {
        if (!Array.isArray(list) || list.length === 0)
            this.fail('manifest.json lists no image');
        const tagged = (entry) => (entry.RepoTags ?? []).map((tag) => (0,reference/* parseReference */.F2)(tag));
        if (this.ref) {
            const wanted = this.ref;
            const found = list.find((entry) => tagged(entry).some((tag) => sameImage(tag, wanted))) ??
                (this.options.savedByName && list.length === 1 ? list[0] : undefined);
            if (!found) {
                const all = list.flatMap((entry) => entry.RepoTags ?? []);
                this.fail(`the archive has no image tagged ${(0,reference/* familiarReference */.ZD)(wanted)}; it has ${all.length ? all.join(', ') : 'only untagged images'}`);
            }
            return found;
        }
        if (list.length > 1) {
            this.fail(`the archive holds ${list.length} images; choose one as docker-archive:PATH:NAME:TAG (${list.flatMap((e) => e.RepoTags ?? []).join(', ')})`);
        }
        const only = list[0];
        const tags = tagged(only);
        if (tags.length === 1)
            this.defaultTag = tags[0].tag;
        return only;
    }
    rawStream(entry) {
        if (entry.size === 0)
            return external_node_stream_.Readable.from([]);
        return (0,external_node_fs_.createReadStream)(this.path, {
            start: entry.offset,
            end: entry.offset + entry.size - 1,
            highWaterMark: 256 * 1024,
        });
    }
    async isGzip(entry) {
        if (entry.size < 2)
            return false;
        const magic = Buffer.alloc(2);
        await this.handle.read(magic, 0, 2, entry.offset);
        return magic[0] === 0x1f && magic[1] === 0x8b;
    }
    layerStream(layer, onRead) {
        // Read a gzip block at a time into a few buffers reused for the whole layer (gzip.ts).
        if (!layer.stored) {
            const { offset: start, size: length, name } = layer.entry;
            return gzipFileRange({ file: this.handle, start, length, name: this.description, what: `layer ${name}` }, onRead);
        }
        const raw = this.rawStream(layer.entry);
        if (onRead)
            raw.on('data', (chunk) => onRead(chunk.length));
        return raw;
    }
    /**
     * The directory compressed layers are kept in, made on first use; null when the temporary disk
     * cannot hold `entries` (their uncompressed size bounds the compressed) and a reserve after them.
     */
    spoolFor(entries) {
        this.spoolDir ??= (async () => {
            if (!this.options.keepCompressedLayers)
                return null;
            const parent = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
            const needed = entries.reduce((sum, entry) => sum + entry.size, 0) + SPOOL_DISK_RESERVE;
            try {
                const disk = await (0,promises_.statfs)(parent);
                const free = disk.bavail * disk.bsize;
                if (free < needed) {
                    this.options.log?.(`${parent} has ${(0,progress/* formatBytes */.z3)(free)} free: the layers are compressed again while they upload, rather than kept there`);
                    return null;
                }
                return await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'portable-deploy-layers-'));
            }
            catch (error) {
                this.options.log?.(`cannot keep compressed layers in ${parent} (${error.message}): they are compressed again while they upload`);
                return null;
            }
        })();
        return this.spoolDir;
    }
    /** Compresses a layer to learn its digest and size, keeping the bytes in `spoolDir` when given. */
    async measure(entry, spoolDir = null) {
        const stored = await this.isGzip(entry);
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        // A stored layer is read from the archive as it is: nothing to keep.
        const spool = spoolDir !== null && !stored ? (0,external_node_path_.join)(spoolDir, `layer-${this.spooled++}.gz`) : undefined;
        let spoolFailure;
        const sink = spool
            ? (0,external_node_fs_.createWriteStream)(spool).once('error', (error) => (spoolFailure = error))
            : new external_node_stream_.Writable({ write: (_chunk, _encoding, done) => done() });
        try {
            await (0,external_node_stream_promises_.pipeline)(this.layerStream({ entry, stored }), async function* (chunks) {
                for await (const chunk of chunks) {
                    hash.update(chunk);
                    size += chunk.length;
                    yield chunk;
                }
            }, sink);
        }
        catch (error) {
            if (!spoolFailure)
                throw error;
            // The disk filled up under us (or went away): the upload compresses the layer again instead.
            await (0,promises_.rm)(spool, { force: true });
            this.options.log?.(`cannot keep layer ${entry.name} compressed (${spoolFailure.message}): it is compressed again while it uploads`);
            return this.measure(entry);
        }
        return { entry, stored, size, digest: `sha256:${hash.digest('hex')}`, ...(spool && { spool }) };
    }
    async root() {
        return (await this.prepare()).manifest;
    }
    async manifest(digest) {
        const { manifest } = await this.prepare();
        if (digest !== manifest.digest)
            this.fail(`has no manifest ${digest}`);
        return manifest;
    }
    async blob(digest, size) {
        const opened = await this.open();
        if (digest === opened.configDigest) {
            return { size, stream: external_node_stream_.Readable.from([opened.config]) };
        }
        const layer = this.measured.get(digest) ?? (await this.prepare()).layers.get(digest);
        if (!layer)
            this.fail(`has no blob ${digest}`);
        // Kept when its digest was learnt: read back rather than compressed again.
        if (layer.spool)
            return { size, stream: (0,external_node_fs_.createReadStream)(layer.spool, { highWaterMark: 256 * 1024 }) };
        return { size, stream: this.layerStream(layer) };
    }
    async close() {
        const handle = this.handle;
        this.handle = undefined;
        await handle?.close();
        const spoolDir = await this.spoolDir;
        if (spoolDir)
            await (0,promises_.rm)(spoolDir, { recursive: true, force: true });
        if (this.options.removeOnClose)
            await (0,promises_.rm)(this.path, { force: true });
    }
}


/***/ })

};

//# sourceMappingURL=197.index.js.map