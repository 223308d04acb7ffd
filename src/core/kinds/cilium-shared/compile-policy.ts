import type { ManifestObject } from "../../model/manifest.js";
import type { CompileContext } from "../../model/policy-kind.js";
import type { CompiledPolicy } from "../../model/rule.js";
import { compileSpec } from "./compile-spec.js";
import type { SpecResult } from "./compile-spec.js";
import { CODES, CiliumContext, isAbsent } from "./context.js";

const TOP_LEVEL_FIELDS = ["apiVersion", "kind", "metadata", "spec", "specs", "status"] as const;

/** Where a CNP lives. kubectl applies a manifest without namespace into the context's namespace, usually `default`. */
const DEFAULT_NAMESPACE = "default";

/**
 * Compile a CiliumNetworkPolicy (`clusterwide: false`) or CiliumClusterwideNetworkPolicy into the rule
 * model. All or nothing (OBJ-4): if any rule of `spec`/`specs` fails Cilium's validation the result is
 * null and INVALID_POLICY errors say why.
 */
export function compileCiliumPolicy(object: ManifestObject, ctx: CompileContext, clusterwide: boolean): CompiledPolicy | null {
  const c = new CiliumContext(object, ctx.profile, ctx.inventory, clusterwide ? undefined : (object.namespace ?? DEFAULT_NAMESPACE));
  reportNamespace(c, clusterwide);
  const results: SpecResult[] = [];
  const body = c.record(object.body, [], TOP_LEVEL_FIELDS);
  if (object.name === "") c.invalid(["metadata", "name"], `a ${object.kind} must have a name`, "OBJ-1");
  if (body && isAbsent(body.spec) && isAbsent(body.specs)) c.invalid([], `a ${object.kind} needs spec or specs`, "OBJ-1");
  if (body && !isAbsent(body.spec)) results.push(compileSpec(c, body.spec, ["spec"]));
  if (body && !isAbsent(body.specs))
    (c.list(body.specs, ["specs"]) ?? []).forEach((raw, i) => results.push(compileSpec(c, raw, ["specs", i])));
  c.flush(ctx.report);
  if (!c.ok) return null;
  return {
    kind: object.kind,
    policy: c.policy,
    rules: results.flatMap((r) => r.rules),
    defaultDeny: results.flatMap((r) => r.defaultDeny),
  };
}

function reportNamespace(c: CiliumContext, clusterwide: boolean): void {
  if (clusterwide && c.object.namespace !== undefined)
    c.report(
      CODES.namespaceIgnored,
      "warning",
      ["metadata", "namespace"],
      `${c.object.kind} is cluster-scoped: metadata.namespace "${c.object.namespace}" is ignored and the policy applies cluster-wide (SUBJ-3)`,
      "SUBJ-3",
    );
  if (!clusterwide && c.object.namespace === undefined)
    c.report(
      CODES.namespaceDefaulted,
      "info",
      ["metadata"],
      `no metadata.namespace: analysed as namespace "${DEFAULT_NAMESPACE}", where kubectl would create it; a GitOps tool may place it elsewhere`,
      "SUBJ-2",
    );
}
