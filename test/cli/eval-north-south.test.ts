import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { sharedPath } from "../support/shared.js";

/** `bulkhead eval` from the Internet: the direct path and the paths through gateways (docs/gateway.md). */
const HIJACK = fileURLToPath(new URL("../../examples/prs/gateway-hostname-hijack/head", import.meta.url));
const MULTI_TENANT = fileURLToPath(new URL("../../examples/multi-tenant", import.meta.url));
/** The shared scenarios, read where they live (their expected.json is skipped by the reader with a warning). */
const scenario = (name: string): string => sharedPath("reference", "gateway-examples", name);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface Json {
  from: string;
  to: string;
  port: string;
  verdict: string;
  via: string[];
  northSouth: boolean;
  reasons: Array<{ side: string; decision: string; cause: string; gateway?: string; listener?: string; route?: string; routeRule?: number; policies?: string[]; access?: string; hops?: Array<{ side: string; decision: string; message: string }>; message: string }>;
}

const evalJson = async (dir: string, from: string, to: string, port: string): Promise<Json> => {
  const r = await run("eval", dir, "--from", from, "--to", to, "--port", port, "--json");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Json;
};

describe("bulkhead eval --from entity:world", () => {
  it("allows through the gateway when the direct path is denied, naming gateway, listener, route, policies and Cilium hops (scenario 01)", async () => {
    const r = await run("eval", scenario("01-tenant-https-jwt"), "--from", "entity:world", "--to", "tenant-a/shop", "--port", "8080/TCP");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("entity:world -> tenant-a/shop 8080/TCP: ALLOW through a gateway; the direct path is denied");
    expect(lines[1]).toBe("  directly (the policies of both ends):");
    expect(r.out).toMatch(/ {4}✗ ingress of tenant-a\/shop\[Deployment\] from entity:world: default deny/);
    expect(r.out).toContain("  through a gateway (north-south):\n    ✓ via infra-gateways/public listener tenant-a-https, HTTPRoute tenant-a/shop rule 0: https://shop.a.example.com/ → tenant-a/shop, jwt");
    expect(r.out).toContain("        policies: tenant-a/shop-auth\n");
    expect(r.out).toMatch(/ {8}✓ Cilium: ingress of tenant-a\/shop\[Deployment\] from envoy-gateway-system\/\[envoy proxy of infra-gateways\/public\]: allowed by CiliumNetworkPolicy tenant-a\/shop-from-public-gateway/);
  });

  it("keeps the JSON contract {from, to, port, verdict, reasons} and adds via, northSouth and the gateway reasons", async () => {
    const v = await evalJson(scenario("01-tenant-https-jwt"), "entity:world", "tenant-a/shop", "8080/TCP");
    expect(v).toMatchObject({ from: "entity:world", to: "tenant-a/shop", port: "8080/TCP", verdict: "allow", via: ["gateway"], northSouth: true });
    expect(v.reasons.map((x) => `${x.side} ${x.decision} ${x.cause}`)).toEqual(["egress allow not-managed", "ingress deny default-deny", "gateway allow gateway-route"]);
    const path = v.reasons[2]!;
    expect(path).toMatchObject({ gateway: "infra-gateways/public", listener: "tenant-a-https (HTTPS 443 → 10443)", route: "HTTPRoute tenant-a/shop", routeRule: 0, policies: ["tenant-a/shop-auth"], access: "authenticated" });
    expect(path.hops!.map((h) => `${h.side} ${h.decision}`)).toEqual(["ingress allow", "egress allow", "ingress allow"]);
  });

  it("says the direct path admits it when Cilium drops the gateway path (scenario 07)", async () => {
    const v = await evalJson(scenario("07-cilium-backend-policy-blocks"), "entity:world", "tenant-d/api", "8443/TCP");
    expect(v).toMatchObject({ verdict: "allow", via: ["direct"] });
    const path = v.reasons.find((x) => x.side === "gateway")!;
    expect(path).toMatchObject({ decision: "deny", cause: "gateway-route", route: "HTTPRoute tenant-d/api" });
    expect(path.message).toContain("not effective: Cilium drops the hop: CiliumNetworkPolicy tenant-d/api-ingress");
    expect(path.hops!.at(-1)).toMatchObject({ side: "ingress", decision: "deny" });
  });

  it("denies when neither path admits it, and says that no route leads to that port", async () => {
    const r = await run("eval", scenario("01-tenant-https-jwt"), "--from", "entity:world", "--to", "tenant-a/shop", "--port", "9090/TCP");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe("entity:world -> tenant-a/shop 9090/TCP: DENY neither directly nor through a gateway");
    expect(r.out).toContain("    ✗ no internet-facing gateway route has tenant-a/shop port 9090/TCP as its backend\n");
  });

  it("shows the hijacked route and the shadowing on the PR's head (examples/prs/gateway-hostname-hijack)", async () => {
    const promo = await evalJson(HIJACK, "entity:world", "tenant-b/promo", "8080/TCP");
    expect(promo.via).toEqual(["gateway"]);
    expect(promo.reasons.filter((x) => x.side === "gateway").map((x) => x.message)).toContain(
      "via infra-gateways/shared listener https, HTTPRoute tenant-b/promo rule 0: https://login.a.example.com/login/* → tenant-b/promo, no authentication",
    );
    const login = await run("eval", HIJACK, "--from", "entity:world", "--to", "tenant-a/login", "--port", "8080/TCP");
    expect(login.out).toContain("        shadowed by: HTTPRoute tenant-b/promo rule 0 for /login, /login/*\n");
  });

  it("--queries: an Internet line gets the gateway paths, other lines read as before (JSON lines in order)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bulkhead-ns-"));
    const file = join(dir, "q.txt");
    writeFileSync(file, "entity:world tenant-a/login 8080/TCP\ntenant-b/promo tenant-a/login 8080/TCP\nentity:world 203.0.113.9 443/TCP\n");
    const r = await run("eval", HIJACK, "--queries", file, "--json");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l) as Json);
    expect(lines.map((l) => [l.from, l.to, l.verdict, l.via.join("+"), l.northSouth, l.reasons.some((x) => x.side === "gateway")])).toEqual([
      ["entity:world", "tenant-a/login", "allow", "gateway", true, true],
      ["tenant-b/promo", "tenant-a/login", "deny", "", false, false],
      ["entity:world", "203.0.113.9", "allow", "direct", false, false],
    ]);
  });

  it("an unreadable gateway field is an error diagnostic of Internet queries (exit 3), which needed the gateway objects", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bulkhead-ns-bad-"));
    const source = scenario("01-tenant-https-jwt");
    writeFileSync(join(dir, "platform.yaml"), readFileSync(join(source, "platform.yaml"), "utf8"));
    writeFileSync(join(dir, "tenant-a.yaml"), readFileSync(join(source, "tenant-a.yaml"), "utf8").replace("  hostnames:\n  - shop.a.example.com", "  hostnames: shop.a.example.com"));
    const world = await run("eval", dir, "--from", "entity:world", "--to", "tenant-a/shop", "--port", "8080/TCP");
    expect(world.code).toBe(3);
    expect(world.err).toMatch(/tenant-a\.yaml:\d+:\d+: error INVALID_FIELD/);
    const eastWest = await run("eval", dir, "--from", "tenant-a/shop", "--to", "tenant-a/shop", "--port", "8080/TCP");
    expect(eastWest.code).toBe(0);
  });

  it("prints a query that no gateway can serve exactly as before", async () => {
    const r = await run("eval", MULTI_TENANT, "--from", "sales/*", "--to", "marketing/*", "--port", "443/TCP");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe("sales/* -> marketing/* 443/TCP: DENY");
    expect(r.out).not.toContain("gateway");
    expect(r.out.split("\n").slice(1, -1).every((l) => /^ {2}[✓✗] /.test(l))).toBe(true);
  });
});
