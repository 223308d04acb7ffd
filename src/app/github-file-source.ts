import { createHash } from "node:crypto";
import { decodeUtf8, DEFAULT_LOAD_LIMITS, isManifestPath, linkProblem, resolveRepoLink } from "../core/load/index.js";
import type { LinkResolution, RepoEntry } from "../core/load/index.js";
import { diagnostic, type Diagnostic } from "../core/model/diagnostic.js";
import type { SourceFile } from "../core/model/position.js";
import { CommitUnreadableError, IncompleteInputError } from "./errors.js";
import { hasStatus, type GitHub } from "./github.js";
import { WeightedLru } from "./lru.js";
import { tarballFiles } from "./tarball.js";
import type { CommitRef, FileSource, ReadLimits, RepoId, TreeFile } from "./ports.js";

/** Blob reads in flight per review: enough to hide latency, far below GitHub's 100 concurrent requests. */
export const BLOB_CONCURRENCY = 8;

/**
 * From this many blobs to fetch for one commit, one tarball request replaces them: a cold read of
 * a large repository costs 1 request instead of thousands, which also keeps it under GitHub's
 * secondary limit of 900 REST points a minute.
 */
export const TARBALL_MIN_BLOBS = 50;
/** A commit whose files total more than this is never fetched whole: its blobs are read one by one. */
export const TARBALL_MAX_BYTES = 32 * 1024 * 1024;

/** Git's id for a blob: what the tree lists, so content from anywhere can be checked against it. */
export const gitBlobId = (bytes: Uint8Array): string => createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");

/**
 * Caches shared by every event the process handles. Both are keyed by content addresses, which
 * makes them correct across repositories and installations: the same SHA is the same content, and
 * a repository can only name a SHA it contains.
 * - `blobs`: raw bytes by blob SHA, so a file unchanged between base and head, or between two
 *   pushes, is fetched once.
 * - `trees`: the file list of a commit, by commit SHA (the base of a PR is listed once per push series).
 */
export interface ContentCache {
  blobs: WeightedLru<string, Uint8Array>;
  trees: WeightedLru<string, TreeFile[]>;
  /** Blob requests in flight, so that concurrent readers of one SHA share one request. */
  inflight: Map<string, Promise<Uint8Array>>;
  onBlobRead?: (hit: boolean) => void;
  /** A commit's tarball was read: how many wanted blobs it supplied, or that it failed (the blobs API then reads them). */
  onTarball?: (result: { supplied: number } | { failed: string }) => void;
}

export function createContentCache(budgetBytes = 128 * 1024 * 1024): ContentCache {
  return {
    blobs: new WeightedLru<string, Uint8Array>(budgetBytes, (b) => b.byteLength + 64),
    // About 100 bytes per entry: a rough but honest weight for a path plus a SHA.
    trees: new WeightedLru<string, TreeFile[]>(Math.max(1, budgetBytes / 4), (t) => t.length * 100 + 64),
    inflight: new Map(),
  };
}

interface GitTreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** Git mode of a symbolic link; its blob holds the target path. */
const SYMLINK_MODE = "120000";

/**
 * A link that is not followed is listed with an id of this prefix (then the link's own blob id, so
 * that editing the link changes the id); `read` turns it into an error instead of reading it.
 */
const UNFOLLOWED_LINK = "unfollowed-link:";
/** Longest link target read from a blob (PATH_MAX); a longer one is not a usable path anyway. */
const MAX_LINK_TARGET_BYTES = 4096;

/** One entry of a commit's tree, with its full path. */
interface ListedEntry {
  path: string;
  kind: "file" | "link" | "directory";
  sha: string;
  size: number;
}

/**
 * `FileSource` over the Git Trees and Blobs APIs: one recursive tree request per commit, then
 * only the blobs not already cached — from one tarball of the commit when many are missing.
 */
export class GitHubFileSource implements FileSource {
  constructor(
    private readonly github: GitHub,
    private readonly cache: ContentCache = createContentCache(),
  ) {}

  async list(at: CommitRef): Promise<TreeFile[]> {
    const cached = this.cache.trees.get(at.sha);
    if (cached) return cached;
    const entries = await this.#withFallback(at, `the tree of commit ${at.sha.slice(0, 7)}`, (repo) => this.#walk(repo, at.sha, ""));
    const files = await this.#withLinks(at, entries);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.cache.trees.set(at.sha, files);
    return files;
  }

