import { isExpired } from "../config/config-values.js";
import { defineRule } from "./define-rule.js";

/** An exception past its `expires` day no longer waives anything; the config should say so too. */
export default defineRule({
  id: "exception-expired",
  meta: {
    description: "An exception in `.github/bulkhead.yml` is past its `expires` date and no longer waives anything.",
    defaultSeverity: "warning",
    docs: "docs/rules/exception-expired.md",
    messages: {
      expired: "exceptions[{{index}}] ({{from}} → {{to}}, reason: {{reason}}) expired on {{expires}}; the flows it approved are violations again",
    },
  },
  check(ctx) {
    for (const e of ctx.config?.exceptions ?? []) {
      if (!isExpired(e.expires, ctx.now)) continue;
      ctx.report({
        messageId: "expired",
        data: { index: String(e.index), from: e.from.text, to: e.to.text, reason: e.reason, expires: e.expires! },
        at: e.at,
        fix: `Renew exceptions[${e.index}] with a new \`expires\` date after the owners of ${e.to.text} confirm the flow is still needed, or delete it and remove the flow.`,
        identity: `exceptions[${e.index}]:${e.from.text}→${e.to.text}`,
        from: e.from.text,
        to: e.to.text,
      });
    }
  },
});
