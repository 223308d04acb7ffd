/**
 * Files of the hostile corpus that are made at test time instead of committed: a 50 MB manifest
 * and a hundred thousand files would bloat the repository and every clone of it.
 */
export type Generator =
  /** One CiliumNetworkPolicy that would open `namespace` to the Internet, padded to exactly `bytes` bytes. */
  | { kind: "huge-policy"; path: string; namespace: string; bytes: number }
  /**
   * `count` manifest files, `<dir>/f000000.yaml` … (six digits), all holding the same comment: they
   * count towards maxFiles like any manifest, while parsing them costs next to nothing.
   */
  | { kind: "many-files"; dir: string; count: number };

export type Generated = Partial<Record<"base" | "head", Record<string, string>>>;

export function generate(g: Generator): Generated {
  switch (g.kind) {
    case "huge-policy": {
      const head = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: huge\n  namespace: ${g.namespace}\n  annotations:\n    padding: "`;
      const tail = `"\nspec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [world]\n`;
      return { head: { [g.path]: head + "x".repeat(Math.max(0, g.bytes - head.length - tail.length)) + tail } };
    }
    case "many-files": {
      const files: Record<string, string> = {};
      for (let i = 0; i < g.count; i++) {
        const n = String(i).padStart(6, "0");
        files[`${g.dir}/f${n}.yaml`] = "# generated\n";
      }
      return { head: files };
    }
  }
}
