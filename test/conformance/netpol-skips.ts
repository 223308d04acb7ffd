/**
 * The one place where netpol-analyzer conformance cases or lines are skipped, each with its reason.
 * Every entry counts against us in the printed tally.
 */
export const SKIPPED_CASES: Readonly<Record<string, string>> = {
  anp_banp_blog_demo: "AdminNetworkPolicy/BaselineAdminNetworkPolicy are not modelled (Cilium does not enforce them; COMB-2 tiers are out of scope)",
  anp_test_4: "AdminNetworkPolicy is not modelled (see COMB-2)",
  anp_with_np_and_banp_pass_test: "AdminNetworkPolicy/BaselineAdminNetworkPolicy are not modelled (see COMB-2)",
  banp_test_core_gress_rules: "BaselineAdminNetworkPolicy is not modelled (see COMB-2)",
  anp_and_banp_using_networks_test: "AdminNetworkPolicy/BaselineAdminNetworkPolicy are not modelled (see COMB-2)",
  anp_test_ingress_egress_intersection: "AdminNetworkPolicy is not modelled (see COMB-2)",
  diff_anp_np_banp_core: "AdminNetworkPolicy/BaselineAdminNetworkPolicy are not modelled (see COMB-2)",
};

/** Expected lines we do not produce, by pattern, with the reason. */
export const SKIPPED_LINES: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /\{ingress-controller\}/,
    reason: "OpenShift Route / Ingress → {ingress-controller} is not modelled; north-south is covered by the Gateway API module",
  },
];
