#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runAccess } from "./commands/access.js";
import { runDemo } from "./commands/demo.js";
import { runDiff } from "./commands/diff.js";
import { runEval } from "./commands/eval.js";
import { runPr } from "./commands/pr.js";
import { EXIT, processOutput, UsageError, type Output } from "./io.js";

export const HELP = `bulkhead — effective network access and tenant isolation for Kubernetes GitOps repositories

Usage:
  bulkhead access <dir> [--format txt|md|json|csv]
      Every allowed connection between the workloads, representative peers and external peers of <dir>.
  bulkhead eval <dir> --from <peer> --to <peer> --port <port>/<PROTO> [--json]
  bulkhead eval <dir> --queries <file> [--json]
      One verdict (allow/deny) per query, with the rules that decided it. A query file holds one
      "FROM TO PORT/PROTO" per line; # comments and blank lines are ignored.
  bulkhead diff <base-dir> <head-dir> [--config <file>] [--format txt|md|json|sarif]
  bulkhead diff [<repo-dir>] --base-ref <git-ref> --head-ref <git-ref> [--config <path>] [--format ...]
      The review the GitHub App posts: connections added, removed and changed, tenant-isolation
      findings and the gate (exit 1 when it fails). The config is read from the base, never the head.
      --max-pairs N / --max-changes N raise the review's size limits.
  bulkhead pr <owner>/<repo>#<number> [--json]
      What the GitHub App would post on a pull request (check run and comment), without posting.
      Token from GITHUB_TOKEN; GITHUB_API_URL (or GHE_HOST) for GitHub Enterprise Server.
  bulkhead demo
      Runs 'access' on the bundled example (examples/multi-tenant).

Peers: ns/name (a workload; ns/name[Kind] when ambiguous), a representative peer such as sales/* or
sales/[app=web], an IPv4/IPv6 address or CIDR, a DNS name (api.example.com), entity:<name>
(world, host, remote-node, kube-apiserver, ingress, health, init, unmanaged).

Options:
  --profile cilium|upstream     semantics profile (default cilium; upstream = plain Kubernetes NetworkPolicy)
  --representatives auto|always|never
                                synthesise representative peers from selectors (default auto: only
                                where no workload in the manifests matches)
  -h, --help                    this help
  --version                     print the version

Exit codes:
  0  ok
  1  the diff gate failed (new violations)
  2  usage error or unreadable input
  3  completed, but with error diagnostics: some input could not be analysed or some policy is
     rejected by Cilium/Kubernetes and enforced by nobody (see stderr)
`;

const COMMANDS: Record<string, (args: string[], io: Output) => Promise<number>> = {
  access: runAccess,
  eval: runEval,
  diff: runDiff,
  demo: runDemo,
  pr: runPr,
};

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "-h" || command === "--help" || command === "help") {
    io.out(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === "--version") {
    io.out("bulkhead 0.1.0\n");
    return EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`bulkhead: unknown command "${command}"\n\n${HELP}`);
    return EXIT.usage;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    io.out(HELP);
    return EXIT.ok;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      io.err(`bulkhead: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** True when this file is the process entry point, also through npm's `node_modules/.bin` symlink. */
const invokedDirectly = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  // exitCode, not exit(): exit() would cut off output still being flushed into a pipe.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`bulkhead: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
