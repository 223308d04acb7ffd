import { diagnostic } from "../model/diagnostic.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { SourceFile } from "../model/position.js";
import { lineColumn } from "./text.js";

const lenient = new TextDecoder("utf-8", { fatal: false });
const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * Decode file bytes as UTF-8 (a leading BOM is dropped). Invalid sequences become U+FFFD and a
 * warning `INVALID_UTF8` points at the first one: the file is still analysed, but a label or
 * name containing U+FFFD will not match what the API server would have rejected or stored.
 * Pure (no I/O), so both the CLI and the GitHub App can use it.
 */
export const decodeUtf8 = (path: string, bytes: Uint8Array): { file: SourceFile; diagnostics: Diagnostic[] } => {
  const text = lenient.decode(bytes);
  const diagnostics: Diagnostic[] = [];
  const replaced = text.indexOf("\uFFFD");
  // A U+FFFD may also be written on purpose (valid UTF-8); only the strict decoder can tell.
  if (replaced !== -1 && !isValidUtf8(bytes)) {
    const at = { file: path, ...lineColumn(text, replaced) };
    diagnostics.push(
      diagnostic("INVALID_UTF8", "warning", "file is not valid UTF-8; invalid bytes were replaced by U+FFFD", at),
    );
  }
  return { file: { path, text }, diagnostics };
};

const isValidUtf8 = (bytes: Uint8Array): boolean => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};
