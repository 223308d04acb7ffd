import { Lexer } from "yaml";

/** Zero-width markers the yaml lexer inserts into its token stream; they are not source text. */
const MARKERS = new Set(["\x02", "\x18", "\x1f"]);
const SCALAR_MARKER = "\x1f";

/**
 * Actions that only a Helm chart (or a Go template fed with Helm's objects) would contain. Used for
 * plain scalars, where a bare `{{ ... }}` is also how Prometheus rules and Argo Workflows write
 * their own, legitimate, run-time templates (`summary: {{ $labels.instance }} down`).
 */
const HELM_ACTION = /\{\{-?\s*(?:\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|(?:include|template|toYaml|tpl|required)\s)/;

/**
 * Offset of the first Go/Helm template action in YAML *structure*, or -1 when there is none.
 *
 * `{{` in quoted scalars, block scalars and comments is ordinary text (config files, alert
 * templates) and is not reported. Where YAML would read `{{` as two flow-map starts, the file
 * can only be an unrendered template. In plain scalars only Helm-specific actions count.
 */
export const findTemplateSyntax = (text: string): number => {
  // Cheap pre-filter: almost no manifest contains both braces pairs.
  if (!text.includes("{{") || !text.includes("}}")) return -1;
  let offset = 0;
  let previous = "";
  let afterBlockHeader = false;
  let plainNext = false;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) {
      plainNext = token === SCALAR_MARKER && !afterBlockHeader;
      afterBlockHeader &&= token !== SCALAR_MARKER;
      continue;
    }
    if (token === "{" && previous === "{") return offset - 1;
    if (plainNext) {
      const match = HELM_ACTION.exec(token);
      if (match) return offset + match.index;
    }
    if (token.startsWith("|") || token.startsWith(">")) afterBlockHeader = true;
    plainNext = false;
    previous = token;
    offset += token.length;
  }
  return -1;
};
