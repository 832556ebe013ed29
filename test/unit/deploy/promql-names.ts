/** A metric named in a PromQL expression, with the label names its matchers use. */
export interface MetricSelector {
  metric: string;
  labels: string[];
}

/** What a PromQL expression reads: its metric selectors, and the labels it groups by. */
export interface PromqlNames {
  selectors: MetricSelector[];
  grouping: string[];
}

const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "group_left",
  "group_right",
  "inf",
  "nan",
]);
const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;

/**
 * The names an expression uses, found without a full parser: strings, ranges and numbers are dropped,
 * `by (…)` / `without (…)` / `on (…)` / `ignoring (…)` give grouping labels, `name{…}` a selector with
 * matchers, and any other identifier not followed by `(` a bare selector.
 */
export function promqlNames(expr: string): PromqlNames {
  let text = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const grouping: string[] = [];
  text = text.replace(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g, (_all, labels: string) => {
    grouping.push(
      ...labels
        .split(",")
        .map((l) => l.trim())
        .filter((l) => l !== ""),
    );
    return " ";
  });
  const selectors: MetricSelector[] = [];
  text = text.replace(
    /([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{([^}]*)\}/g,
    (_all, metric: string | undefined, body: string) => {
      const labels = [...body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] ?? "");
      selectors.push({ metric: metric ?? "", labels });
      return " ";
    },
  );
  text = text.replace(/\[[^\]]*\]/g, " ").replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+|ms|[smhdwy])?\b/gi, " ");
  for (const match of text.matchAll(IDENTIFIER)) {
    const after = text.slice((match.index ?? 0) + match[0].length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(match[0].toLowerCase())) continue;
    selectors.push({ metric: match[0], labels: [] });
  }
  return { selectors, grouping };
}
