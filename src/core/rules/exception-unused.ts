import { defineRule } from "./define-rule.js";

/**
 * An unexpired exception that waived nothing on this side: the flow it approved is gone (or never
 * existed as written), and a stale approval would silently cover a future flow.
 */
export default defineRule({
  id: "exception-unused",
  meta: {
    description: "An unexpired exception in `.github/bulkhead.yml` covers no flow any rule reports.",
    defaultSeverity: "warning",
    docs: "docs/rules/exception-unused.md",
    late: true,
    messages: {
      unused: "exceptions[{{index}}] ({{from}} → {{to}}, reason: {{reason}}) covers no flow: nothing it approves exists",
    },
  },
  check(ctx) {
    for (const e of ctx.exceptions.active) {
      if (ctx.exceptions.wasUsed(e.index)) continue;
      ctx.report({
        messageId: "unused",
        data: { index: String(e.index), from: e.from.text, to: e.to.text, reason: e.reason },
        at: e.at,
        fix: `Delete exceptions[${e.index}] from .github/bulkhead.yml, or correct its from/to/ports if the flow it should approve is named differently.`,
        identity: `exceptions[${e.index}]:${e.from.text}→${e.to.text}`,
        from: e.from.text,
        to: e.to.text,
      });
    }
  },
});
