import { it } from "vitest";
import { analyzeFiles, exampleFiles, exampleNames } from "./helpers.js";
import { describeAction, describeBackend, describeMatch, describePods } from "../../../src/core/gateway/exposure-row.js";
it("smoke", () => {
  for (const n of exampleNames()) {
    const a = analyzeFiles(exampleFiles(n));
    console.log("=== " + n, a.rejections.map(r=>r.reason+" "+r.message), a.diagnostics.map(d=>d.code+" "+d.message));
    for (const r of a.rows) console.log(JSON.stringify({l: r.listener.name, host: r.host, route: `${r.route.namespace}/${r.route.name}#${r.route.rule}`, m: describeMatch(r.match), act: describeAction(r), be: describeBackend(r.backend), pods: describePods(r.backend), tp: r.backend?.targetPort, authz: [r.authz.policy, r.authz.level, r.authz.authn.join(","), r.authz.rules.join(";"), r.authz.defaultAction, r.authz.clientIpSource].join(" | "), eff: r.effective, why: r.reason, sh: r.shadowedBy, blk: r.cilium?.blockedBy, amb: r.ambiguous}));
  }
});
