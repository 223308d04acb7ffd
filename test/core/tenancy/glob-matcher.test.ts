import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { globMatcher } from "../../../src/core/tenancy/glob-matcher.js";

/** The literal-start shortcut must never change an answer of picomatch's. */
describe("globMatcher", () => {
  const globs = ["tenant-1-*", "tenant-1*", "tenant-1", "sales", "sales-*", "*", "*-eu", "t?nant-1-*", "a||b", "b||-", "{a,b}-*", "x{,y}", "!sales", "!(sales)", "+(a|b)", "[ab]*", "tenant-[0-9]-x", "a\\-b", "./sales", "sales/**", ".hidden*"];
  const names = ["tenant-1-ns-0", "tenant-10-ns-0", "tenant-1", "sales", "sales-eu", "marketing", "a", "b", "-", "a-x", "b-y", "x", "xy", "tenant-5-x", "a-b", "ab", ".hidden-a", "s"];

  it.each(globs)("answers like picomatch for %j", (glob) => {
    const match = globMatcher();
    const expected = names.map((n) => picomatch(glob)(n));
    expect(names.map((n) => match.one(n, glob))).toEqual(expected);
  });

  it("a list matches when one of its globs does", () => {
    const match = globMatcher();
    const list = ["tenant-7-*", "sales"];
    expect(["tenant-7-a", "sales", "tenant-70-a", "marketing"].map((n) => match.any(n, list))).toEqual([true, true, false, false]);
    expect(match.any("sales", [])).toBe(false);
  });
});
