import { structuredPatch } from "diff";
import type { Position, SourceFile } from "../model/position.js";

/** Head lines a change touched, per head file path. */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number>>;

const countLines = (text: string): number => (text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));

/**
 * Myers' diff costs O(lines × edits); a hostile PR that rewrites a large file would make it quadratic.
 * Past this many edits we stop diffing and count the whole file as changed (fail towards "new").
 */
const MAX_EDIT_LENGTH = 400;

const allLines = (text: string): Set<number> => new Set(Array.from({ length: countLines(text) }, (_, i) => i + 1));

/** Lines added or modified on the head; a pure deletion marks the head lines on either side of it. */
function touchedLines(before: string, after: string, path: string): Set<number> {
  const out = new Set<number>();
  const last = countLines(after);
  const patch = structuredPatch(path, path, before, after, "", "", { context: 0, maxEditLength: MAX_EDIT_LENGTH });
  if (!patch) return allLines(after);
  for (const hunk of patch.hunks) {
    if (hunk.newLines === 0) {
      // jsdiff anchors a pure deletion at the head line after it; the line before is as much "the place".
      for (const n of [hunk.newStart - 1, hunk.newStart]) if (n >= 1 && n <= last) out.add(n);
      continue;
    }
    let line = hunk.newStart;
    for (const l of hunk.lines) {
      if (l.startsWith("+")) out.add(line++);
      else if (l.startsWith(" ")) line++;
    }
  }
  return out;
}

/**
 * Which head lines the change introduced, from a line diff of each manifest (the `diff` package).
 * An added (or renamed) file counts as changed in full.
 *
 * @example
 * changedLines([{ path: "a.yaml", text: "x\n" }], [{ path: "a.yaml", text: "x\ny\n" }]).get("a.yaml") // Set {2}
 */
export function changedLines(base: readonly SourceFile[], head: readonly SourceFile[]): ChangedLines {
  const before = new Map(base.map((f) => [f.path, f.text]));
  const out = new Map<string, Set<number>>();
  for (const f of head) {
    const old = before.get(f.path);
    if (old === f.text) continue;
    if (old === undefined) out.set(f.path, allLines(f.text));
    else out.set(f.path, touchedLines(old, f.text, f.path));
  }
  return out;
}

export const isChanged = (changed: ChangedLines, p: Position): boolean => changed.get(p.file)?.has(p.line) === true;

/** The position a finding points at: the first cause on a line the change touched, else its primary cause. */
export function pointAt(changed: ChangedLines, primary: Position, causes: readonly Position[]): Position {
  return causes.find((c) => isChanged(changed, c)) ?? primary;
}
