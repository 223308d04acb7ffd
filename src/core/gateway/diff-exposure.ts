import type { ExposureRow } from "./exposure-row.js";
import { describeBackend, describeUrl } from "./exposure-row.js";

/** One change of the exposure table between base and head (§6.2 step 11). */
export interface ExposureChange {
  change: "added" | "removed" | "changed";
  key: string;
  before: ExposureRow | undefined;
  after: ExposureRow | undefined;
  /** Which aspects changed: authz, effective, backend, shadowing. */
  aspects: readonly string[];
  /** Reviewer-facing sentence, e.g. "now reachable from the Internet: https://… → tenant-a/shop, no authentication". */
  summary: string;
}

const authzText = (r: ExposureRow): string => {
  const a = r.authz;
  if (a.access === "open") return a.policy ? `no authentication (${a.policy} allows anyone)` : "no authentication";
  const authn = a.enforcingAuthn.length ? a.enforcingAuthn.join("+") : "";
  const rules = a.defaultAction !== "n/a" ? `authorization default ${a.defaultAction}${a.rules.length ? ` (${a.rules.join("; ")})` : ""}` : "";
  return [authn, rules].filter(Boolean).join(", ") + (a.spoofable ? " — client IP spoofable" : "");
};

const target = (r: ExposureRow): string =>
  r.action === "redirect" ? `redirect ${r.redirect?.statusCode ?? ""}` : r.backend ? `${r.backend.service ?? `${r.backend.namespace}/${r.backend.name}`}` : r.action;

const audience = (r: ExposureRow): string =>
  r.gateway.internetFacing === true ? "the Internet" : r.gateway.internetFacing === false ? "inside the network" : "wherever nodes are reachable";

/** A sentence for one row: where it is reachable from, URL → target, and the authorization. */
export const describeExposure = (r: ExposureRow): string =>
  `${describeUrl(r)} → ${target(r)}, ${authzText(r)}${r.effective ? "" : ` (not effective: ${r.reason ?? "blocked"})`}`;

const aspectsOf = (b: ExposureRow, h: ExposureRow): string[] => {
  const out: string[] = [];
  if (JSON.stringify(b.authz) !== JSON.stringify(h.authz)) out.push("authz");
  if (b.effective !== h.effective) out.push("effective");
  if (describeBackend(b.backend) !== describeBackend(h.backend) || b.backend?.targetPort !== h.backend?.targetPort || b.action !== h.action) out.push("backend");
  if (JSON.stringify(b.shadowedBy) !== JSON.stringify(h.shadowedBy)) out.push("shadowing");
  if (b.gateway.internetFacing !== h.gateway.internetFacing) out.push("reachability");
  return out;
};

const summaryOf = (c: Omit<ExposureChange, "summary">): string => {
  if (c.change === "added") {
    const r = c.after!;
    return `${r.effective ? "now reachable from" : "configured (not yet effective) for"} ${audience(r)}: ${describeExposure(r)}`;
  }
  if (c.change === "removed") return `no longer exposed: ${describeExposure(c.before!)}`;
  const before = describeExposure(c.before!);
  const after = describeExposure(c.after!);
  const shadowing = c.aspects.includes("shadowing") ? shadowingText(c.before!, c.after!) : "";
  return `changed (${c.aspects.join(", ")}): ${before === after ? after : `${before} ⇒ ${after}`}${shadowing}`;
};

/** "; now shadowed by HTTPRoute tenant-b/promo rule 0 for /login": which requests another row now takes (or gives back). */
const shadowingText = (b: ExposureRow, h: ExposureRow): string => {
  const added = h.shadowedBy.filter((s) => !b.shadowedBy.includes(s));
  const removed = b.shadowedBy.filter((s) => !h.shadowedBy.includes(s));
  return [added.length ? `; now shadowed by ${added.join("; ")}` : "", removed.length ? `; no longer shadowed by ${removed.join("; ")}` : ""].join("");
};

/**
 * Diff two exposure tables keyed by (gateway, listener, host, route, rule, match, backend):
 * added and removed rows, and rows whose authz, effectiveness or backend changed.
 *
 * @example
 * diffExposure(base.rows, head.rows).map((c) => c.summary)
 * // ["now reachable from the Internet: https://shop.a.example.com/admin/* → tenant-a/shop, no authentication"]
 */
export function diffExposure(base: readonly ExposureRow[], head: readonly ExposureRow[]): ExposureChange[] {
  const before = new Map(base.map((r) => [r.key, r]));
  const after = new Map(head.map((r) => [r.key, r]));
  const out: Omit<ExposureChange, "summary">[] = [];
  for (const [key, r] of after) {
    const b = before.get(key);
    if (!b) out.push({ change: "added", key, before: undefined, after: r, aspects: [] });
    else {
      const aspects = aspectsOf(b, r);
      if (aspects.length) out.push({ change: "changed", key, before: b, after: r, aspects });
    }
  }
  for (const [key, r] of before) if (!after.has(key)) out.push({ change: "removed", key, before: r, after: undefined, aspects: [] });
  return out.sort((x, y) => x.key.localeCompare(y.key)).map((c) => ({ ...c, summary: summaryOf(c) }));
}
