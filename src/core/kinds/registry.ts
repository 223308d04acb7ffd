import type { PolicyKind } from "../model/policy-kind.js";
import { ciliumClusterwideNetworkPolicyKind } from "./cilium-clusterwide-network-policy/index.js";
import { ciliumNetworkPolicyKind } from "./cilium-network-policy/index.js";
import { networkPolicyKind } from "./network-policy/index.js";

/** The one place where policy kinds are registered: one line per kind, keyed by its folder name. */
export const policyKinds: ReadonlyMap<string, PolicyKind> = new Map(
  [networkPolicyKind, ciliumNetworkPolicyKind, ciliumClusterwideNetworkPolicyKind].map((k) => [k.id, k]),
);

const byKind = new Map([...policyKinds.values()].map((k) => [k.kind, k]));

/** Dispatch on `kind` (never trial-parse). */
export const policyKindFor = (kind: string): PolicyKind | undefined => byKind.get(kind);
