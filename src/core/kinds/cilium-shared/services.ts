import { requirement, selectorMatches } from "../../algebra/selector.js";
import type { Service } from "../../model/inventory.js";
import type { Selector } from "../../model/labels.js";
import { LABEL } from "../../model/labels.js";
import type { FieldPath } from "../../model/manifest.js";
import type { CiliumContext } from "./context.js";
import { CODES, isAbsent } from "./context.js";
import { checkSelectorLabels, parseSelector } from "./selectors.js";

const SERVICE_FIELDS = ["k8sService", "k8sServiceSelector"] as const;
const BY_NAME_FIELDS = ["serviceName", "namespace"] as const;
const BY_SELECTOR_FIELDS = ["selector", "namespace"] as const;

/** Service labels as identity-style labels, so a normalised (`any:`) selector can match them. */
const serviceLabels = (svc: Service): Map<string, string> =>
  new Map(Object.entries(svc.labels).map(([k, v]) => [`k8s:${k}`, v]));

/**
 * SVC-2: a Service with a pod selector becomes an endpoint selector on its backends, pinned to the
 * Service's namespace (the selector's labels are Kubernetes pod labels, hence `k8s:` keys).
 */
const backendSelector = (svc: Service, selector: Readonly<Record<string, string>>): Selector => ({
  requirements: [
    ...Object.entries(selector).map(([k, v]) => requirement(`k8s:${k}`, "In", [v])),
    requirement(LABEL.namespace, "In", [svc.namespace]),
  ],
});

/**
 * `toServices` (SVC-1/2), resolved against the inventory. A CNP entry without a namespace means the
 * policy's namespace; a CCNP entry without one matches that Service in every namespace.
 * Returns the backend selectors of every resolved Service (possibly none).
 */
export function compileServices(c: CiliumContext, items: readonly unknown[], path: FieldPath): Selector[] {
  const selectors: Selector[] = [];
  items.forEach((item, i) => {
    const at = [...path, i];
    const rec = c.record(item, at, SERVICE_FIELDS);
    if (rec === undefined) return;
    const matched = [...byName(c, rec.k8sService, [...at, "k8sService"]), ...bySelector(c, rec.k8sServiceSelector, [...at, "k8sServiceSelector"])];
    if (!c.ok) return;
    if (matched.length === 0) {
      c.report(
        CODES.servicesUnresolved,
        "warning",
        at,
        "toServices entry matches no Service in the analysed manifests: it is treated as allowing nothing",
        "SVC-1",
      );
      return;
    }
    for (const svc of matched) {
      if (svc.selector === null) {
        c.report(
          CODES.servicesNoSelector,
          "warning",
          at,
          `Service ${svc.namespace}/${svc.name} has no pod selector: Cilium selects its EndpointSlice addresses as CIDRs, which never match pods or nodes (CIDR-3); treated as allowing nothing`,
          "SVC-2",
        );
        continue;
      }
      const selector = backendSelector(svc, svc.selector);
      checkSelectorLabels(c, selector, at);
      selectors.push(selector);
    }
  });
  return selectors;
}

const namespaceFilter = (c: CiliumContext, written: string | undefined): ((svc: Service) => boolean) => {
  const ns = written !== undefined && written !== "" ? written : c.namespace;
  return (svc) => ns === undefined || svc.namespace === ns;
};

function byName(c: CiliumContext, raw: unknown, at: FieldPath): Service[] {
  if (isAbsent(raw)) return [];
  const rec = c.record(raw, at, BY_NAME_FIELDS);
  if (rec === undefined) return [];
  const name = c.string(rec.serviceName, [...at, "serviceName"]);
  const inNamespace = namespaceFilter(c, c.string(rec.namespace, [...at, "namespace"]));
  return c.inventory.services.filter((svc) => svc.name === name && inNamespace(svc));
}

function bySelector(c: CiliumContext, raw: unknown, at: FieldPath): Service[] {
  if (isAbsent(raw)) return [];
  const rec = c.record(raw, at, BY_SELECTOR_FIELDS);
  if (rec === undefined) return [];
  if (isAbsent(rec.selector)) return c.invalid([...at, "selector"], "k8sServiceSelector needs a selector", "SVC-1") ?? [];
  const selector = parseSelector(c, rec.selector, [...at, "selector"]);
  const inNamespace = namespaceFilter(c, c.string(rec.namespace, [...at, "namespace"]));
  if (selector === undefined) return [];
  return c.inventory.services.filter((svc) => inNamespace(svc) && selectorMatches(selector, serviceLabels(svc)));
}
