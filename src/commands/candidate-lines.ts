export type CandidateLine = { line: number; text: string };

type Fence = { character: string; length: number };

/**
 * The lines of a comment that may hold a command: starting with `/` after at most three spaces, and outside fenced
 * or indented code, `>` quotes and HTML comments. `line` is 1-based; `text` is trimmed.
 */
export function candidateLines(body: string): CandidateLine[] {
  const candidates: CandidateLine[] = [];
  let fence: Fence | undefined;
  let inComment = false;
  for (const [index, line] of body.replace(/\r\n?/g, "\n").split("\n").entries()) {
    const indent = leadingSpaces(line);
    if (fence !== undefined) {
      if (closesFence(line, indent, fence)) fence = undefined;
      continue;
    }
    if (inComment) {
      inComment = commentOpenAtEnd(line, 0, true);
      continue;
    }
    if (indent >= 4 || line[indent] === "\t" || line[indent] === ">") continue;
    const opened = openingFence(line, indent);
    if (opened !== undefined) {
      fence = opened;
      continue;
    }
    const commentStart = line.indexOf("<!--");
    // Only what precedes a comment counts, so a line that starts with `<!-- -->` is never a command.
    const visible = commentStart === -1 ? line : line.slice(0, commentStart);
    if (commentStart !== -1) inComment = commentOpenAtEnd(line, commentStart, false);
    if (visible[indent] === "/") candidates.push({ line: index + 1, text: visible.trim() });
  }
  return candidates;
}

function leadingSpaces(line: string): number {
  let count = 0;
  while (count < 4 && line[count] === " ") count++;
  return count;
}

function fenceRun(line: string, indent: number): { fence: Fence; rest: string } | undefined {
  const character = line[indent];
  if (character !== "`" && character !== "~") return undefined;
  let end = indent;
  while (line[end] === character) end++;
  if (end - indent < 3) return undefined;
  return { fence: { character, length: end - indent }, rest: line.slice(end) };
}

function openingFence(line: string, indent: number): Fence | undefined {
  const run = fenceRun(line, indent);
  // CommonMark: a backtick fence's info string cannot contain a backtick (that is inline code instead).
  if (run === undefined || (run.fence.character === "`" && run.rest.includes("`"))) return undefined;
  return run.fence;
}

function closesFence(line: string, indent: number, open: Fence): boolean {
  if (indent >= 4) return false;
  const run = fenceRun(line, indent);
  return (
    run !== undefined &&
    run.fence.character === open.character &&
    run.fence.length >= open.length &&
    run.rest.trim() === ""
  );
}

/** Whether an HTML comment is still open at the end of `line`, scanning from `from` (at `<!--` when not yet inside). */
function commentOpenAtEnd(line: string, from: number, inside: boolean): boolean {
  let open = inside;
  let position = from;
  for (;;) {
    const next = open ? line.indexOf("-->", position) : line.indexOf("<!--", position);
    if (next === -1) return open;
    position = next + (open ? 3 : 4);
    open = !open;
  }
}
