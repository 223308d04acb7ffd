import type { L7Rules } from "../model/rule.js";

/** "HTTP GET /api/.*", "DNS *.salesforce.com": what an L7 proxy lets through (L7-2, FQDN-4). */
export const describeL7 = (rules: L7Rules): string[] =>
  rules.protocol === "http"
    ? rules.http.map((h) =>
        [`HTTP ${h.method || "*"} ${h.path || "*"}`, h.host ? `host ${h.host}` : "", h.headers?.length ? `headers ${h.headers.join("; ")}` : ""]
          .filter(Boolean)
          .join(" "),
      )
    : rules.dns.map((d) => `DNS ${d.matchName ?? d.matchPattern ?? "*"}`);
