import { describe, expect, it } from "vitest";
import { buildAccessModel, compileRepository } from "../../../src/core/analyze/analyze-repository.js";
import { diffExposure } from "../../../src/core/gateway/diff-exposure.js";
import { computeExposure } from "../../../src/core/gateway/exposure.js";
import { evaluateNorthSouth, renderNorthSouth } from "../../../src/core/gateway/north-south.js";
import { createRuleContext, gatewayFindings } from "../../../src/core/gateway/rules/index.js";
import { resolveGatewaySettings } from "../../../src/core/gateway/settings.js";
import type { SourceFile } from "../../../src/core/model/position.js";
import { exampleFiles, readYamlDir } from "./helpers.js";

const PR = new URL("../../../examples/prs/gateway-hostname-hijack/", import.meta.url);

const side = (files: readonly SourceFile[]) => {
  const repo = compileRepository(files);
  const model = buildAccessModel(repo);
  const analysis = computeExposure(repo, model);
  return { repo, model, analysis, ctx: createRuleContext(analysis, resolveGatewaySettings(), repo.objects) };
};

describe("diffExposure on examples/prs/gateway-hostname-hijack", () => {
  const base = side(readYamlDir(new URL("base/", PR)));
  const head = side(readYamlDir(new URL("head/", PR)));

  it("reports the captured /login as newly reachable from the Internet and tenant-a's row as shadowed", () => {
    const changes = diffExposure(base.analysis.rows, head.analysis.rows);
    expect(changes.map((c) => [c.change, c.aspects.join(",")]).sort()).toEqual([
      ["added", ""],
      ["changed", "shadowing"],
    ]);
    const added = changes.find((c) => c.change === "added")!;
    const changed = changes.find((c) => c.change === "changed")!;
    expect(added.summary).toBe("now reachable from the Internet: https://login.a.example.com/login/* → tenant-b/promo, no authentication");
    expect(changed.after!.route.namespace).toBe("tenant-a");
    expect(changed.after!.shadowedBy).toEqual(["HTTPRoute tenant-b/promo rule 0 for /login, /login/*"]);
  });

  it("marks T1 and T14 as new; T2, T3 and T6 (same routes, same rules) are pre-existing", () => {
    const findings = gatewayFindings(base.ctx, head.ctx);
    const byNew = (n: boolean) => [...new Set(findings.filter((f) => f.new === n).map((f) => f.rule))].sort();
    expect(byNew(true)).toEqual(["T1", "T14"]);
    expect(byNew(false)).toEqual(["T2", "T3", "T6"]);
    const t1 = findings.find((f) => f.rule === "T1")!;
    expect([t1.file, t1.line]).toEqual(["tenant-b.yaml", 49]);
  });

  it("an unchanged side diffs to nothing", () => {
    expect(diffExposure(head.analysis.rows, head.analysis.rows)).toEqual([]);
  });

  it("a rule's severity can be configured or switched off", () => {
    const findings = gatewayFindings(base.ctx, head.ctx, { T1: "warning", T14: "off" });
    expect(findings.find((f) => f.rule === "T1")!.severity).toBe("warning");
    expect(findings.some((f) => f.rule === "T14")).toBe(false);
  });
});

describe("evaluateNorthSouth (entity:world → workload)", () => {
  it("names the gateway, route and policy of an effective, authenticated path (scenario 01)", () => {
    const s = side(exampleFiles("01-tenant-https-jwt"));
    const r = evaluateNorthSouth(s.analysis, s.model, "tenant-a/shop", "8080/TCP");
    if ("error" in r) throw new Error(r.error);
    expect(r.verdict).toBe("allow");
    expect(r.paths.map((p) => [p.gateway, p.route, p.policies.join(","), p.access])).toEqual([["infra-gateways/public", "HTTPRoute tenant-a/shop", "tenant-a/shop-auth", "authenticated"]]);
    expect(renderNorthSouth(r)).toContain("via infra-gateways/public listener tenant-a-https, HTTPRoute tenant-a/shop rule 0");
  });

  it("denies when Cilium drops the proxy → backend hop, naming the policy (scenario 07)", () => {
    const s = side(exampleFiles("07-cilium-backend-policy-blocks"));
    const r = evaluateNorthSouth(s.analysis, s.model, "tenant-d/api", "8443/TCP");
    if ("error" in r) throw new Error(r.error);
    expect(r.verdict).toBe("deny");
    expect(r.paths[0]!.reason).toContain("CiliumNetworkPolicy tenant-d/api-ingress");
  });

  it("finds tenant-h's pods behind tenant-g's Backend as well as their own route (scenario 10)", () => {
    const s = side(exampleFiles("10-backend-resource-bypass"));
    const r = evaluateNorthSouth(s.analysis, s.model, "tenant-h/payments", "8080/TCP");
    if ("error" in r) throw new Error(r.error);
    expect(r.paths.map((p) => [p.route, p.access])).toEqual([
      ["HTTPRoute tenant-g/partner", "open"],
      ["HTTPRoute tenant-h/payments", "authenticated"],
    ]);
  });

  it("says why there is no path, and rejects unknown peers and ports", () => {
    const s = side(exampleFiles("01-tenant-https-jwt"));
    const none = evaluateNorthSouth(s.analysis, s.model, "tenant-a/shop", "9090/TCP");
    expect("verdict" in none && none.verdict).toBe("deny");
    expect(evaluateNorthSouth(s.analysis, s.model, "tenant-a/nope", "8080/TCP")).toHaveProperty("error");
    expect(evaluateNorthSouth(s.analysis, s.model, "tenant-a/shop", "8080")).toHaveProperty("error");
  });
});
