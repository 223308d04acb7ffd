import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

/** The CLI contract other issues and scripts rely on: commands, JSON shapes, exit codes. */
const EXAMPLE = fileURLToPath(new URL("../../examples/multi-tenant", import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("bulkhead CLI", () => {
  it("prints help with exit codes and exits 0 on --help", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("bulkhead access <dir>");
    expect(r.out).toMatch(/Exit codes:[\s\S]*2 {2}usage error/);
  });

  it.each([[[]], [["frobnicate"]], [["access"]], [["eval", EXAMPLE, "--from", "x"]], [["access", "/nonexistent-dir"]], [["access", EXAMPLE, "--format", "xml"]]])(
    "exits 2 on usage errors: %j",
    async (argv) => {
      expect((await run(...argv)).code).toBe(2);
    },
  );

  it("access lists the example's connections with provenance in JSON", async () => {
    const r = await run("access", EXAMPLE, "--format", "json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { connections: Array<{ from: string; to: string; ports: string; egress: string[] }> };
    const sf = json.connections.find((c) => c.from === "sales/*" && c.to === "*.salesforce.com");
    expect(sf?.ports).toBe("TCP 443");
    expect(sf?.egress[0]).toMatch(/^sales\/salesforce-egress spec\.egress\[0\] \(sales\/salesforce-egress\.yaml:\d+\)$/);
    expect(json.connections.some((c) => c.from === "sales/*" && c.to.startsWith("marketing"))).toBe(false);
  });

  it.each(["txt", "md", "csv"])("access renders %s", async (format) => {
    const r = await run("access", EXAMPLE, "--format", format);
    expect(r.code).toBe(0);
    expect(r.out).toContain("salesforce.com");
  });

  it("eval answers one query with reasons naming policy, rule, file and line (EVAL-2)", async () => {
    const r = await run("eval", EXAMPLE, "--from", "sales/*", "--to", "marketing/*", "--port", "443/TCP", "--json");
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out) as { verdict: string; reasons: Array<{ side: string; decision: string; cause: string; policy?: string; file?: string; line?: number }> };
    expect(v.verdict).toBe("deny");
    const deny = v.reasons.find((x) => x.decision === "deny")!;
    expect(deny).toMatchObject({ side: "egress", cause: "default-deny", policy: "sales/baseline", file: "sales/baseline.yaml" });
    expect(deny.line).toBeGreaterThan(0);
  });

  it("eval --queries reads one query per line, ignores comments and extra columns, emits JSON lines in order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bulkhead-q-"));
    const file = join(dir, "q.txt");
    writeFileSync(file, "# from to port\n\nsales/* api.salesforce.com 443/TCP extra columns\nfinance/* 203.0.113.10 443/TCP\nfinance/* 203.0.113.11 443/TCP # not approved\n");
    const r = await run("eval", EXAMPLE, "--queries", file, "--json");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l) as { from: string; to: string; port: string; verdict: string; reasons: unknown[] });
    expect(lines.map((l) => [l.to, l.verdict])).toEqual([
      ["api.salesforce.com", "allow"],
      ["203.0.113.10", "allow"],
      ["203.0.113.11", "deny"],
    ]);
    for (const l of lines) expect(l.reasons.length).toBeGreaterThan(0);
  });

  it("eval reports an unknown peer as a usage error", async () => {
    const r = await run("eval", EXAMPLE, "--from", "nowhere/nothing", "--to", "sales/*", "--port", "80/TCP");
    expect(r.code).toBe(2);
    expect(r.err).toContain("nowhere/nothing");
  });

  it("diff of a directory with itself has no changes and passes", async () => {
    const r = await run("diff", EXAMPLE, EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.out).toBe("PASS  No network access changes\n");
  });

  it("exits 3 and says so when an input cannot be analysed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bulkhead-bad-"));
    writeFileSync(join(dir, "bad.yaml"), "kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: x\n");
    const r = await run("access", dir);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/bad\.yaml:\d+:\d+: error YAML_SYNTAX/);
    expect(r.err).toContain("incomplete");
  });
});
