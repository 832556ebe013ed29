/** Where Shipmate reads a repository's config, on its default branch. */
export const CONFIG_PATH = ".github/shipmate.yml";

/** One thing wrong with a config file, with where it is (1-based) when the file shows it. */
export interface ConfigProblem {
  /** Dotted path to the setting, like `environments.production.require.permission`; empty for the whole file. */
  path: string;
  line: number | undefined;
  column: number | undefined;
  message: string;
}

/** `.github/shipmate.yml:12:7: environments.production.require.permission: expected one of read, …`. */
export function formatConfigProblem(problem: ConfigProblem, file: string = CONFIG_PATH): string {
  let where = file;
  if (problem.line !== undefined) where += `:${problem.line}`;
  if (problem.line !== undefined && problem.column !== undefined) where += `:${problem.column}`;
  const path = problem.path === "" ? "" : `${problem.path}: `;
  return `${where}: ${path}${problem.message}`;
}

/** `["environments", "production", "deploy", 0]` → `environments.production.deploy[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** Problems in reading order: those without a line (about the whole file) first, then by line and column. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.toSorted((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
