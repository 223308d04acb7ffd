import { it } from "vitest";
import { parseAllDocuments, LineCounter, Parser } from "yaml";
import { parseManifests } from "../../src/core/load/index.js";

const time = (label: string, f: () => unknown) => { const t = performance.now(); const r = f(); console.log(label, Math.round(performance.now() - t), "ms"); return r; };

it("deep", () => {
  for (const n of [100_000, 200_000, 400_000]) {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${"[".repeat(n)}${"]".repeat(n)}\n`;
    time(`cst ${n}`, () => [...new Parser().parse(deep)]);
    time(`compose ${n}`, () => parseAllDocuments(deep, { lineCounter: new LineCounter(), merge: true, logLevel: "error" }));
    const r: any = time(`parseManifests ${n}`, () => parseManifests([{ path: "a.yaml", text: deep }]));
    console.log(JSON.stringify(r.diagnostics));
    const deepMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`;
    const r2: any = time(`parseManifests map ${n}`, () => parseManifests([{ path: "a.yaml", text: deepMap }]));
    console.log(JSON.stringify(r2.diagnostics));
    const deepJson = `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": ${"[".repeat(n)}${"]".repeat(n)}}`;
    const r3: any = time(`parseManifests json ${n}`, () => parseManifests([{ path: "a.json", text: deepJson }]));
    console.log(JSON.stringify(r3.diagnostics));
  }
}, 600000);
