import type { AggregatedChange, Finding, Review } from "../../review/types.js";
import { clip, escapeHtml, literal, prose } from "../markdown-escape.js";
import { groupFindings, sortDiagnostics } from "./facts.js";
import type { Section } from "./fit.js";
import { graphEdges, MAX_GRAPH_EDGES, renderMermaid } from "./mermaid.js";
import * as t from "./tables.js";

/** Rows of one tenant's `<details>`; the full list is in the changes table above it. */
const MAX_TENANT_ROWS = 25;
const MAX_NOTES = 10;

const more = (noun: string) => (n: number) => `_…and ${n} more ${n === 1 ? noun : `${noun}s`} left out to fit the size limit._`;

/** Cross-tenant rows first (stable), so that shortening the table never hides them first. */
export const orderChanges = (cs: readonly AggregatedChange[]): AggregatedChange[] => [...cs.filter((c) => c.crossTenant), ...cs.filter((c) => !c.crossTenant)];

function findingSection(id: string, label: string, heading: string, findings: readonly Finding[], keepAll = false): Section {
  const rows = findings.map((f) => t.tableRow(t.findingCells(f)));
  return {
    id,
    label,
    size: rows.length,
    floor: keepAll ? rows.length : 0,
    render: (k) => (rows.length ? `${heading} (${rows.length})\n\n${t.table(t.FINDING_COLUMNS, rows, k, more("finding"))}` : ""),
  };
}

export function violationsSection(review: Review): Section {
  // What fails the check is shortened only as a last resort, after the cross-tenant rows.
  return findingSection("violations", "new violations", "### ❌ New violations", groupFindings(review.findings).violations, true);
}

export function newWarningsSection(review: Review): Section {
  const heading = review.observeMode ? "### 👀 New findings" : "### ⚠️ New warnings";
  return findingSection("newWarnings", "new warnings", heading, groupFindings(review.findings).newWarnings);
}

export function changesSection(review: Review): Section {
  const rows = orderChanges(review.changes).map((c) => t.tableRow(t.changeCells(c)));
  return {
    id: "changes",
    label: "access changes",
    size: rows.length,
    floor: review.changes.filter((c) => c.crossTenant).length,
    render: (k) => (rows.length ? `### Access changes (${rows.length})\n\n${t.table(t.CHANGE_COLUMNS, rows, k, more("row"))}` : ""),
  };
}

/**
 * Who reaches which pods through a gateway, base → head (docs/gateway.md). URLs open to the
 * Internet without authentication because of this change come first and are kept in the first pass.
 */
export function northSouthSection(review: Review): Section {
  const changes = review.northSouth ?? [];
  const ordered = [...changes.filter((c) => c.newlyPublic), ...changes.filter((c) => !c.newlyPublic)];
  const rows = ordered.map((c) => t.tableRow(t.northSouthCells(c)));
  return {
    id: "northSouth",
    label: "north-south exposure changes",
    size: rows.length,
    floor: changes.filter((c) => c.newlyPublic).length,
    render: (k) =>
      rows.length
        ? `### North-south exposure (${rows.length})\n\nWhat clients outside the cluster reach through a gateway (Gateway API, Envoy Gateway), before → after this change.\n\n${t.table(t.NORTH_SOUTH_COLUMNS, rows, k, more("row"))}`
        : "",
  };
}

/** One `<details>` per tenant the change touches, with that tenant's rows from its side. */
function tenantBlocks(changes: readonly AggregatedChange[]): string[] {
  const byTenant = new Map<string, Array<{ cells: string[]; cross: boolean }>>();
  for (const c of orderChanges(changes)) {
    const add = (tenant: string, cells: string[]): void => {
      if (!byTenant.has(tenant)) byTenant.set(tenant, []);
      byTenant.get(tenant)!.push({ cells, cross: c.crossTenant });
    };
    const label = t.changeLabel(c);
    const ports = literal(t.portsText(c), 80);
    const beforeAfter = `${literal(c.before, 80)} → ${literal(c.after, 80)}`;
    if (c.fromTenant && c.fromTenant === c.toTenant) add(c.fromTenant, [label, "within", `${literal(c.from)} → ${literal(c.to)}`, ports, beforeAfter]);
    else {
      if (c.fromTenant) add(c.fromTenant, [label, "egress to", literal(c.to), ports, beforeAfter]);
      if (c.toTenant) add(c.toTenant, [label, "ingress from", literal(c.from), ports, beforeAfter]);
    }
  }
  if (byTenant.size < 2) return []; // one tenant: the changes table already is its section
  return [...byTenant.keys()].sort().map((tenant) => {
    const entries = byTenant.get(tenant)!;
    const cross = entries.filter((e) => e.cross).length;
    const count = entries.length === 1 ? "1 change" : `${entries.length} changes`;
    const summary = `<b>${escapeHtml(clip(tenant, 80))}</b> · ${count}${cross ? ` (${cross} cross-tenant)` : ""}`;
    const rows = entries.map((e) => t.tableRow(e.cells));
    const body = t.table(["change", "direction", "peer", "ports", "before → after"], rows, MAX_TENANT_ROWS, (n) => `_…and ${n} more in the access changes table._`);
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
  });
}

