import { blockContains, parseCidr } from "../../algebra/ip-space.js";
import { requirement } from "../../algebra/selector.js";
import type { Requirement, Selector } from "../../model/labels.js";
import { LABEL } from "../../model/labels.js";
import type { FieldPath } from "../../model/manifest.js";
import type { Profile } from "../../model/profile.js";
import type { CidrBlock, PeerMatcher } from "../../model/rule.js";
import type { PolicyReader } from "./reader.js";
import { CODES, formatPath } from "./reader.js";

const PEER_FIELDS = ["podSelector", "namespaceSelector", "ipBlock"] as const;
const IPBLOCK_FIELDS = ["cidr", "except"] as const;

/** Pod label key as written in a KNP → identity label key (§3.1). */
export const podKey = (key: string): string => `k8s:${key}`;
/** Namespace label key as written in a KNP → the namespace-label identity key (KNP-2, §3.1). */
export const namespaceKey = (key: string): string => `${LABEL.namespaceLabelPrefix}${key}`;

export interface PeerEnv {
  namespace: string;
  profile: Profile;
}

const isNegative = (r: Requirement): boolean => r.operator === "NotIn" || r.operator === "DoesNotExist";

/** `ipBlock` → CIDR peer (KNP-2, CIDR-2/3). Validated like the API server: prefix required, excepts strictly inside. */
function compileIpBlock(r: PolicyReader, raw: unknown, path: FieldPath): PeerMatcher | undefined {
  const block = r.record(raw, path, IPBLOCK_FIELDS);
  if (block === undefined) return undefined;
  const cidrPath = [...path, "cidr"];
  if (typeof block.cidr !== "string" || block.cidr === "") return r.invalid(cidrPath, "ipBlock.cidr is required");
  const cidrText = block.cidr;
  // The API server requires an explicit prefix length: a bare address is rejected.
  const outer = cidrText.includes("/") ? parseCidr(cidrText) : undefined;
  if (outer === undefined) return r.invalid(cidrPath, `"${cidrText}" is not a valid CIDR`);
  const exceptRaw = r.list(block.except, [...path, "except"]);
  if (exceptRaw === undefined) return undefined;
  const except: string[] = [];
  let ok = true;
  for (const [i, e] of exceptRaw.entries()) {
    const at = [...path, "except", i];
    const inner = typeof e === "string" && e.includes("/") ? parseCidr(e) : undefined;
    if (inner === undefined) {
      r.invalid(at, `except entry ${JSON.stringify(e)} is not a valid CIDR`);
      ok = false;
      continue;
    }
    const strictSubset = blockContains(outer, inner) && !(inner.first === outer.first && inner.last === outer.last);
    if (!strictSubset) {
      r.invalid(at, `except "${String(e)}" must be a strict subset of cidr "${cidrText}" (CIDR-2)`);
      ok = false;
      continue;
    }
    except.push(e as string);
  }
  if (!ok) return undefined;
  const cidrBlock: CidrBlock = { cidr: cidrText, except };
  return { kind: "cidr", blocks: [cidrBlock] };
}

/**
 * One `NetworkPolicyPeer` (KNP-2). Selector peers are rewritten into identity selectors:
 * - podSelector alone: pod labels AND namespace pinned to the policy namespace;
 * - namespaceSelector (± podSelector): namespace-label requirements AND pod labels, any namespace.
 *   `namespaceSelector: {}` adds `io.kubernetes.pod.namespace Exists` (pods only, never world/host).
 *   The upstream profile always adds it (only pods have namespaces); the Cilium profile does not for a
 *   non-empty namespaceSelector, so negative operators over-select non-pod identities (EDGE-5).
 * Returns undefined when the peer is invalid (errors reported).
 */
export function compilePeer(r: PolicyReader, raw: unknown, path: FieldPath, env: PeerEnv): PeerMatcher | undefined {
  // A `null` list element decodes to an empty peer, which the API server rejects below.
  const peer = r.record(raw, path, PEER_FIELDS);
  if (peer === undefined) return undefined;
  // Like Go pointers: an explicit `null` is the same as an absent field.
  const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
  const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  const hasIp = peer.ipBlock !== undefined && peer.ipBlock !== null;
  if (!hasPod && !hasNs && !hasIp)
    return r.invalid(path, "a peer must set podSelector, namespaceSelector or ipBlock");
  if (hasIp && (hasPod || hasNs))
    return r.invalid(path, "a peer may not set ipBlock together with podSelector or namespaceSelector");
  if (hasIp) return compileIpBlock(r, peer.ipBlock, [...path, "ipBlock"]);

  const pods = hasPod ? r.selector(peer.podSelector, [...path, "podSelector"], podKey) : { requirements: [] };
  if (!hasNs) {
    if (pods === undefined) return undefined;
    const selector: Selector = {
      requirements: [...pods.requirements, requirement(LABEL.namespace, "In", [env.namespace])],
    };
    return { kind: "selector", selectors: [selector] };
  }
  const nsPath = [...path, "namespaceSelector"];
  const namespaces = r.selector(peer.namespaceSelector, nsPath, namespaceKey);
  if (pods === undefined || namespaces === undefined) return undefined;
  const requirements: Requirement[] = [...namespaces.requirements, ...pods.requirements];
  const emptyNamespaceSelector = namespaces.requirements.length === 0;
  if (emptyNamespaceSelector || !env.profile.negativeSelectorsOverSelect) {
    requirements.push(requirement(LABEL.namespace, "Exists"));
  } else if (namespaces.requirements.some(isNegative) && !requirements.some((q) => !isNegative(q))) {
    // Every requirement is satisfied by an identity without k8s labels: world, host, ... match too.
    r.report(
      CODES.negativeNamespaceSelector,
      "warning",
      nsPath,
      `${formatPath(nsPath)} only has negative requirements (NotIn/DoesNotExist); in Cilium they also match ` +
        "identities without a namespace (world, host, remote-node, ingress, ...), not only pods (EDGE-5, GH#46949)",
      "EDGE-5",
    );
  }
  return { kind: "selector", selectors: [{ requirements }] };
}
