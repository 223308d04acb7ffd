/**
 * Symbolic links in a repository (security.md B2). GitOps tools follow a link whose target stays
 * inside the repository (Argo CD rejects the others), so a manifest-named link must be analysed as
 * its target, at the link's path; a link that leaves the repository, dangles, loops or points at a
 * directory is never followed, and is an error that fails the gate instead of being ignored.
 */

/** What a repository path is, without following it: `link` carries the link's target as written. */
export type RepoEntry = { kind: "file" } | { kind: "directory" } | { kind: "link"; target: string };

export type LinkResolution =
  /** A regular file inside the repository, by its repository-relative `/`-path. */
  | { kind: "file"; path: string }
  | { kind: "directory"; path: string }
  | { kind: "outside" }
  | { kind: "missing" }
  | { kind: "loop" };

/** Links followed in one resolution before giving up, as Linux's ELOOP (40). */
export const MAX_LINK_HOPS = 40;

/**
 * Resolve the link at `linkPath` (repository-relative, `/`-separated) through `lookup`, component
 * by component and physically (`..` after a linked directory leaves that directory's target), as
 * the kernel does. Never looks outside the repository: an absolute target, or `..` above the root,
 * is `outside`.
 */
export function resolveRepoLink(linkPath: string, lookup: (path: string) => RepoEntry | undefined): LinkResolution {
  const resolved: string[] = linkPath.split("/").slice(0, -1);
  let hops = 0;
  const first = lookup(linkPath);
  if (first?.kind !== "link") return first?.kind === "file" ? { kind: "file", path: linkPath } : { kind: "missing" };
  let pending = [...first.target.split("/").reverse()];
  if (first.target.startsWith("/")) return { kind: "outside" };
  hops++;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (resolved.length === 0) return { kind: "outside" };
      resolved.pop();
      continue;
    }
    resolved.push(part);
    const entry = lookup(resolved.join("/"));
    if (!entry) return { kind: "missing" };
    if (entry.kind === "link") {
      if (++hops > MAX_LINK_HOPS) return { kind: "loop" };
      if (entry.target.startsWith("/")) return { kind: "outside" };
      resolved.pop();
      pending = [...pending, ...entry.target.split("/").reverse()];
    } else if (entry.kind === "file" && pending.some((p) => p !== "" && p !== ".")) {
      return { kind: "missing" }; // a file used as a directory
    }
  }
  if (resolved.length === 0) return { kind: "directory", path: "" };
  const path = resolved.join("/");
  return lookup(path)?.kind === "file" ? { kind: "file", path } : { kind: "directory", path };
}

/** Why a link was not followed, for its diagnostic. */
export const linkProblem = (r: Exclude<LinkResolution, { kind: "file" }>): string => {
  switch (r.kind) {
    case "outside":
      return "symbolic link points outside the repository and was not followed";
    case "missing":
      return "symbolic link points at nothing in the repository and was not followed";
    case "loop":
      return `symbolic link could not be resolved (more than ${MAX_LINK_HOPS} links, or a loop) and was not followed`;
    case "directory":
      return "symbolic link to a directory was not followed; its manifests were not analysed";
  }
};
