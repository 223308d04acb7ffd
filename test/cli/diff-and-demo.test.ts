import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

/** `bulkhead diff` (the review the app posts, from directories or git refs) and `bulkhead demo`. */
const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const CONFIG = join(EXAMPLES, "multi-tenant/.github/bulkhead.yml");

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const pr = (name: string) => [join(EXAMPLES, "prs", name, "base"), join(EXAMPLES, "prs", name, "head"), "--config", CONFIG];

describe("bulkhead diff", () => {
  it.each([
    ["marketing-opens-to-sales", 1, "latent-cross-tenant"],
    ["finance-unapproved-cidr", 1, "external-egress"],
    ["sales-approved-fqdn", 0, undefined],
    ["clusterwide-allow-all", 1, "cross-tenant"],
  ] as const)("%s exits %i (gate) and reports %s", async (name, code, rule) => {
    const r = await run("diff", ...pr(name), "--format", "json");
    expect(r.code).toBe(code);
    const json = JSON.parse(r.out) as { gate: string; findings: Array<{ rule: string; new: boolean; file: string; line: number }> };
    expect(json.gate).toBe(code === 1 ? "fail" : "pass");
    if (rule) expect(json.findings.some((f) => f.rule === rule && f.new && f.line > 0)).toBe(true);
  });

  it("renders SARIF 2.1.0 with one result per finding", async () => {
    const r = await run("diff", ...pr("finance-unapproved-cidr"), "--format", "sarif");
    const sarif = JSON.parse(r.out) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain("external-egress");
  });

  it("renders the PR comment as Markdown with the hidden marker", async () => {
    const r = await run("diff", ...pr("marketing-opens-to-sales"), "--format", "md");
    expect(r.out.startsWith("<!-- bulkhead:comment -->")).toBe(true);
  });

  it("reads two commits of a local git repository, the config from the base commit", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bulkhead-git-"));
    const g = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo });
    g("init", "-q", "-b", "main");
    cpSync(join(EXAMPLES, "prs/finance-unapproved-cidr/base"), repo, { recursive: true });
    mkdirSync(join(repo, ".github"));
    cpSync(CONFIG, join(repo, ".github/bulkhead.yml"));
    g("add", "-A");
    g("commit", "-qm", "base");
    cpSync(join(EXAMPLES, "prs/finance-unapproved-cidr/head"), repo, { recursive: true });
    // A PR that also loosens the rules must still be judged by the base's rules.
    writeFileSync(join(repo, ".github/bulkhead.yml"), "rules: {external-egress: off}\n");
    g("add", "-A");
    g("commit", "-qm", "head");
    const r = await run("diff", repo, "--base-ref", "HEAD~1", "--head-ref", "HEAD", "--format", "json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { findings: Array<{ rule: string; new: boolean }>; notes?: string[] };
    expect(json.findings.some((f) => f.rule === "external-egress" && f.new)).toBe(true);
    expect(JSON.stringify(json)).toContain("after merge");
  });

  it("exits 2 on an unknown git ref", async () => {
    const r = await run("diff", EXAMPLES, "--base-ref", "no-such-ref", "--head-ref", "HEAD");
    expect(r.code).toBe(2);
  });
});

describe("bulkhead demo", () => {
  it("prints the example's access and the comments for an east-west and a north-south example PR", async () => {
    const r = await run("demo");
    expect(r.code).toBe(0);
    expect(r.out).toContain("sales/*                        => *.salesforce.com : TCP 443");
    expect(r.out.split("<!-- bulkhead:comment -->")).toHaveLength(3);
    expect(r.out).toContain("latent-cross-tenant");
    expect(r.out).toMatch(/now reachable from the Internet/);
    expect(r.out.match(/gate: fail/g)).toHaveLength(2);
  });
});
