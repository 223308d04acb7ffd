import { ciliumProfile, upstreamProfile, type Profile } from "../../core/model/profile.js";
import type { RepresentativeMode } from "../../core/engine/universe.js";
import { UsageError } from "../io.js";

export const commonOptions = {
  profile: { type: "string", default: "cilium" },
  representatives: { type: "string", default: "auto" },
} as const;

export function readCommon(values: { profile?: string; representatives?: string }): { profile: Profile; representatives: RepresentativeMode } {
  const profile = values.profile === "upstream" ? upstreamProfile : values.profile === "cilium" ? ciliumProfile : undefined;
  if (!profile) throw new UsageError("--profile must be cilium or upstream");
  const representatives = values.representatives as RepresentativeMode;
  if (!["auto", "always", "never"].includes(representatives)) throw new UsageError("--representatives must be auto, always or never");
  return { profile, representatives };
}
