import { readdirSync, readFileSync } from "node:fs";
import { buildAccessModel, compileRepository } from "../../../src/core/analyze/analyze-repository.js";
import { computeExposure, type GatewayAnalysis } from "../../../src/core/gateway/exposure.js";
import type { SourceFile } from "../../../src/core/model/position.js";

/** The shared gateway examples, read where they live (never copied). */
export const EXAMPLES_DIR = new URL("../../../../shared/reference/gateway-examples/", import.meta.url);

export const exampleNames = (): string[] =>
  readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

export const readYamlDir = (dir: URL): SourceFile[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(new URL(f, dir), "utf8") }));

export const exampleFiles = (name: string): SourceFile[] => readYamlDir(new URL(`${name}/`, EXAMPLES_DIR));

export const exampleExpected = (name: string): ExpectedScenario =>
  JSON.parse(readFileSync(new URL(`${name}/expected.json`, EXAMPLES_DIR), "utf8")) as ExpectedScenario;

export interface ExpectedRow {
  gateway: string;
  listener: string;
  port: number;
  containerPort: number;
  host: string;
  route: string;
  rule: number;
  match: "any" | { pathPrefix?: string; method?: string };
  action: string;
  backend?: string;
  pods?: string;
  targetPort?: number;
  authz: { policy?: string; level: string; authn?: string[]; rules?: string[]; defaultAction?: string; clientIpSource?: string; spoofable?: boolean; overrides?: string };
  effective: boolean;
  refAllowed?: string | { grant: string };
  shadowedBy?: string[];
  plaintext?: boolean;
  blockedBy?: string[];
}

export interface ExpectedScenario {
  scenario: string;
  violations: { block: string[]; warn: string[] };
  exposures: ExpectedRow[];
}

/** Analyse in-memory files: east-west model first, then the exposure table on top of it. */
export const analyzeFiles = (files: readonly SourceFile[]): GatewayAnalysis & { repoDiagnostics: readonly unknown[] } => {
  const repo = compileRepository(files);
  const model = buildAccessModel(repo);
  return { ...computeExposure(repo, model), repoDiagnostics: repo.diagnostics };
};
