import type { ExplainReason, ExplainResult, GatewayReason } from "../analyze/explain-query.js";
import type { Reason } from "../engine/evaluate.js";
import { code, oneLine, prose } from "./markdown-escape.js";

const mark = (r: { decision: "allow" | "deny" }): string => (r.decision === "allow" ? "✓" : "✗");
const isGateway = (r: ExplainReason): r is GatewayReason => r.side === "gateway";
const directReasons = (r: ExplainResult): Reason[] => r.reasons.filter((x): x is Reason => !isGateway(x));
const gatewayReasons = (r: ExplainResult): GatewayReason[] => r.reasons.filter(isGateway);

/** "through a gateway; the direct path is denied": which path admits an Internet client, for north-south answers. */
function viaPhrase(r: ExplainResult): string {
  const direct = r.via.includes("direct");
  const gateway = r.via.includes("gateway");
  if (direct && gateway) return "directly and through a gateway";
  if (direct) return "directly; no gateway path admits it";
  if (gateway) return "through a gateway; the direct path is denied";
  return "neither directly nor through a gateway";
}

/** What a gateway path adds below its sentence: policies, shadowing, and the Cilium hops. */
function pathDetails(g: GatewayReason, text: (s: string) => string, item: (s: string) => string): string[] {
  const out: string[] = [];
  if (g.policies?.length) out.push(item(`policies: ${g.policies.map(text).join(", ")}`));
  if (g.shadowedBy?.length) out.push(item(`shadowed by: ${g.shadowedBy.map(text).join("; ")}`));
  for (const h of g.hops ?? []) out.push(item(`${mark(h)} Cilium: ${text(h.message)}`));
  return out;
}

/**
 * `bulkhead eval` text. A query without gateways reads as it always did; an Internet query lists the
 * direct path, then each path through a gateway (gateway, listener, route, policies, Cilium hops).
 * Manifest text is reduced to one printable line, so that names cannot drive the terminal.
 */
export function renderExplainText(r: ExplainResult): string {
  const l7 = r.l7 ? ` (L7-restricted: ${r.l7.map(oneLine).join("; ")})` : "";
  const head = `${oneLine(r.from)} -> ${oneLine(r.to)} ${r.port}: ${r.verdict.toUpperCase()}`;
  const direct = directReasons(r).map((x) => `${mark(x)} ${oneLine(x.message)}`);
  if (!r.northSouth) return [`${head}${l7}`, ...direct.map((x) => `  ${x}`)].join("\n") + "\n";
  const gateway = gatewayReasons(r).flatMap((g) => [`    ${mark(g)} ${oneLine(g.message)}`, ...pathDetails(g, oneLine, (s) => `        ${s}`)]);
  return [`${head} ${viaPhrase(r)}${l7}`, "  directly (the policies of both ends):", ...direct.map((x) => `    ${x}`), "  through a gateway (north-south):", ...gateway].join("\n") + "\n";
}

/** `/bulkhead explain` reply: the verdict and the rules that decide; manifest text escaped for Markdown. */
export function renderExplainMarkdown(r: ExplainResult, sha: string): string {
  const allowed = r.verdict === "allow" ? "✅ allowed" : "⛔ denied";
  const verdict = r.northSouth ? `${allowed}** (${viaPhrase(r)})` : `${allowed}**`;
  const l7 = r.l7?.length ? `\n\nL7-restricted: ${r.l7.map((x) => code(x)).join(", ")}` : "";
  const direct = directReasons(r).map((x) => `- ${mark(x)} ${prose(x.message)}`);
  const header = `**Bulkhead explain** at ${code(sha.slice(0, 7))}: ${code(r.from)} → ${code(r.to)} on ${code(r.port)} is **${verdict}.${l7}`;
  if (!r.northSouth) return `${header}\n\n${direct.join("\n")}`;
  const gateway = gatewayReasons(r).flatMap((g) => [`- ${mark(g)} ${prose(g.message)}`, ...pathDetails(g, (s) => prose(s, 300), (s) => `  - ${s}`)]);
  return `${header}\n\n**Directly** (the policies of both ends):\n\n${direct.join("\n")}\n\n**Through a gateway** (north-south):\n\n${gateway.join("\n")}`;
}
