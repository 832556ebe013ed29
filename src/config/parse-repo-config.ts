import { LineCounter, parseDocument } from "yaml";
import type { ConfigProblem } from "./config-problem.ts";
import { sortProblems } from "./config-problem.ts";
import { issueMessage } from "./issue-message.ts";
import { issueProblems } from "./issue-problems.ts";
import { normaliseRepoConfig } from "./normalise-repo-config.ts";
import { RawRepoConfig } from "./raw-repo-config.schema.ts";
import type { RepoConfig } from "./repo-config.ts";
import { locatePath, mappingKeys } from "./yaml-paths.ts";
import { yamlProblems } from "./yaml-problems.ts";

export type { ConfigProblem } from "./config-problem.ts";
export { CONFIG_PATH, formatConfigProblem } from "./config-problem.ts";

/** The largest config file Shipmate reads. */
export const MAX_CONFIG_BYTES = 64 * 1024;

// Aliases may share a block between environments; more expansions than this is an alias bomb.
const MAX_ALIAS_COUNT = 50;

/** A config file's text, read: either a normalised config or every problem found in it. */
export type ConfigResult =
  | { kind: "valid"; config: RepoConfig }
  | { kind: "invalid"; problems: ConfigProblem[] };

/** Parses and validates `.github/shipmate.yml` text; problems name their line and are sorted by it. */
export function parseRepoConfig(text: string): ConfigResult {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_CONFIG_BYTES) {
    return invalid([wholeFile(`the file is ${bytes} bytes: the limit is ${MAX_CONFIG_BYTES} (64 KiB)`)]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, stringKeys: true, uniqueKeys: true });
  const syntax = yamlProblems(doc, text, lineCounter);
  if (syntax.length > 0) return invalid(syntax);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws ReferenceError when aliases expand past the limit.
    if (!(error instanceof ReferenceError)) throw error;
    return invalid([
      wholeFile(`aliases expand too far (the limit is about ${MAX_ALIAS_COUNT} uses): ${error.message}`),
    ]);
  }
  // An empty file, a file of comments, and a lone `~` all hold nothing.
  if (data === null) {
    return invalid([
      {
        ...wholeFile("the file is empty: define at least one environment under `environments:`"),
        path: "environments",
      },
    ]);
  }
  const parsed = RawRepoConfig.safeParse(data, { error: issueMessage });
  if (!parsed.success) {
    return invalid(issueProblems(parsed.error.issues, (path) => locatePath(doc, lineCounter, path)));
  }
  const order = { environments: mappingKeys(doc, ["environments"]), checks: mappingKeys(doc, ["checks"]) };
  return { kind: "valid", config: normaliseRepoConfig(parsed.data, order) };
}

function invalid(problems: readonly ConfigProblem[]): ConfigResult {
  return { kind: "invalid", problems: sortProblems(problems) };
}

function wholeFile(message: string): ConfigProblem {
  return { path: "", line: undefined, column: undefined, message };
}
