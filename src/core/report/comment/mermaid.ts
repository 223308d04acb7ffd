import type { AggregatedChange } from "../../review/types.js";
import { clip, oneLine } from "../markdown-escape.js";
import { portsText } from "./tables.js";

/** Beyond this many edges a graph is unreadable; the table has the rest. */
export const MAX_GRAPH_EDGES = 40;

export interface GraphEdge {
  from: string;
  to: string;
  fromIsTenant: boolean;
  toIsTenant: boolean;
  change: AggregatedChange["change"];
  crossTenant: boolean;
  /** Port text of a single row, or how many rows the edge stands for. */
  label: string;
}

/** A tenant when the row has one, the display name otherwise (external peers, platform). */
const endpoint = (tenant: string | undefined, name: string): [string, boolean] => (tenant ? [tenant, true] : [name, false]);

/**
 * Changed edges between tenants: rows inside one tenant are left to the table (they would be
 * self-loops), rows between the same two nodes with the same kind of change become one edge.
 * Cross-tenant edges come first so that a shortened graph keeps them.
 */
export function graphEdges(changes: readonly AggregatedChange[]): GraphEdge[] {
  const edges = new Map<string, GraphEdge & { rows: number }>();
  for (const c of changes) {
    const [from, fromIsTenant] = endpoint(c.fromTenant, c.from);
    const [to, toIsTenant] = endpoint(c.toTenant, c.to);
    if (from === to && fromIsTenant === toIsTenant) continue;
    const key = JSON.stringify([from, fromIsTenant, to, toIsTenant, c.change]);
    const ports = portsText(c).replace(/−/g, "-");
    const edge = edges.get(key);
    if (edge) {
      edge.rows += 1;
      edge.crossTenant ||= c.crossTenant;
      edge.label = `${edge.rows} changes`;
    } else edges.set(key, { from, to, fromIsTenant, toIsTenant, change: c.change, crossTenant: c.crossTenant, label: ports, rows: 1 });
  }
  const list = [...edges.values()].map(({ rows: _rows, ...e }) => e);
  return [...list.filter((e) => e.crossTenant), ...list.filter((e) => !e.crossTenant)];
}

/**
 * Mermaid labels get a whitelist, not escaping: Mermaid has its own entity syntax (`#quot;`),
 * directives (`%%{init}%%`), `click` callbacks and Markdown strings, and a backtick could close
 * the code fence. Node ids are generated (`n0`, `n1`, …), never taken from a name.
 */
export const mermaidLabel = (text: string, max = 48): string => clip(oneLine(text).replace(/[^A-Za-z0-9 ._/:=,*+-]/g, "_"), max) || "_";

const ARROW = { added: "-->", removed: "-.->", changed: "-->" } as const;

/** The fenced block for the first `keep` edges; balanced for any `keep`. */
export function renderMermaid(edges: readonly GraphEdge[], keep: number): string {
  const shown = edges.slice(0, keep);
  const ids = new Map<string, string>();
  const nodes: string[] = [];
  const node = (name: string, isTenant: boolean): string => {
    const key = JSON.stringify([name, isTenant]);
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(key, id);
      const label = mermaidLabel(name);
      nodes.push(isTenant ? `  ${id}(["${label}"])` : `  ${id}["${label}"]`);
    }
    return id;
  };
  const links: string[] = [];
  const styles: string[] = [];
  shown.forEach((e, i) => {
    const from = node(e.from, e.fromIsTenant);
    const to = node(e.to, e.toIsTenant);
    const verb = e.change === "added" ? "opened" : e.change === "removed" ? "closed" : "changed";
    const arrow = e.crossTenant && e.change !== "removed" ? "==>" : ARROW[e.change];
    links.push(`  ${from} ${arrow}|"${mermaidLabel(`${verb} ${e.label}`, 40)}"| ${to}`);
    if (e.crossTenant) styles.push(`  linkStyle ${i} stroke:#cf222e,stroke-width:3px`);
  });
  return ["```mermaid", "flowchart LR", ...nodes, ...links, ...styles, "```"].join("\n");
}
