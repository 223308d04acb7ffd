/**
 * Node module hooks that let a worker thread run the TypeScript sources as they are, so that the
 * review worker tests exercise the current src/ rather than a build that may be stale. Relative
 * `.js` imports from a `.ts` module resolve to the `.ts` file beside it (TypeScript's NodeNext
 * convention); `.ts` modules are transpiled one by one, types stripped, nothing type-checked
 * (`npm run typecheck` does that). Transpiled modules are cached on disk by path and content, so that only
 * the first worker of a run pays for TypeScript (seconds); the workers that replace it start fast.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

/** Where tools keep caches, ignored by git and private to this checkout (unlike a shared /tmp). */
const CACHE = fileURLToPath(new URL("../../../node_modules/.cache/bulkhead-ts-hooks/", import.meta.url));
const OPTIONS = { module: "ESNext", target: "ES2022", verbatimModuleSyntax: true, sourceMap: false };

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith(".ts") && /^\.{1,2}\//.test(specifier) && specifier.endsWith(".js")) {
    const url = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, format: "module", shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const path = fileURLToPath(url);
  const text = await readFile(path, "utf8");
  const cached = join(CACHE, `${createHash("sha256").update(JSON.stringify(OPTIONS)).update(path).update("\0").update(text).digest("hex")}.js`);
  const hit = await readFile(cached, "utf8").catch(() => undefined);
  if (hit !== undefined) return { format: "module", source: hit, shortCircuit: true };
  const { default: ts } = await import("typescript");
  const { outputText } = ts.transpileModule(text, { fileName: path, compilerOptions: ts.convertCompilerOptionsFromJson(OPTIONS, "").options });
  // Written under a unique name and renamed: workers of parallel test files may write the same entry.
  await mkdir(CACHE, { recursive: true });
  const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(partial, outputText);
  await rename(partial, cached);
  return { format: "module", source: outputText, shortCircuit: true };
}