  async read(at: CommitRef, files: readonly TreeFile[], limits: ReadLimits = {}): Promise<{ files: SourceFile[]; diagnostics: Diagnostic[] }> {
    const maxBytes = limits.maxFileBytes ?? DEFAULT_LOAD_LIMITS.maxFileBytes;
    const diagnostics: Diagnostic[] = [];
    const wanted = files.filter((f) => {
      if (f.id.startsWith(UNFOLLOWED_LINK)) {
        const at = { file: f.path, line: 1, col: 1 };
        const kind = f.id.slice(UNFOLLOWED_LINK.length).split(":")[0] as Exclude<LinkResolution, { kind: "file" }>["kind"];
        diagnostics.push(diagnostic("SYMLINK_SKIPPED", "error", linkProblem({ kind } as Exclude<LinkResolution, { kind: "file" }>), at));
        return false;
      }
      if (f.size <= maxBytes) return true;
      const at = { file: f.path, line: 1, col: 1 };
      diagnostics.push(diagnostic("FILE_TOO_LARGE", "error", `file is larger than ${maxBytes} bytes and was not read`, at));
      return false;
    });
    await this.#prefetch(at, wanted);
    const bytes = await mapLimit(wanted, BLOB_CONCURRENCY, (f) => this.#blob(at, f.id));
    const out: SourceFile[] = [];
    wanted.forEach((f, i) => {
      const decoded = decodeUtf8(f.path, bytes[i]!);
      out.push(decoded.file);
      diagnostics.push(...decoded.diagnostics);
    });
    return { files: out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), diagnostics };
  }

