import { policyKey } from "../analyze/analyze-repository.js";
import { objectRef } from "../model/manifest.js";
import { defineRule } from "./define-rule.js";

/**
 * A policy the API server or Cilium rejects is enforced by nobody (OBJ-4). When the base version was
 * valid, the cluster keeps enforcing that old version instead (OBJ-5), so Git and the cluster diverge.
 */
export default defineRule({
  id: "invalid-policy",
  meta: {
    description: "A policy is invalid: Kubernetes or Cilium rejects it, so it is not enforced as written.",
    defaultSeverity: "error",
    docs: "docs/rules/invalid-policy.md",
    messages: {
      invalid: "{{object}} is invalid, so it is enforced by nobody (OBJ-4): {{problem}}",
      invalidUpdate: "{{object}} is invalid, so the cluster rejects this update and keeps enforcing the previous version (OBJ-5); the head access shown here uses that version: {{problem}}",
    },
  },
  check(ctx) {
    const { keptFromBase } = ctx.analysis;
    const { policies } = ctx.analysis.repo;
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i]!; // an indexed loop over every policy: it mostly runs before the JIT optimises it
      if (p.compiled && keptFromBase.size === 0) continue; // valid, and nothing kept: no key to build
      const key = policyKey(p.object);
      const kept = keptFromBase.has(key);
      if (p.compiled && !kept) continue;
      const errors = p.diagnostics.filter((d) => d.severity === "error");
      const first = errors[0];
      if (!first) continue;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""})` : "";
      ctx.report({
        messageId: kept ? "invalidUpdate" : "invalid",
        data: { object: objectRef(p.object), problem: `${first.message}${more}` },
        at: first,
        fix: `Fix ${objectRef(p.object)} at ${first.file}:${first.line}: ${first.message}. Every problem is listed under diagnostics.`,
        identity: key,
        from: objectRef(p.object),
      });
    }
  },
});
