import { analyzeRepository } from "../core/analyze/analyze-repository.js";
import { createExplainer } from "../core/analyze/explain-query.js";
import type { ReservedIdentity } from "../core/model/peer.js";
import { code, prose } from "../core/report/markdown-escape.js";
import { renderExplainMarkdown } from "../core/report/render-explain.js";
import { selectManifests } from "./manifest-files.js";
import type { CommitRef, FileSource } from "./ports.js";

/** A `/bulkhead …` command, read from the first line of a PR comment. */
export type Command = { name: "recheck" } | { name: "help"; unknown?: string } | { name: "explain"; from: string; to: string; port: string } | { name: "explain-usage" };

/** Who may run commands: people with a role in the repository (the comment's author_association). */
export const TRUSTED_ASSOCIATIONS: ReadonlySet<string> = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

export const COMMANDS_HELP = [
  "**Bulkhead commands** (comment on the pull request):",
  "",
  "- `/bulkhead recheck`: review the pull request again (like the check's Re-run button).",
  "- `/bulkhead explain <from> <to> <port/PROTO>`: whether the head of this pull request allows one connection, and which rules decide, e.g. `/bulkhead explain marketing/web sales/api 443/TCP`.",
  "- `/bulkhead help`: this list.",
  "",
  "Peers are written as in the CLI: `ns/name`, `ns/*`, an IP or CIDR, a DNS name, or `entity:<name>`. From `entity:world` to a workload, the routes through gateways (Gateway API, Envoy Gateway) count too, e.g. `/bulkhead explain entity:world tenant-a/shop 8080/TCP`.",
].join("\n");

/** `null` when the comment is not a command (it must start with `/bulkhead`). */
export function parseCommand(body: string): Command | null {
  const first = body.trimStart().split(/\r?\n/, 1)[0] ?? "";
  const match = /^\/bulkhead(?:\s+(.*))?$/.exec(first.trim());
  if (!match) return null;
  const [name, ...args] = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
  switch (name) {
    case "recheck":
      return { name: "recheck" };
    case "explain":
      return args.length === 3 ? { name: "explain", from: args[0]!, to: args[1]!, port: args[2]! } : { name: "explain-usage" };
    case undefined:
    case "help":
      return { name: "help" };
    default:
      return { name: "help", unknown: name };
  }
}

/** Entities `bulkhead eval` also puts into the universe, so that `entity:host` etc. resolve. */
const ENTITIES: ReservedIdentity[] = ["host", "remote-node", "kube-apiserver", "ingress", "health", "init", "unmanaged"];

/**
 * Answer `/bulkhead explain` from the PR head: the verdict and the rules behind it, with the same
 * core function as `bulkhead eval` (direct path, and for `entity:world` the paths through gateways).
 */
export async function explainConnection(files: FileSource, head: CommitRef, query: { from: string; to: string; port: string }): Promise<string> {
  const manifests = selectManifests(await files.list(head));
  const read = await files.read(head, manifests.files);
  const analysis = analyzeRepository(read.files, { entities: ENTITIES });
  const explainer = createExplainer(analysis);
  const result = explainer.explain(query);
  const incomplete = [...manifests.diagnostics, ...read.diagnostics, ...analysis.diagnostics, ...explainer.diagnostics()].filter((d) => d.severity === "error").length;
  const caveat = incomplete > 0 ? `\n\n_${incomplete} error diagnostic(s) on this commit: parts of it could not be analysed, see the \`bulkhead\` check._` : "";
  if ("error" in result) return `**Bulkhead explain** at ${code(head.sha.slice(0, 7))}: ${prose(result.error)}\n\n${COMMANDS_HELP}`;
  return renderExplainMarkdown(result, head.sha) + caveat;
}

export function helpReply(command: Command): string {
  if (command.name === "help" && command.unknown) return `Unknown command ${code(command.unknown)}.\n\n${COMMANDS_HELP}`;
  if (command.name === "explain-usage") return `\`/bulkhead explain\` needs three arguments: \`<from> <to> <port/PROTO>\`.\n\n${COMMANDS_HELP}`;
  return COMMANDS_HELP;
}
