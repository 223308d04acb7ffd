import { describe, expect, it } from "vitest";
import { parseCommand, helpReply } from "../../src/app/commands.js";
import { consentedRows, findConsents, settleConsents } from "../../src/app/consent.js";
import { readRepoSettings } from "../../src/app/repo-settings.js";
import type { AggregatedChange, Review } from "../../src/core/review/types.js";

const tenants = [
  { name: "sales", owners: ["@acme/sales-platform", "sally"] },
  { name: "marketing", owners: ["Mark"] },
];
const teams: Record<string, string[]> = { "acme/sales-platform": ["tess"] };
const isTeamMember = async (org: string, team: string, login: string) => (teams[`${org}/${team}`] ?? []).includes(login);

const row = (over: Partial<AggregatedChange>): AggregatedChange => ({
  change: "added",
  from: "marketing/web",
  to: "sales/api",
  fromTenant: "marketing",
  toTenant: "sales",
  crossTenant: true,
  before: "none",
  after: "TCP 8080",
  opened: "TCP 8080",
  closed: "none",
  l7Before: [],
  l7After: [],
  rulesBefore: [],
  rulesAfter: [],
  count: 1,
  ...over,
});

const review = (changes: AggregatedChange[]): Review => ({
  gate: "fail",
  observeMode: false,
  notes: [],
  changes,
  findings: [],
  diagnostics: [],
  counts: { opened: 1, closed: 0, changed: 0, newViolations: 1, preexisting: 0, waived: 0 },
});

describe("findConsents", () => {
  it("maps approving owners (users, case-insensitive, and team members) to the tenants they own", async () => {
    const approvals = [
      { login: "tess", commitId: "h" },
      { login: "mark", commitId: "h" },
      { login: "random", commitId: "h" },
    ];
    expect(await findConsents(approvals, tenants, "author", isTeamMember)).toEqual([
      { login: "tess", tenants: ["sales"], commitId: "h" },
      { login: "mark", tenants: ["marketing"], commitId: "h" },
    ]);
  });

  it("never lets the PR author consent, even as an owner", async () => {
    expect(await findConsents([{ login: "Sally", commitId: "h" }], tenants, "sally", isTeamMember)).toEqual([]);
  });
});

describe("settleConsents", () => {
  const head = review([row({})]);

  it("keeps consents on the head and on earlier commits whose rows into the tenant did not change", async () => {
    const candidates = [
      { login: "sally", tenants: ["sales"], commitId: "head" },
      { login: "tess", tenants: ["sales"], commitId: "old" },
    ];
    const settled = await settleConsents(candidates, "head", head, async () => review([row({})]));
    expect(settled.consents.map((c) => c.login)).toEqual(["sally", "tess"]);
    expect(settled.lapsed).toEqual([]);
  });

  it("drops a consent when a later push changed the cross-tenant rows into that tenant", async () => {
    const candidates = [{ login: "tess", tenants: ["sales"], commitId: "old" }];
    const settled = await settleConsents(candidates, "head", head, async () => review([row({ after: "TCP 443" })]));
    expect(settled.consents).toEqual([]);
    expect(settled.lapsed).toEqual(candidates);
  });

  it("drops a consent on a commit that can no longer be read", async () => {
    const settled = await settleConsents([{ login: "tess", tenants: ["sales"], commitId: "gone" }], "head", head, async () => undefined);
    expect(settled.consents).toEqual([]);
  });

  it("compares only cross-tenant rows into the tenant", () => {
    const other = row({ toTenant: "marketing", to: "marketing/web" });
    expect(consentedRows(review([row({}), other, row({ crossTenant: false, after: "TCP 1" })]), "sales")).toBe(consentedRows(review([row({})]), "sales"));
  });
});

describe("parseCommand", () => {
  it.each([
    ["/bulkhead recheck", { name: "recheck" }],
    ["  /bulkhead   recheck  \nthanks!", { name: "recheck" }],
    ["/bulkhead", { name: "help" }],
    ["/bulkhead help", { name: "help" }],
    ["/bulkhead explain marketing/web sales/api 8080/TCP", { name: "explain", from: "marketing/web", to: "sales/api", port: "8080/TCP" }],
    ["/bulkhead explain marketing/web", { name: "explain-usage" }],
    ["/bulkhead frobnicate", { name: "help", unknown: "frobnicate" }],
  ])("reads %j", (body, command) => {
    expect(parseCommand(body)).toEqual(command);
  });

  it.each(["LGTM", "please run /bulkhead recheck", "/bulkheadrecheck"])("ignores %j", (body) => {
    expect(parseCommand(body)).toBeNull();
  });

  it("answers an unknown command with the help, its name escaped", () => {
    expect(helpReply({ name: "help", unknown: "@everyone`" })).toMatch(/^Unknown command `` @\u200beveryone` ``/);
  });
});

describe("readRepoSettings", () => {
  const file = (text: string) => ({ path: ".github/bulkhead.yml", text });

  it("reads tenant owners and the comment mode", () => {
    expect(readRepoSettings(file("tenants:\n  sales: { namespaces: [sales], owners: ['@acme/sales', sally] }\n  hr: { namespaces: [hr] }\ncomment: { mode: new }\n"))).toEqual({
      tenants: [
        { name: "sales", owners: ["@acme/sales", "sally"] },
        { name: "hr", owners: [] },
      ],
      commentMode: "new",
    });
  });

  it.each([
    ["no config", undefined],
    ["invalid YAML", file("tenants: [")],
    ["a list at the top", file("- a\n")],
    ["an unknown mode", file("comment: { mode: loud }\n")],
    ["an alias bomb", file(`a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${"*a, ".repeat(20)}*a]\nc: &c [${"*b, ".repeat(20)}*b]\nd: [${"*c, ".repeat(20)}*c]\n`)],
  ])("falls back to defaults on %s", (_name, config) => {
    expect(readRepoSettings(config)).toMatchObject({ commentMode: "update" });
  });
});
