import { objectRef } from "../model/manifest.js";
import type { KeptPolicy } from "./analyze-sides.js";
import type { Diagnostic } from "./types.js";

export const CONFIG_PATH = ".github/bulkhead.yml";

export const observeNote = (): string =>
  `No ${CONFIG_PATH} on the base branch, so Bulkhead runs in observe mode: every namespace is its own tenant ` +
  "(kube-system, kube-public and kube-node-lease are the platform, DNS to kube-system/k8s-app=kube-dns on 53/UDP and 53/TCP is shared), " +
  `and findings are warnings that do not fail the check. To enforce tenant isolation, add ${CONFIG_PATH} with your tenants, ` +
  'e.g. `tenants: {sales: {namespaces: ["sales", "sales-*"]}}`; docs/configuration.md describes every setting.';

export const configChangedNote = (): string =>
  `This change edits ${CONFIG_PATH}. The edit applies after merge; this review used the configuration of the base branch.`;

export const brokenConfigNote = (path: string): string =>
  `${path} on the base branch is invalid (see the diagnostics), so the check fails closed; the rules ran as in observe mode, for information. ` +
  "A fix to the config in this change applies after merge.";

export const keptNote = (k: KeptPolicy): string =>
  `${objectRef(k.head.object)} (${k.head.object.position.file}:${k.head.object.position.line}) is invalid on the head. ` +
  "Cilium rejects the update and keeps enforcing the previous version (OBJ-5), so the head access shown here uses the base version.";

export const incompleteNote = (ds: readonly Diagnostic[]): string => {
  const first = ds[0]!;
  const more = ds.length > 1 ? ` and ${ds.length - 1} more` : "";
  return `The analysis is incomplete for tenant namespaces (${first.code} at ${first.file}:${first.line}${more}), so the check fails closed.`;
};
