/** Small manifests for rule tests. Specs are written at column 0 and indented here; `# <- name` marks a place. */

const indent = (text: string, by: number): string =>
  text
    .trim()
    .split("\n")
    .map((l) => `${" ".repeat(by)}${l}`)
    .join("\n");

/** Namespace objects, each labelled `tenant: <name>`. */
export const namespaces = (...names: string[]): string =>
  names.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n  labels:\n    tenant: ${n}\n`).join("---\n");

export const cnp = (ns: string, name: string, spec: string): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${indent(spec, 2)}\n`;

export const ccnp = (name: string, spec: string): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${indent(spec, 2)}\n`;

export const knp = (ns: string, name: string, spec: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${indent(spec, 2)}\n`;

/** A Deployment with pod labels `app: <name>` plus extras, and optional named container ports. */
export const deployment = (ns: string, name: string, ports: Array<{ name: string; port: number }> = []): string =>
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: example/${name}
${ports.length ? `          ports:\n${ports.map((p) => `            - {name: ${p.name}, containerPort: ${p.port}}`).join("\n")}\n` : ""}`;

/** Default deny both ways, everything inside the namespace, DNS with an L7 DNS rule (FQDN-3). */
export const baseline = (ns: string): string =>
  cnp(
    ns,
    "baseline",
    `endpointSelector: {}
ingress:
  - fromEndpoints: [{}]
egress:
  - toEndpoints: [{}]
  - toEndpoints:
      - matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
    toPorts:
      - ports: [{port: "53", protocol: UDP}, {port: "53", protocol: TCP}]
        rules:
          dns: [{matchPattern: "*"}]`,
  );

/** The usual repository: namespaces and baselines of sales and marketing, plus kube-system. */
export const tenants = (): Record<string, string> => ({
  "namespaces.yaml": namespaces("sales", "marketing", "kube-system"),
  "sales/baseline.yaml": baseline("sales"),
  "marketing/baseline.yaml": baseline("marketing"),
});
