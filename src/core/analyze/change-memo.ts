import { deepEqual } from "../algebra/deep-equal.js";
import type { AccessResult } from "../engine/access.js";
import type { AccessModel } from "../engine/access-model.js";
import type { Universe } from "../engine/universe.js";
import type { SourceFile } from "../model/position.js";
import type { Profile } from "../model/profile.js";
import type { CompiledRepository } from "./analyze-repository.js";

/**
 * How many changes may re-use one remembered base. Every head adds its own verdicts to the shared
 * caches; past this many the base is analysed afresh, so that a long-lived process (the app, one
 * memo per process) does not grow without bound on a PR pushed to all day.
 */
const MAX_REUSES = 25;

interface BaseSide {
  model: AccessModel;
  access: AccessResult;
  budget: number;
}

interface RememberedBase {
  files: readonly SourceFile[];
  profile: Profile;
  repo: CompiledRepository;
  side?: BaseSide;
  reuses: number;
}

/** Same paths and texts in the same order: compared by value (a new push sends new string objects). */
const sameFiles = (a: readonly SourceFile[], b: readonly SourceFile[]): boolean =>
  a === b || (a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.text === b[i]!.text));

/**
 * What the analysis of one change leaves for the next change with the same base: the app reviews
 * every push to a PR against the same base commit (and up to three times per event for consent).
 * The base's compiled repository is re-used when its files and profile are equal; its access model
 * and connections when, in addition, the peer universe the new change needs is equal to the last
 * one (the head adds no peer) — then only the head is analysed, and the head re-uses every verdict
 * the base computed (engine/model-sharing.ts). Results are the same as without the memo; only the
 * work is not done twice. One base is remembered: a PR's pushes share it.
 */
export class ChangeMemo {
  private base?: RememberedBase;

  /** The compiled base: the remembered one when files and profile are equal, else `compile()`'s, remembered. */
  compiledBase(files: readonly SourceFile[], profile: Profile, compile: () => CompiledRepository): CompiledRepository {
    const b = this.base;
    if (b && b.reuses < MAX_REUSES && sameFiles(b.files, files) && deepEqual(b.profile, profile)) {
      b.reuses++;
      return b.repo;
    }
    // Let go of the old base before analysing another: peak memory is one base's, not two.
    this.base = undefined;
    const repo = compile();
    this.base = { files, profile, repo, reuses: 0 };
    return repo;
  }

  /** The base model and access of the last change, when `repo` is the remembered base and `universe` equals that model's. */
  baseSide(repo: CompiledRepository, universe: Universe, budget: number): BaseSide | undefined {
    const side = this.base?.repo === repo ? this.base.side : undefined;
    return side && side.budget === budget && (side.model.universe === universe || deepEqual(side.model.universe, universe)) ? side : undefined;
  }

  rememberBaseSide(repo: CompiledRepository, side: BaseSide): void {
    if (this.base?.repo === repo) this.base.side = side;
  }
}