export function tenantsSection(review: Review): Section {
  const blocks = tenantBlocks(review.changes);
  return {
    id: "tenants",
    label: "per-tenant sections",
    size: blocks.length,
    render: (k) => (blocks.length ? `### By tenant\n\n${[...blocks.slice(0, k), ...(k < blocks.length ? [more("tenant section")(blocks.length - k)] : [])].join("\n\n")}` : ""),
  };
}

export function graphSection(review: Review): Section {
  const edges = graphEdges(review.changes);
  const size = Math.min(edges.length, MAX_GRAPH_EDGES);
  const capped = edges.length > MAX_GRAPH_EDGES ? `\n\n_The graph shows ${MAX_GRAPH_EDGES} of ${edges.length} edges._` : "";
  return {
    id: "graph",
    label: "graph edges",
    size,
    render: (k) => {
      if (size === 0) return "";
      if (k === 0) return `### Changed edges between tenants\n\n${more("graph edge")(size)}`;
      const note = k < size ? `\n\n${more("graph edge")(size - k)}` : capped;
      return `### Changed edges between tenants\n\nCross-tenant edges are thick and red; closed connections are dotted.\n\n${renderMermaid(edges, k)}${note}`;
    },
  };
}

export function preexistingSection(review: Review): Section {
  const found = groupFindings(review.findings).preexisting;
  const rows = found.map((f) => t.tableRow(t.preexistingCells(f)));
  return {
    id: "preexisting",
    label: "pre-existing findings",
    size: rows.length,
    render: (k) =>
      rows.length
        ? `<details><summary>Pre-existing findings (${rows.length}): already on the base branch, not introduced by this change</summary>\n\n${t.table(t.PREEXISTING_COLUMNS, rows, k, more("finding"))}\n\n</details>`
        : "",
  };
}

/** Waivers are audit trail: shown in the open, never folded away. */
export function waivedSection(review: Review): Section {
  const rows = groupFindings(review.findings).waived.map((f) => t.tableRow(t.waivedCells(f)));
  return {
    id: "waived",
    label: "waived findings",
    size: rows.length,
    render: (k) => (rows.length ? `### Waived findings (${rows.length})\n\n${t.table(t.WAIVED_COLUMNS, rows, k, more("finding"))}` : ""),
  };
}

export function diagnosticsSection(review: Review): Section {
  const sorted = sortDiagnostics(review.diagnostics);
  const rows = sorted.map(t.diagnosticItem);
  return {
    id: "diagnostics",
    label: "diagnostics",
    size: rows.length,
    floor: sorted.filter((d) => d.severity === "error").length,
    render: (k) => (rows.length ? `### Diagnostics (${rows.length})\n\n${t.list(rows, k, more("diagnostic"))}` : ""),
  };
}

/**
 * Notes from the review, plus how to leave observe mode. Plain blockquotes rather than GitHub's
 * `> [!NOTE]` alerts, which check run output is not documented to render.
 */
export function notesBlock(review: Review): string {
  const parts: string[] = [];
  const notes = review.notes.slice(0, MAX_NOTES).map((n) => `> - ${prose(n, 500)}`);
  if (review.notes.length > MAX_NOTES) notes.push(`> - …and ${review.notes.length - MAX_NOTES} more notes.`);
  if (notes.length) parts.push(["> **Note**", ">", ...notes].join("\n"));
  if (review.observeMode) {
    parts.push(
      "> **Observe mode:** the base branch has no `.github/bulkhead.yml`, so every namespace is its own tenant and findings are warnings that never fail the check. " +
        "Add the file (tenants, exceptions, rule severities) to enforce tenant isolation; it takes effect once merged.",
    );
  }
  return parts.join("\n\n");
}
