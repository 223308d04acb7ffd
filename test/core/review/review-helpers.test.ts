import { describe, expect, it } from "vitest";
import { portSetOf, unionPorts } from "../../../src/core/algebra/port-set.js";
import type { RuleFinding } from "../../../src/core/rules/evaluate-rules.js";
import { changedLines, pointAt } from "../../../src/core/review/changed-lines.js";
import { classifyFindings, sortFindings } from "../../../src/core/review/classify-findings.js";
import { decideGate } from "../../../src/core/review/gate.js";

describe("changedLines", () => {
  it("marks added and modified head lines, and both neighbours of a deletion", () => {
    const base = [{ path: "a.yaml", text: "a\nb\nc\nd\n" }, { path: "same.yaml", text: "x\n" }];
    const head = [{ path: "a.yaml", text: "a\nB\nc\n" }, { path: "same.yaml", text: "x\n" }, { path: "new.yaml", text: "1\n2\n" }];
    const changed = changedLines(base, head);
    expect([...changed.get("a.yaml")!].sort()).toEqual([2, 3]);
    expect(changed.has("same.yaml")).toBe(false);
    expect([...changed.get("new.yaml")!]).toEqual([1, 2]);
  });

  it("points a finding at the first cause the change touched, else at its primary cause", () => {
    const changed = changedLines([{ path: "p.yaml", text: "a\nb\n" }], [{ path: "p.yaml", text: "a\nb\nc\n" }]);
    const primary = { file: "q.yaml", line: 9, col: 7 };
    expect(pointAt(changed, primary, [primary, { file: "p.yaml", line: 3, col: 5 }])).toEqual({ file: "p.yaml", line: 3, col: 5 });
    expect(pointAt(changed, primary, [primary, { file: "p.yaml", line: 1, col: 1 }])).toEqual(primary);
  });
});

const finding = (over: Partial<RuleFinding>): RuleFinding => ({
  rule: "cross-tenant",
  messageId: "crossTenant",
  severity: "error",
  message: "m",
  file: "m.yaml",
  line: 9,
  col: 7,
  fix: "f",
  identity: "sales→marketing",
  causes: [{ file: "m.yaml", line: 9, col: 7 }],
  consentable: true,
  toTenant: "marketing",
  ...over,
});
const tcp = (...ports: number[]) => unionPorts(...ports.map((p) => portSetOf("TCP", p)));
const none = new Map<string, Set<number>>();

describe("classifyFindings", () => {
  it("compares by rule and identity, never by line, and exactly on ports", () => {
    const base = [finding({ line: 3, portSet: tcp(443, 8080) })];
    const [narrowed, widened, moved, other] = classifyFindings(
      [finding({ portSet: tcp(443) }), finding({ portSet: tcp(443, 9090) }), finding({ line: 40, portSet: tcp(8080) }), finding({ identity: "sales→finance", portSet: tcp(443) })],
      base,
      none,
    );
    expect([narrowed!.new, widened!.new, moved!.new, other!.new]).toEqual([false, true, false, true]);
  });

  it("an owner of the receiving tenant consents to new findings; the author cannot", () => {
    const consents = [
      { login: "Sam", tenants: ["marketing"] },
      { login: "maria", tenants: ["finance"] },
    ];
    expect(classifyFindings([finding({})], [], none, consents, "sam")[0]!.waived).toBeUndefined();
    const waived = classifyFindings([finding({})], [], none, [...consents, { login: "lee", tenants: ["marketing"] }], "sam")[0]!.waived;
    expect(waived).toEqual({ by: "consent", detail: "approved by @lee, an owner of tenant marketing" });
    expect(classifyFindings([finding({ consentable: false })], [], none, [{ login: "lee", tenants: ["marketing"] }])[0]!.waived).toBeUndefined();
  });

  it("orders new errors, new warnings, pre-existing, then waived", () => {
    const out = sortFindings(
      classifyFindings(
        [finding({ identity: "old" }), finding({ identity: "w", severity: "warning" }), finding({ identity: "x", waived: { by: "exception", detail: "e" } }), finding({ identity: "new" })],
        [finding({ identity: "old" })],
        none,
      ),
    );
    expect(out.map((f) => `${f.new ? "new" : "old"} ${f.severity}${f.waived ? " waived" : ""}`)).toEqual(["new error", "new warning", "old error", "new error waived"]);
  });
});

describe("decideGate", () => {
  const [preexisting, fresh, waived] = classifyFindings(
    [finding({ identity: "a" }), finding({ identity: "b", severity: "warning" }), finding({ identity: "c", waived: { by: "exception", detail: "e" } })],
    [finding({ identity: "a" })],
    none,
  );
  it.each([
    ["new: a pre-existing error passes", [preexisting!], "new", false, "pass"],
    ["all: a pre-existing error fails", [preexisting!], "all", false, "fail"],
    ["a new warning passes", [fresh!], "all", false, "pass"],
    ["a waived error passes", [waived!], "all", false, "pass"],
    ["an incomplete analysis fails closed", [], "new", true, "fail"],
  ] as const)("%s", (_n, findings, mode, failClosed, gate) => {
    expect(decideGate(findings, mode, failClosed)).toBe(gate);
  });
});
