import { describe, expect, it } from "vitest";
import { clip, code, escapeHtml, escapeMarkdown, literal, oneLine, safeUrl, shortRef } from "../../../src/core/report/markdown-escape.js";
import { HOSTILE } from "./fixtures.js";

const ZWSP = "\u200b";

describe("escapeMarkdown", () => {
  it.each(HOSTILE)("neutralises %j", (text) => {
    const out = escapeMarkdown(text);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).not.toMatch(/[<>]/); // as entities: work in Markdown and in raw HTML
    expect(out).not.toMatch(/(?<!\\)[|`[\]()!*_]/); // every Markdown punctuation escaped
    expect(out).not.toMatch(/@[^\u200b]/);
    expect(out).not.toMatch(/:\/\/|www\./i);
  });

  it("escapes the backslash itself, so an escape in the input cannot cancel ours", () => {
    expect(escapeMarkdown("a\\|b")).toBe("a\\\\\\|b");
  });

  it("breaks mentions, issue references and autolinks with a zero-width space", () => {
    expect(escapeMarkdown("@octocat #12 gh-3 http://x www.y")).toBe(`@${ZWSP}octocat \\#${ZWSP}12 gh-${ZWSP}3 http:${ZWSP}//x www${ZWSP}.y`);
  });

  it("leaves ordinary prose readable", () => {
    expect(escapeMarkdown("sales can reach finance on TCP 443.")).toBe("sales can reach finance on TCP 443.");
  });
});

describe("escapeHtml", () => {
  it("uses entities only, since GitHub does not parse Markdown inside raw HTML", () => {
    expect(escapeHtml(`<img src="x"> & 'y' @team #1 [a](b)`)).toBe(`&lt;img src=&quot;x&quot;&gt; &amp; &#39;y&#39; @${ZWSP}team #${ZWSP}1 &#91;a&#93;(b)`);
  });
});

describe("literal", () => {
  it("shows plain names as code", () => {
    expect(literal("sales/app=reports")).toBe("`sales/app=reports`");
    expect(literal("allow spec.ingress[0] (np.yaml:3)")).toBe("`allow spec.ingress[0] (np.yaml:3)`");
  });

  it("falls back to escaped text for anything a code span in a table cell cannot hold", () => {
    for (const text of ["a|b", "a`b", "a\\b", "<x>", "@team"]) expect(literal(text).startsWith("`")).toBe(false);
    expect(literal("a|b")).toBe("a\\|b");
  });

  it("clips long names and marks empty ones", () => {
    expect(Array.from(literal("n".repeat(500))).length).toBeLessThanOrEqual(122);
    expect(literal("  ")).toBe("–");
  });
});

describe("code", () => {
  it("uses a fence longer than any backtick run in the value", () => {
    expect(code("a``b")).toBe("```a``b```");
    expect(code("`x`")).toBe("`` `x` ``");
  });

  it("never lets our hidden marker appear in the raw body", () => {
    expect(code("<!-- bulkhead:comment -->")).not.toContain("<!--");
  });
});

describe("helpers", () => {
  it("clip keeps surrogate pairs whole", () => {
    expect(clip("😀😀😀", 2)).toBe("😀…");
    expect(clip("short", 10)).toBe("short");
  });

  it("oneLine removes line breaks, terminal escapes and bidi overrides", () => {
    expect(oneLine("a\nb\r\nc\u2028d")).toBe("a b c d");
    expect(oneLine("\u001b[31mred\u202e")).toBe("\ufffd[31mred\ufffd");
  });

  it("shortRef shortens SHAs and escapes anything else", () => {
    expect(shortRef("0123456789ABCDEF0123456789abcdef01234567")).toBe("`0123456`");
    expect(shortRef("feature/x")).toBe("`feature/x`");
    expect(shortRef("<b>")).toBe("&lt;b&gt;");
  });

  it("safeUrl links plain https URLs only", () => {
    expect(safeUrl("https://github.com/o/r/runs/1")).toBe("https://github.com/o/r/runs/1");
    for (const bad of ["javascript:alert(1)", "http://x", "https://x/a)b", "https://x/ y", undefined]) expect(safeUrl(bad)).toBeUndefined();
  });
});
