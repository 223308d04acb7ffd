import type { Diagnostic } from "../../../src/core/model/diagnostic.js";
import type { AggregatedChange, Finding, NorthSouthChange, Review } from "../../../src/core/review/types.js";

/** Hand-made Review values, so the renderers are tested without the review pipeline. */
export const review = (over: Partial<Review> = {}): Review => ({
  gate: "pass",
  observeMode: false,
  notes: [],
  changes: [],
  findings: [],
  diagnostics: [],
  counts: { opened: 0, closed: 0, changed: 0, newViolations: 0, preexisting: 0, waived: 0 },
  ...over,
});

export const change = (over: Partial<AggregatedChange> = {}): AggregatedChange => ({
  change: "added",
  from: "marketing/app=site",
  to: "sales/app=reports",
  fromTenant: "marketing",
  toTenant: "sales",
  crossTenant: true,
  before: "none",
  after: "TCP 443",
  opened: "TCP 443",
  closed: "none",
  l7Before: [],
  l7After: [],
  rulesBefore: [],
  rulesAfter: ["allow-marketing spec.ingress[0] (tenants/sales/np.yaml:12)"],
  count: 1,
  ...over,
});

export const northSouthChange = (over: Partial<NorthSouthChange> = {}): NorthSouthChange => ({
  change: "added",
  aspects: [],
  summary: "now reachable from the Internet: https://shop.a.example.com/admin/* → tenant-a/shop, no authentication",
  newlyPublic: true,
  gateway: "infra-gateways/public",
  listener: "https (HTTPS 443)",
  url: "https://shop.a.example.com/admin/*",
  route: "HTTPRoute tenant-a/shop rule 1",
  backend: "Service tenant-a/shop:80",
  access: "open",
  effective: true,
  internetFacing: true,
  file: "tenants/a/route.yaml",
  line: 14,
  ...over,
});

export const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: "cross-tenant",
  severity: "error",
  new: true,
  message: "marketing can reach sales on TCP 443.",
  file: "tenants/sales/np.yaml",
  line: 12,
  col: 9,
  fix: "Remove the peer or add an exception.",
  ...over,
});

export const diagnostic = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  code: "INVALID_POLICY",
  severity: "error",
  message: "The API server would reject this NetworkPolicy.",
  file: "tenants/ops/np.yaml",
  line: 4,
  col: 3,
  ...over,
});

/** Counts consistent with the lists, as reviewChange produces them. */
export function withCounts(r: Review): Review {
  const f = r.findings;
  return {
    ...r,
    counts: {
      opened: r.changes.filter((c) => c.change === "added").length,
      closed: r.changes.filter((c) => c.change === "removed").length,
      changed: r.changes.filter((c) => c.change === "changed").length,
      newViolations: f.filter((x) => x.new && !x.waived && x.severity === "error").length,
      preexisting: f.filter((x) => !x.new && !x.waived).length,
      waived: f.filter((x) => x.waived).length,
    },
  };
}

/** Strings a PR can put into names, paths, labels and messages to attack the comment. */
export const HOSTILE = [
  "a|b | c",
  "x`y``z`",
  "<img src=x onerror=alert(1)>",
  "](http://evil.example)",
  "![i](http://evil.example/i.png)",
  "[click](javascript:alert(1))",
  "@org/team",
  "@octocat",
  "<!-- bulkhead:comment -->",
  "line1\n## Heading\n\n<details>",
  "```\nbreakout\n```",
  "</details></summary><script>x</script>",
  "#123 GH-9 www.evil.example https://evil.example",
  "%%{init: {'theme':'dark'}}%%",
  'a"]\nclick n0 "http://evil"',
  "\u202eevil\u202c",
  "\u001b[31mred",
  "n".repeat(5000),
] as const;
