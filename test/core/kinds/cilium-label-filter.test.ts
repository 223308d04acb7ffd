import { describe, expect, it } from "vitest";
import { isCiliumIdentityLabel, isIdentityRelevantLabel } from "../../../src/core/algebra/label-filter.js";

describe("identity-relevant label filter, default agent config (LBL-3)", () => {
  it.each([
    ["app", true],
    ["k8s-app", true],
    ["app.kubernetes.io/name", true],
    ["io.kubernetes.pod.namespace", true],
    ["io.cilium.k8s.namespace.labels.team", true],
    ["dns.operator.openshift.io/daemonset-dns", true],
    ["io.kubernetes.container.name", false],
    ["kubernetes.io/hostname", false],
    ["node.beta.kubernetes.io/instance-type", false],
    ["k8s.io/anything", false],
    ["topology.kubernetes.io/zone", false],
    ["statefulset.kubernetes.io/pod-name", false],
    ["apps.kubernetes.io/pod-index", false],
    ["batch.kubernetes.io/job-completion-index", false],
    ["batch.kubernetes.io/controller-uid", false],
    ["controller-uid", false],
    ["pod-template-hash", false],
    ["pod-template-generation", false],
    ["controller-revision-hash", false],
    ["annotation.foo", false],
    ["etcd_node", false],
  ])("%s → %s", (key, kept) => {
    expect(isIdentityRelevantLabel(key)).toBe(kept);
  });

  it("Cilium-owned identity keys are recognised", () => {
    expect(isCiliumIdentityLabel("io.cilium.k8s.policy.serviceaccount")).toBe(true);
    expect(isCiliumIdentityLabel("io.cilium.k8s.policy.cluster")).toBe(true);
    expect(isCiliumIdentityLabel("io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name")).toBe(true);
    expect(isCiliumIdentityLabel("io.cilium.k8s.policy.name")).toBe(false);
    expect(isCiliumIdentityLabel("app")).toBe(false);
  });
});
