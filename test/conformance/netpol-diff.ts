import type { NetpolLine } from "./netpol-format.js";

/** netpol-analyzer's diff grammar: changed, then added, then removed; IP ranges merged back where (ref1, ref2) agree. */

type DiffType = "changed" | "added" | "removed";
interface Entry {
  type: DiffType;
  from: string;
  to: string;
  ref1: string;
  ref2: string;
}

const RANGE = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)\[External\]$/;
const ipNum = (ip: string): number => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const ipStr = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

/** Merge adjacent IP ranges on one side of otherwise identical entries. */
function mergeRanges(entries: Entry[], side: "from" | "to"): Entry[] {
  const other = side === "from" ? "to" : "from";
  const groups = new Map<string, Array<{ e: Entry; lo: number; hi: number }>>();
  const out: Entry[] = [];
  for (const e of entries) {
    const m = RANGE.exec(e[side]);
    if (!m) {
      out.push(e);
      continue;
    }
    const k = [e.type, e[other], e.ref1, e.ref2].join("\u0000");
    groups.set(k, [...(groups.get(k) ?? []), { e, lo: ipNum(m[1]!), hi: ipNum(m[2]!) }]);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => a.lo - b.lo);
    let cur = { ...list[0]! };
    const flush = () => out.push({ ...cur.e, [side]: `${ipStr(cur.lo)}-${ipStr(cur.hi)}[External]` });
    for (const x of list.slice(1)) {
      if (x.lo === cur.hi + 1) cur.hi = x.hi;
      else {
        flush();
        cur = { ...x };
      }
    }
    flush();
  }
  return out;
}

export function renderNetpolDiff(
  ref1: readonly NetpolLine[],
  ref2: readonly NetpolLine[],
  workloads1: ReadonlySet<string>,
  workloads2: ReadonlySet<string>,
): string[] {
  const key = (l: NetpolLine) => `${l.from}\u0000${l.to}`;
  const a = new Map(ref1.map((l) => [key(l), l]));
  const b = new Map(ref2.map((l) => [key(l), l]));
  let entries: Entry[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    const c1 = x?.conns ?? "No Connections";
    const c2 = y?.conns ?? "No Connections";
    if (c1 === c2) continue;
    const [from, to] = k.split("\u0000") as [string, string];
    entries.push({ type: !x ? "added" : !y ? "removed" : "changed", from, to, ref1: c1, ref2: c2 });
  }
  entries = mergeRanges(mergeRanges(entries, "from"), "to");
  const info = (e: Entry): string => {
    const changed = [e.from, e.to].filter((w) => !RANGE.test(w) && workloads1.has(w) !== workloads2.has(w));
    if (changed.length === 0) return "";
    const verb = workloads2.has(changed[0]!) ? "added" : "removed";
    return `, workloads-diff-info: workload ${changed.join(" and ")} ${verb}`;
  };
  const order: DiffType[] = ["changed", "added", "removed"];
  const lines = order.flatMap((t) =>
    entries
      .filter((e) => e.type === t)
      .map((e) => `diff-type: ${e.type}, source: ${e.from}, destination: ${e.to}, ref1: ${e.ref1}, ref2: ${e.ref2}${info(e)}`)
      .sort(),
  );
  return lines.length ? ["Connectivity diff:", ...lines] : [];
}
