import { createHash } from "node:crypto";
import { decodeUtf8 } from "../../src/core/load/index.js";
import { diagnostic, type Diagnostic } from "../../src/core/model/diagnostic.js";
import type { SourceFile } from "../../src/core/model/position.js";
import type { CommitRef, FileSource, ReadLimits, TreeFile } from "../../src/app/ports.js";

/** The id Git gives a file's content, so fakes and nock fixtures agree with GitHub. */
export const gitBlobSha = (text: string): string => createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest("hex");

export type FileMap = Readonly<Record<string, string>>;

/** An error shaped like Octokit's RequestError. */
export const httpError = (status: number, message = `HTTP ${status}`): Error => Object.assign(new Error(message), { status });

/** `FileSource` over commits held in memory: sha → { path → text }. Counts what was read. */
export class InMemoryFileSource implements FileSource {
  readonly #commits = new Map<string, FileMap>();
  /** Paths read, in order, per commit: `sha:path`. */
  readonly reads: string[] = [];

  constructor(commits: Record<string, FileMap> = {}) {
    for (const [sha, files] of Object.entries(commits)) this.#commits.set(sha, files);
  }

  add(sha: string, files: FileMap): this {
    this.#commits.set(sha, files);
    return this;
  }

  async list(at: CommitRef): Promise<TreeFile[]> {
    const files = this.#commit(at.sha);
    return Object.keys(files)
      .sort()
      .map((path) => ({ path, id: gitBlobSha(files[path]!), size: Buffer.byteLength(files[path]!) }));
  }

  async read(at: CommitRef, files: readonly TreeFile[], limits: ReadLimits = {}): Promise<{ files: SourceFile[]; diagnostics: Diagnostic[] }> {
    const commit = this.#commit(at.sha);
    const out: SourceFile[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const f of files) {
      if (limits.maxFileBytes !== undefined && f.size > limits.maxFileBytes) {
        diagnostics.push(diagnostic("FILE_TOO_LARGE", "error", "file is too large", { file: f.path, line: 1, col: 1 }));
        continue;
      }
      this.reads.push(`${at.sha}:${f.path}`);
      const decoded = decodeUtf8(f.path, Buffer.from(commit[f.path] ?? "", "utf8"));
      out.push(decoded.file);
      diagnostics.push(...decoded.diagnostics);
    }
    return { files: out, diagnostics };
  }

  #commit(sha: string): FileMap {
    const files = this.#commits.get(sha);
    if (!files) throw httpError(404, `No commit found for SHA: ${sha}`);
    return files;
  }
}
