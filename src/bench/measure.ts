import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { main } from "../cli/main.js";

/**
 * One measurement in a fresh process (so peak RSS is this operation's own): prints
 * `{"ms": wall time, "maxRssMiB": peak resident memory}` as JSON.
 */
const [op, ...args] = process.argv.slice(2);
const silent = { out: () => undefined, err: () => undefined };

function parseOnly(dir: string): void {
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) parseAllDocuments(readFileSync(full, "utf8"), { lineCounter: new LineCounter() });
    }
  };
  walk(dir);
}

const start = performance.now();
if (op === "parse") for (const dir of args) parseOnly(dir);
else await main([op!, ...args, ...(op === "access" ? ["--format", "json"] : [])], silent);
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n");
