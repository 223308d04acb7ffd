import { describe, expect, it } from "vitest";
import { COMMANDS_HELP, explainConnection } from "../../src/app/commands.js";
import { analyzeRepository } from "../../src/core/analyze/analyze-repository.js";
import { createExplainer, type ExplainResult } from "../../src/core/analyze/explain-query.js";
import { renderExplainMarkdown } from "../../src/core/report/render-explain.js";
import { InMemoryFileSource } from "../fakes/in-memory-file-source.js";
import { readTree, sharedPath } from "../support/shared.js";
import { markdownProblems } from "../core/report/markdown-checks.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const head = { owner: "acme", repo: "gitops", sha: SHA };
const scenario = (name: string) => readTree(sharedPath("reference", "gateway-examples", name)).filter((f) => f.path.endsWith(".yaml"));
const source = (name: string) => new InMemoryFileSource({ [SHA]: Object.fromEntries(scenario(name).map((f) => [f.path, f.text])) });

/** `/bulkhead explain` answers Internet → workload questions with the same core function as `bulkhead eval`. */
describe("/bulkhead explain from entity:world", () => {
  it("answers through the gateway, naming gateway, route, policies and Cilium hops (scenario 01)", async () => {
    const md = await explainConnection(source("01-tenant-https-jwt"), head, { from: "entity:world", to: "tenant-a/shop", port: "8080/TCP" });
    expect(md.split("\n")[0]).toBe("**Bulkhead explain** at `0123456`: `entity:world` → `tenant-a/shop` on `8080/TCP` is **✅ allowed** (through a gateway; the direct path is denied).");
    expect(md).toContain("**Directly** (the policies of both ends):\n\n- ✓ entity:world is not a Cilium endpoint");
    expect(md).toContain("**Through a gateway** (north-south):\n\n- ✓ via infra-gateways/public listener tenant-a-https, HTTPRoute tenant-a/shop rule 0: https:\u200b//shop.a.example.com/");
    expect(md).toContain("\n  - policies: tenant-a/shop-auth\n");
    expect(md).toMatch(/\n {2}- ✓ Cilium: ingress of tenant-a/);
    expect(markdownProblems(md)).toEqual([]);
  });

  it("gives the verdict the CLI gives: one shared function", async () => {
    const files = scenario("07-cilium-backend-policy-blocks");
    const query = { from: "entity:world", to: "tenant-d/api", port: "8443/TCP" };
    const cli = createExplainer(analyzeRepository(files, { entities: ["host", "remote-node", "kube-apiserver", "ingress", "health", "init", "unmanaged"] })).explain(query) as ExplainResult;
    expect([cli.verdict, cli.via]).toEqual(["allow", ["direct"]]);
    const md = await explainConnection(source("07-cilium-backend-policy-blocks"), head, query);
    expect(md).toContain("is **✅ allowed** (directly; no gateway path admits it).");
    expect(md).toContain("- ✗ via infra-gateways/public listener tenant-d-https, HTTPRoute tenant-d/api rule 0");
  });

  it("east-west questions read as before", async () => {
    const md = await explainConnection(source("01-tenant-https-jwt"), head, { from: "tenant-a/shop", to: "tenant-a/shop", port: "8080/TCP" });
    expect(md).toMatch(/^\*\*Bulkhead explain\*\* at `0123456`: `tenant-a\/shop` → `tenant-a\/shop` on `8080\/TCP` is \*\*(✅ allowed|⛔ denied)\*\*\.\n\n- /);
    expect(md).not.toContain("Through a gateway");
    expect(md).not.toContain("**Directly**");
  });

  it("help mentions Internet questions", () => {
    expect(COMMANDS_HELP).toContain("`/bulkhead explain entity:world tenant-a/shop 8080/TCP`");
  });
});

describe("renderExplainMarkdown", () => {
  it("escapes manifest text in gateway paths like every other reply", () => {
    const evil = "x](http://evil.example) @octocat <img src=x> | `y`\n## h";
    const r: ExplainResult = {
      from: "entity:world",
      to: "t/a",
      port: "80/TCP",
      verdict: "allow",
      via: ["gateway"],
      northSouth: true,
      reasons: [
        { side: "ingress", endpoint: "t/a", decision: "deny", cause: "default-deny", message: evil },
        { side: "gateway", decision: "allow", cause: "gateway-route", message: evil, policies: [evil], shadowedBy: [evil], hops: [{ side: "ingress", endpoint: evil, decision: "allow", cause: "allowed", message: evil }] },
      ],
    };
    const md = renderExplainMarkdown(r, SHA);
    expect(markdownProblems(md)).toEqual([]);
    expect(md).not.toContain("<img");
    expect(md).not.toContain("@octocat");
    expect(md).not.toContain("](http");
    expect(md).not.toContain("\n## h");
  });
});
