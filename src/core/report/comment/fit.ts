/**
 * Fitting a report into a character budget by dropping whole rows, least important first. Rows,
 * not characters, are cut so that every table, `<details>` and code fence stays balanced: each
 * section renders itself completely for any number of kept rows.
 */
export interface Section {
  id: string;
  /** Reader-facing name, used in the "left out" footer. */
  label: string;
  /** Number of rows (table rows, list items, tenant blocks, graph edges). */
  size: number;
  /** Rows kept in the first pass, e.g. error diagnostics or cross-tenant changes listed first. */
  floor?: number;
  /** Markdown with the first `keep` rows and a line saying how many were left out; "" if empty. */
  render(keep: number): string;
}

export interface FitOptions {
  maxChars: number;
  /** Section ids, least important first, shortened down to their floors. Unlisted ones never shrink. */
  dropOrder: readonly string[];
  /** Order of the second pass, which ignores floors; defaults to `dropOrder`. */
  lastResortOrder?: readonly string[];
  /** Footer saying what was left out; called only when something was. */
  footer(omitted: ReadonlyArray<{ label: string; rows: number }>): string;
  /** Last resort when even the unshortenable sections do not fit. */
  minimal(): string;
}

/** Sections joined by blank lines; empty ones skipped. */
const join = (parts: readonly string[]): string => parts.filter((p) => p !== "").join("\n\n") + "\n";

export function fitSections(sections: readonly Section[], opts: FitOptions): string {
  const keep = new Map(sections.map((s) => [s.id, s.size]));
  const cache = new Map(sections.map((s) => [s.id, s.render(s.size)]));
  const assemble = (): string => {
    const omitted = sections.filter((s) => keep.get(s.id)! < s.size).map((s) => ({ label: s.label, rows: s.size - keep.get(s.id)! }));
    const body = sections.map((s) => cache.get(s.id)!);
    return join(omitted.length ? [...body, opts.footer(omitted)] : body);
  };
  let out = assemble();
  if (out.length <= opts.maxChars) return out;

  for (const firstPass of [true, false]) {
    for (const id of firstPass ? opts.dropOrder : (opts.lastResortOrder ?? opts.dropOrder)) {
      const section = sections.find((s) => s.id === id);
      if (!section) continue;
      const floor = firstPass ? Math.min(section.floor ?? 0, keep.get(id)!) : 0;
      const fits = (k: number): boolean => {
        keep.set(id, k);
        cache.set(id, section.render(k));
        out = assemble();
        return out.length <= opts.maxChars;
      };
      const best = largestFitting(floor, keep.get(id)!, fits);
      if (best !== undefined) {
        fits(best);
        return out;
      }
      fits(floor);
    }
  }
  const minimal = opts.minimal();
  return minimal.length <= opts.maxChars ? minimal : minimal.slice(0, opts.maxChars);
}

/** Binary search for the largest k in [lo, hi] with fits(k); fits is monotone (more rows, longer text). */
function largestFitting(lo: number, hi: number, fits: (k: number) => boolean): number | undefined {
  if (!fits(lo)) return undefined;
  let good = lo;
  let high = hi;
  while (good < high) {
    const mid = Math.ceil((good + high) / 2);
    if (fits(mid)) good = mid;
    else high = mid - 1;
  }
  return good;
}
