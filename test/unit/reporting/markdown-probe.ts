/**
 * A small reader for the few CommonMark rules the renderers must respect (code spans and
 * backtick fences), so tests can check structure instead of exact strings.
 */

/** The [start, end) ranges of the code spans in one line, as CommonMark pairs backtick runs. */
export function codeSpanRanges(line: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let at = 0;
  while (at < line.length) {
    const char = line[at];
    if (char === "\\") {
      at += 2; // outside code, a backslash escapes the next character (a backtick included)
      continue;
    }
    if (char !== "`") {
      at++;
      continue;
    }
    const open = runLength(line, at);
    const close = findRun(line, at + open, open);
    if (close === undefined) {
      at += open; // an unmatched run is literal backticks
      continue;
    }
    ranges.push([at, close + open]);
    at = close + open;
  }
  return ranges;
}

/** The contents of the code spans in a line (without the fences and padding). */
export function codeSpans(line: string): string[] {
  return codeSpanRanges(line).map(([start, end]) => {
    const raw = line.slice(start, end).replace(/^`+|`+$/g, "");
    return raw.startsWith(" ") && raw.endsWith(" ") && raw.trim() !== "" ? raw.slice(1, -1) : raw;
  });
}

/** A line with its code spans cut out: what GitHub treats as Markdown text. */
export function outsideCode(line: string): string {
  let rest = "";
  let from = 0;
  for (const [start, end] of codeSpanRanges(line)) {
    rest += `${line.slice(from, start)} `;
    from = end;
  }
  return rest + line.slice(from);
}

/** Markdown text outside fenced blocks and code spans, line by line. */
export function markdownText(markdown: string): string {
  const { outside } = splitFences(markdown);
  return outside.map(outsideCode).join("\n");
}

/** The bodies of the backtick-fenced code blocks, in order, as CommonMark would close them. */
export function fencedBodies(markdown: string): string[] {
  return splitFences(markdown).bodies;
}

function splitFences(markdown: string): { outside: string[]; bodies: string[] } {
  const outside: string[] = [];
  const bodies: string[] = [];
  let fence: number | undefined;
  let body: string[] = [];
  for (const line of markdown.split("\n")) {
    if (fence === undefined) {
      const open = /^ {0,3}(`{3,})[^`]*$/.exec(line);
      if (open?.[1] !== undefined) {
        fence = open[1].length;
        body = [];
      } else {
        outside.push(line);
      }
      continue;
    }
    const close = /^ {0,3}(`{3,})\s*$/.exec(line);
    if (close?.[1] !== undefined && close[1].length >= fence) {
      bodies.push(body.join("\n"));
      fence = undefined;
    } else {
      body.push(line);
    }
  }
  if (fence !== undefined) bodies.push(body.join("\n"));
  return { outside, bodies };
}

function runLength(text: string, at: number): number {
  let length = 0;
  while (text[at + length] === "`") length++;
  return length;
}

/** Where the next run of exactly `length` backticks starts (backslashes do not escape inside code). */
function findRun(text: string, from: number, length: number): number | undefined {
  let at = from;
  while (at < text.length) {
    if (text[at] !== "`") {
      at++;
      continue;
    }
    const run = runLength(text, at);
    if (run === length) return at;
    at += run;
  }
  return undefined;
}