  /**
   * Many blobs missing: fill the cache from one tarball of the commit. Only files whose content
   * hashes to the blob id the tree listed are kept (`export-subst` or `export-ignore` can make the
   * archive differ); whatever is still missing, or everything if the tarball fails, is read below.
   */
  async #prefetch(at: CommitRef, files: readonly TreeFile[]): Promise<void> {
    const missing = new Map(files.filter((f) => !this.cache.blobs.has(f.id) && !this.cache.inflight.has(f.id)).map((f) => [f.path, f.id]));
    if (missing.size < TARBALL_MIN_BLOBS) return;
    const tree = this.cache.trees.get(at.sha);
    if (!tree || tree.reduce((sum, f) => sum + f.size, 0) > TARBALL_MAX_BYTES) return;
    try {
      const archive = await this.#withFallback(at, `the archive of commit ${at.sha.slice(0, 7)}`, async (repo) => {
        const response = await this.github.request("GET /repos/{owner}/{repo}/tarball/{ref}", { ...repo, ref: at.sha });
        return new Uint8Array(response.data as ArrayBuffer);
      });
      let supplied = 0;
      // Tar headers and padding come on top of the files' own bytes.
      for (const { path, data } of tarballFiles(archive, 2 * TARBALL_MAX_BYTES)) {
        const id = missing.get(path);
        if (id === undefined || gitBlobId(data) !== id) continue;
        this.cache.blobs.set(id, data.slice());
        supplied++;
      }
      this.cache.onTarball?.({ supplied });
    } catch (e) {
      this.cache.onTarball?.({ failed: e instanceof Error ? e.message.slice(0, 200) : String(e) });
    }
  }

  /**
   * The regular files of a listing, plus its symbolic links (security.md B2): GitOps tools follow a
   * link whose target stays in the repository, so a manifest-named link that resolves to a regular
   * file of the commit is listed at the link's path with the target's blob, and analysed as it.
   * A link that could be a manifest or a directory and resolves outside the repository, to nothing,
   * into a loop or to a directory is listed with an UNFOLLOWED_LINK id, which `read` reports as an
   * error. Link targets are blobs, read only when the listing has links worth resolving; targets
   * are resolved within the listing, never outside it.
   */
  async #withLinks(at: CommitRef, entries: readonly ListedEntry[]): Promise<TreeFile[]> {
    const files: TreeFile[] = entries.filter((e) => e.kind === "file").map((e) => ({ path: e.path, id: e.sha, size: e.size }));
    const links = entries.filter((e) => e.kind === "link" && (isManifestPath(e.path) || !e.path.slice(e.path.lastIndexOf("/") + 1).includes(".")));
    if (links.length === 0) return files;
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const targets = new Map<string, string>();
    // Every link can take part in a resolution (a chain, a linked directory on the way): read them all.
    const allLinks = entries.filter((e) => e.kind === "link");
    const bytes = await mapLimit(allLinks, BLOB_CONCURRENCY, (e) =>
      e.size > MAX_LINK_TARGET_BYTES ? Promise.resolve(new Uint8Array()) : this.#blob(at, e.sha),
    );
    allLinks.forEach((e, i) => targets.set(e.path, new TextDecoder().decode(bytes[i]!)));
    const lookup = (path: string): RepoEntry | undefined => {
      const e = byPath.get(path);
      if (!e) return undefined;
      if (e.kind === "link") return { kind: "link", target: targets.get(path) ?? "" };
      return { kind: e.kind };
    };
    for (const link of links) {
      const target = resolveRepoLink(link.path, lookup);
      if (target.kind === "file") {
        const file = byPath.get(target.path)!;
        if (isManifestPath(link.path)) files.push({ path: link.path, id: file.sha, size: file.size });
      } else {
        files.push({ path: link.path, id: `${UNFOLLOWED_LINK}${target.kind}:${link.sha}`, size: 0 });
      }
    }
    return files;
  }

  /** Readers of one SHA (base and head, two events) share one request. */
  #blob(at: CommitRef, sha: string): Promise<Uint8Array> {
    const cached = this.cache.blobs.get(sha);
    this.cache.onBlobRead?.(cached !== undefined);
    if (cached) return Promise.resolve(cached);
    const pending = this.cache.inflight.get(sha) ?? this.#fetchBlob(at, sha).finally(() => this.cache.inflight.delete(sha));
    this.cache.inflight.set(sha, pending);
    return pending;
  }

  async #fetchBlob(at: CommitRef, sha: string): Promise<Uint8Array> {
    const data = await this.#withFallback(at, `blob ${sha.slice(0, 7)} of commit ${at.sha.slice(0, 7)}`, async (repo) => {
      const response = await this.github.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repo, file_sha: sha });
      return response.data;
    });
    const bytes = data.encoding === "base64" ? Buffer.from(data.content, "base64") : Buffer.from(data.content, "utf8");
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.cache.blobs.set(sha, view);
    return view;
  }

  /**
   * List a tree and every tree under it. GitHub truncates a recursive listing past 100,000 entries
   * or 7 MB; then this tree is listed one level deep and each subtree is walked the same way, so a
   * huge repository costs a few more requests but is never read in part.
   */
  async #walk(repo: RepoId, treeSha: string, prefix: string): Promise<ListedEntry[]> {
    const recursive = await this.#tree(repo, treeSha, true);
    if (!recursive.truncated) return entriesOf(recursive.tree, prefix);
    const level = await this.#tree(repo, treeSha, false);
    if (level.truncated) throw new IncompleteInputError(`GitHub truncated the listing of the directory "${prefix || "/"}" (more entries than one API response holds)`);
    const files = entriesOf(level.tree, prefix);
    for (const entry of level.tree) {
      // Sequential on purpose: a huge repository should not fan out into hundreds of parallel requests.
      if (entry.type === "tree" && entry.sha && entry.path) files.push(...(await this.#walk(repo, entry.sha, `${prefix}${entry.path}/`)));
    }
    return files;
  }

  async #tree(repo: RepoId, sha: string, recursive: boolean): Promise<{ tree: GitTreeEntry[]; truncated: boolean }> {
    const response = await this.github.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      ...repo,
      tree_sha: sha,
      ...(recursive ? { recursive: "1" } : {}),
    });
    return { tree: response.data.tree, truncated: response.data.truncated };
  }

  /** Read from the repository, then from `alternate` (a PR's fork) when the repository answers 404. */
  async #withFallback<T>(at: CommitRef, what: string, read: (repo: RepoId) => Promise<T>): Promise<T> {
    try {
      return await read({ owner: at.owner, repo: at.repo });
    } catch (e) {
      if (!at.alternate || !hasStatus(e, 404)) throw e;
    }
    const fork = at.alternate;
    try {
      return await read(fork);
    } catch (e) {
      if (!hasStatus(e, 404)) throw e;
      throw new CommitUnreadableError(`GitHub has ${what} neither in ${at.owner}/${at.repo} nor in the fork ${fork.owner}/${fork.repo} (HTTP 404): the fork or its branch was probably deleted, or the commit force-pushed away`, { cause: e });
    }
  }
}

/** Regular files, links and directories (not submodules) of one listing, with paths under `prefix`. */
const entriesOf = (tree: readonly GitTreeEntry[], prefix: string): ListedEntry[] => {
  const out: ListedEntry[] = [];
  for (const e of tree) {
    if (!e.path || !e.sha) continue;
    const kind = e.type === "tree" ? "directory" : e.type !== "blob" ? undefined : e.mode === SYMLINK_MODE ? "link" : "file";
    if (kind) out.push({ path: `${prefix}${e.path}`, kind, sha: e.sha, size: e.size ?? 0 });
  }
  return out;
};

/**
 * `fn` over `items`, `limit` at a time. After the first failure no new item is started: a failing
 * API costs at most `limit` more requests, not one per remaining file.
 */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
