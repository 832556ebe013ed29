import type { Document, LineCounter, YAMLError } from "yaml";
import { visit } from "yaml";
import type { ConfigProblem } from "./config-problem.ts";
import { formatPath } from "./config-problem.ts";
import { keyAtOffset } from "./yaml-paths.ts";

/** The YAML parser's errors and warnings, and aliases that name no anchor, as problems with their place. */
export function yamlProblems(doc: Document.Parsed, text: string, lineCounter: LineCounter): ConfigProblem[] {
  const problems = [...doc.errors, ...doc.warnings].map((error) =>
    syntaxProblem(doc, error, text, lineCounter),
  );
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined || alias.range == null) return;
      const { line, col } = lineCounter.linePos(alias.range[0]);
      problems.push({
        path: "",
        line,
        column: col,
        message: `alias \`*${alias.source}\` has no anchor \`&${alias.source}\` before it`,
      });
    },
  });
  return problems;
}

function syntaxProblem(
  doc: Document.Parsed,
  error: YAMLError,
  text: string,
  lineCounter: LineCounter,
): ConfigProblem {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const problem = { path: "", line, column: col, message: error.message };
  if (error.code === "MULTIPLE_DOCS") {
    return { ...problem, message: "a second YAML document starts here: the file must hold exactly one" };
  }
  if (error.code === "NON_STRING_KEY") {
    return { ...problem, message: "a mapping key must be plain text, not a list or mapping" };
  }
  if (error.code === "DUPLICATE_KEY") {
    const found = keyAtOffset(doc, error.pos[0]);
    const key = found?.key ?? text.slice(error.pos[0], error.pos[1]);
    return { ...problem, path: formatPath(found?.path ?? []), message: `duplicate key \`${key}\`` };
  }
  return problem;
}
