import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SourceFile } from "../../core/model/position.js";
import { renderComment } from "../../core/report/render-comment.js";
import { renderReviewJson } from "../../core/report/render-review-json.js";
import { renderReviewText } from "../../core/report/render-review-text.js";
import { renderSarif } from "../../core/report/render-sarif.js";
import { CONFIG_PATH } from "../../core/review/notes.js";
import { reviewChange } from "../../core/review/review-change.js";
import type { Review, ReviewInput } from "../../core/review/types.js";
import { ruleDescriptions } from "../../core/rules/registry.js";
import { readCommit } from "../git-source.js";
import { EXIT, readInputDirectory, UsageError, type Output } from "../io.js";

const FORMATS = ["txt", "md", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const USAGE =
  "usage: bulkhead diff <base-dir> <head-dir> [--config <file>] [--format txt|md|json|sarif]\n" +
  "       bulkhead diff [<repo-dir>] --base-ref <git-ref> --head-ref <git-ref> [--config <path-in-repo>] [--format ...]\n" +
  "       [--max-pairs N] [--max-changes N]  review size limits (default 1000000 pairwise connections per side, 100000 pairwise changes)";

function render(review: Review, format: Format, meta: { baseSha?: string; headSha?: string }): string {
  switch (format) {
    case "txt":
      return renderReviewText(review, meta);
    case "md":
      return renderComment(review, { ...meta, maxChars: Number.MAX_SAFE_INTEGER });
    case "json":
      return renderReviewJson(review);
    case "sarif":
      return renderSarif(review, { ruleDescriptions: ruleDescriptions() });
  }
}

function readConfigFile(path: string, as: string): SourceFile {
  try {
    return { path: as, text: readFileSync(path, "utf8") };
  } catch {
    throw new UsageError(`cannot read config ${path}`);
  }
}

function positiveInteger(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} must be a positive integer`);
  return n;
}

/** Two directories: the config comes from --config, else from <base-dir>/.github/bulkhead.yml (never from the head). */
async function fromDirectories(baseDir: string, headDir: string, configOption: string | undefined): Promise<ReviewInput> {
  const [base, head] = await Promise.all([readInputDirectory(baseDir), readInputDirectory(headDir)]);
  const baseConfigPath = join(baseDir, CONFIG_PATH);
  const config = configOption ? readConfigFile(configOption, configOption) : existsSync(baseConfigPath) ? readConfigFile(baseConfigPath, CONFIG_PATH) : undefined;
  const headConfigPath = join(headDir, CONFIG_PATH);
  const headConfig = existsSync(headConfigPath) ? readFileSync(headConfigPath, "utf8") : undefined;
  return {
    base: base.files,
    head: head.files,
    ...(config ? { config } : {}),
    configChangedInChange: configOption === undefined && headConfig !== config?.text,
    readDiagnostics: { base: base.diagnostics, head: head.diagnostics },
    now: new Date(),
  };
}

/** Two commits of a local repository; the config is read from the base commit. */
function fromGit(repo: string, baseRef: string, headRef: string, configPath: string): ReviewInput & { baseSha: string; headSha: string } {
  const base = readCommit(repo, baseRef, configPath);
  const head = readCommit(repo, headRef, configPath);
  return {
    base: base.files,
    head: head.files,
    ...(base.config ? { config: base.config } : {}),
    configChangedInChange: base.config?.text !== head.config?.text,
    readDiagnostics: { base: base.diagnostics, head: head.diagnostics },
    baseRef,
    headRef,
    baseSha: baseRef,
    headSha: headRef,
    now: new Date(),
  };
}

/**
 * `bulkhead diff`: the same review the GitHub App posts — access changes, tenant-isolation findings
 * and the gate — from two directories or two git refs. Exit 1 when the gate fails.
 */
export async function runDiff(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "txt" },
      config: { type: "string" },
      "base-ref": { type: "string" },
      "head-ref": { type: "string" },
      "max-pairs": { type: "string" },
      "max-changes": { type: "string" },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const gitMode = values["base-ref"] !== undefined || values["head-ref"] !== undefined;
  let input: ReviewInput;
  let meta: { baseSha?: string; headSha?: string } = {};
  if (gitMode) {
    if (!values["base-ref"] || !values["head-ref"] || positionals.length > 1) throw new UsageError(USAGE);
    const g = fromGit(positionals[0] ?? ".", values["base-ref"], values["head-ref"], values.config ?? CONFIG_PATH);
    input = g;
    meta = { baseSha: g.baseSha, headSha: g.headSha };
  } else {
    if (positionals.length !== 2) throw new UsageError(USAGE);
    input = await fromDirectories(positionals[0]!, positionals[1]!, values.config);
  }
  const limits = {
    ...(values["max-pairs"] !== undefined ? { pairs: positiveInteger("--max-pairs", values["max-pairs"]) } : {}),
    ...(values["max-changes"] !== undefined ? { changes: positiveInteger("--max-changes", values["max-changes"]) } : {}),
  };
  const review = reviewChange({ ...input, limits });
  io.out(render(review, format, meta));
  return review.gate === "fail" ? EXIT.gateFailed : EXIT.ok;
}
