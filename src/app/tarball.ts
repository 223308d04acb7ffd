import { gunzipSync } from "node:zlib";

/**
 * Reading GitHub's `GET /repos/{owner}/{repo}/tarball/{ref}`: a gzipped `git archive`, i.e. ustar
 * with pax headers (a global one carrying the commit id, per-entry ones for long paths), every
 * path under one top directory (`owner-repo-sha7/`). Only what that format uses is supported;
 * anything else throws, and the caller falls back to the blobs API. Nothing read here is trusted
 * as content: the caller keeps a file only if its Git blob id is the one the tree listed.
 */

const BLOCK = 512;

export class TarballError extends Error {
  override readonly name = "TarballError";
}

/** A NUL-terminated string field. */
function field(header: Uint8Array, offset: number, length: number): string {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString("utf8");
}

/** A numeric field: octal text, or big-endian base-256 when the first byte has its high bit set. */
function number(header: Uint8Array, offset: number, length: number): number {
  if (header[offset]! & 0x80) {
    let n = header[offset]! & 0x7f;
    for (let i = 1; i < length; i++) n = n * 256 + header[offset + i]!;
    return n;
  }
  const text = field(header, offset, length).trim();
  const n = text === "" ? 0 : parseInt(text, 8);
  if (!Number.isSafeInteger(n) || n < 0) throw new TarballError(`bad number field "${text}"`);
  return n;
}

/** `27 path=some/long/name\n` records; the length counts bytes, itself included. */
function paxRecords(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    const length = space === -1 ? NaN : parseInt(Buffer.from(data.subarray(i, space)).toString("latin1"), 10);
    if (!(length > 0) || i + length > data.length) throw new TarballError("bad pax record");
    const record = Buffer.from(data.subarray(space + 1, i + length - 1)).toString("utf8");
    const eq = record.indexOf("=");
    if (eq === -1) throw new TarballError("bad pax record");
    out[record.slice(0, eq)] = record.slice(eq + 1);
    i += length;
  }
  return out;
}

const isZero = (block: Uint8Array): boolean => block.every((b) => b === 0);

/**
 * The regular files of a gzipped tarball, paths without the top directory, each a view into the
 * decompressed archive (copy what you keep). `maxBytes` bounds the decompressed size.
 */
export function* tarballFiles(gzipped: Uint8Array, maxBytes: number): Generator<{ path: string; data: Uint8Array }> {
  let archive: Uint8Array;
  try {
    archive = gunzipSync(gzipped, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new TarballError(`cannot decompress the archive (${e instanceof Error ? e.message : String(e)})`);
  }
  let offset = 0;
  let pax: Record<string, string> = {};
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (isZero(header)) return;
    const type = String.fromCharCode(header[156]!);
    const size = pax.size !== undefined ? Number(pax.size) : number(header, 124, 12);
    const start = offset + BLOCK;
    if (!Number.isSafeInteger(size) || start + size > archive.length) throw new TarballError("entry runs past the end of the archive");
    const data = archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      pax = paxRecords(data);
      continue;
    }
    if (type === "g") continue;
    const prefix = field(header, 257, 6).startsWith("ustar") ? field(header, 345, 155) : "";
    const name = pax.path ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    pax = {};
    if (type !== "0" && type !== "\0" && type !== "7") continue;
    const slash = name.indexOf("/");
    if (slash === -1) continue;
    yield { path: name.slice(slash + 1), data };
  }
  throw new TarballError("the archive ends without its end marker");
}
