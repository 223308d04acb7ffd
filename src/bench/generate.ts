/**
 * Synthetic multi-tenant GitOps repository for `npm run bench`: tenants × namespaces × workloads,
 * with a Cilium baseline, per-app NetworkPolicies, FQDN and CIDR egress in every namespace, and a
 * few clusterwide policies. Deterministic, so runs compare.
 */
export interface BenchShape {
  tenants: number;
  namespacesPerTenant: number;
  workloadsPerNamespace: number;
}

const deployment = (ns: string, app: string, i: number): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata:
      labels: {app: ${app}, tier: ${i % 3 === 0 ? "frontend" : "backend"}, version: v${i % 4}}
    spec:
      serviceAccountName: ${app}
      containers:
        - name: main
          image: registry.example.com/${app}:1.0.${i}
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
            - {name: metrics, containerPort: 9090, protocol: TCP}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {app: ${app}}
  ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]
`;

const baseline = (ns: string): string => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: baseline, namespace: ${ns}}
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints: [{}]
  egress:
    - toEndpoints: [{}]
    - toEndpoints:
        - matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
      toPorts:
        - ports: [{port: "53", protocol: UDP}, {port: "53", protocol: TCP}]
          rules: {dns: [{matchPattern: "*"}]}
`;

const appPolicy = (ns: string, app: string, from: string): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-${from}-to-${app}, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: ${from}}}
      ports: [{port: 8080, protocol: TCP}, {port: metrics, protocol: TCP}]
`;

const egressPolicies = (ns: string, t: number, n: number): string => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: external-apis, namespace: ${ns}}
spec:
  endpointSelector: {matchLabels: {app: app-1}}
  egress:
    - toFQDNs: [{matchPattern: "*.api-${t}.example.com"}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: on-premise, namespace: ${ns}}
spec:
  endpointSelector: {matchLabels: {app: app-2}}
  egress:
    - toCIDRSet:
        - cidr: 10.${t % 250}.${n}.0/24
          except: [10.${t % 250}.${n}.128/25]
      toPorts: [{ports: [{port: "5432", protocol: TCP}]}]
`;

const clusterwide = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: deny-metadata-service}
spec:
  endpointSelector: {}
  egressDeny:
    - toCIDR: [169.254.169.254/32]
  enableDefaultDeny: {egress: false}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: allow-monitoring-scrape}
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints:
        - matchLabels: {io.kubernetes.pod.namespace: monitoring, app: prometheus}
      toPorts: [{ports: [{port: "9090", protocol: TCP}]}]
  enableDefaultDeny: {ingress: false}
`;

/** Files of the synthetic repository: path → text. */
export function generateRepository(shape: BenchShape): Map<string, string> {
  const files = new Map<string, string>();
  files.set("platform/clusterwide.yaml", clusterwide);
  for (let t = 0; t < shape.tenants; t++) {
    for (let n = 0; n < shape.namespacesPerTenant; n++) {
      const ns = `tenant-${t}-ns-${n}`;
      const dir = `tenants/tenant-${t}/${ns}`;
      files.set(`${dir}/namespace.yaml`, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {tenant: tenant-${t}}\n`);
      const apps = Array.from({ length: shape.workloadsPerNamespace }, (_, i) => `app-${i}`);
      files.set(`${dir}/workloads.yaml`, apps.map((a, i) => deployment(ns, a, i)).join("---\n"));
      const policies = [baseline(ns), ...apps.slice(1, Math.max(1, 8)).map((a, i) => appPolicy(ns, a, apps[i]!)), egressPolicies(ns, t, n)];
      files.set(`${dir}/policies.yaml`, policies.join("---\n"));
    }
  }
  return files;
}

/** The benchmark's shape for a number of workloads: tenants × 2 namespaces × 10 workloads. */
export const shapeFor = (workloads: number): BenchShape => ({
  tenants: Math.max(1, Math.round(workloads / 20)),
  namespacesPerTenant: 2,
  workloadsPerNamespace: 10,
});

/**
 * A PR-sized change on top (three files): tenant-0 and tenant-1 open app-3 to each other on 8080
 * (a new policy on each side: connections added), and tenant-0's second namespace moves its
 * database egress from 5432 to 6432 (connections changed). Every finding points at these files.
 */
export function applyPullRequest(files: Map<string, string>): Map<string, string> {
  const head = new Map(files);
  head.set(
    "tenants/tenant-0/tenant-0-ns-0/pr-change.yaml",
    `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: allow-partner, namespace: tenant-0-ns-0}
spec:
  endpointSelector: {matchLabels: {app: app-3}}
  ingress:
    - fromEndpoints:
        - matchLabels: {io.kubernetes.pod.namespace: tenant-1-ns-0, app: app-3}
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`,
  );
  const partner = "tenants/tenant-1/tenant-1-ns-0/pr-change.yaml";
  if (files.has("tenants/tenant-1/tenant-1-ns-0/policies.yaml"))
    head.set(
      partner,
      `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: call-partner, namespace: tenant-1-ns-0}
spec:
  endpointSelector: {matchLabels: {app: app-3}}
  egress:
    - toEndpoints:
        - matchLabels: {io.kubernetes.pod.namespace: tenant-0-ns-0, app: app-3}
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`,
    );
  const moved = "tenants/tenant-0/tenant-0-ns-1/policies.yaml";
  const text = files.get(moved);
  if (text) head.set(moved, text.replace('toPorts: [{ports: [{port: "5432", protocol: TCP}]}]', 'toPorts: [{ports: [{port: "6432", protocol: TCP}]}]'));
  return head;
}
