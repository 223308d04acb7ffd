import { gzipSync } from "node:zlib";

const BLOCK = 512;

/** `len key=value\n`, where len counts the record's bytes, its own digits included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name.slice(0, 100), 0, "utf8");
  h.write("0000664\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write("15066473250\0", 136);
  h.write("        ", 148);
  h.write(type, 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

/**
 * What GitHub's `GET /tarball/{ref}` serves: a gzipped `git archive` — a pax global header with the
 * commit id, the top directory `acme-gitops-<sha7>/`, then every file under it, a pax header first
 * when its path is longer than the 100 bytes a ustar name holds.
 */
export function gitArchive(sha: string, files: Readonly<Record<string, string | Uint8Array>>): Buffer {
  const blocks: Buffer[] = [];
  const entry = (name: string, data: Buffer, type: string) => blocks.push(header(name, data.length, type), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  const top = `acme-gitops-${sha.slice(0, 7)}`;
  entry("pax_global_header", Buffer.from(paxRecord("comment", sha)), "g");
  entry(`${top}/`, Buffer.alloc(0), "5");
  for (const [path, content] of Object.entries(files)) {
    const name = `${top}/${path}`;
    if (Buffer.byteLength(name) > 100) entry("PaxHeader", Buffer.from(paxRecord("path", name)), "x");
    entry(name, Buffer.from(content), "0");
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(blocks));
}
