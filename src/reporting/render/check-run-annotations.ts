import type { CheckAnnotation } from "../../github/check-calls.ts";
import { cleanTerminalText } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** GitHub takes at most this many annotations in one request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** How many annotations a check run gets at most: the rest are in its output. */
export const MAX_ANNOTATIONS = 150;

// `path:line: message` or `path:line:column: message`, as compilers, linters and test runners print them.
const LOCATED = /^(?<path>[^\s:]+):(?<line>\d{1,7})(?::(?<column>\d{1,5}))?:\s*(?<message>\S.*)$/;

/**
 * The annotations in a check's output: one per `file:line: message` line naming a file of the
 * repository (a relative path), in output order, without repeats, at most {@link MAX_ANNOTATIONS}.
 * A line that does not say it is a warning or a note is a failure when the check failed.
 */
export function parseAnnotations(output: string, checkFailed: boolean): CheckAnnotation[] {
  const found: CheckAnnotation[] = [];
  const seen = new Set<string>();
  for (const text of cleanTerminalText(output).split("\n")) {
    const match = LOCATED.exec(text.trim());
    const groups = match?.groups;
    if (groups === undefined) continue;
    const path = repositoryPath(groups.path ?? "");
    const line = Number(groups.line);
    if (path === undefined || line < 1) continue;
    const message = truncateEnd(groups.message ?? "", 1_000);
    const key = `${path}:${line}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const column = groups.column === undefined ? undefined : Number(groups.column);
    found.push({
      path,
      line,
      column: column === undefined || column < 1 ? undefined : column,
      level: levelOf(message, checkFailed),
      message,
    });
    if (found.length >= MAX_ANNOTATIONS) break;
  }
  return found;
}

// GitHub places annotations by repository path: absolute paths, `..` and bare host names or numbers
// (`localhost:3000: …`, `127.0.0.1:80: …`) are not files of the repository.
function repositoryPath(raw: string): string | undefined {
  const path = raw.replace(/^(\.\/)+/, "");
  if (path === "" || path.startsWith("/") || path.split("/").includes("..")) return undefined;
  if (!/[./]/.test(path) || /^[\d.]+$/.test(path)) return undefined;
  return path;
}

function levelOf(message: string, checkFailed: boolean): CheckAnnotation["level"] {
  if (/\bwarn(ing)?\b/i.test(message)) return "warning";
  if (/\b(note|info|hint)\b/i.test(message)) return "notice";
  return checkFailed ? "failure" : "warning";
}
