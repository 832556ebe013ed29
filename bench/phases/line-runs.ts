/** One line a hand-over task wrote: `start|end <pr> <ns since the epoch>`. */
interface RunMark {
  what: "start" | "end";
  pr: number;
  ns: bigint;
}

/** What the task's own start and end marks say about a line of runs. */
export interface RunCheck {
  /** From one run's end to the next run's start, in start order (ms). */
  gapsMs: number[];
  /** Most runs that were under way at one instant; more than 1 means two overlapped. */
  mostAtOnce: number;
  /** Pull requests that did not start and end exactly once, or were not expected. */
  notOnce: number[];
  firstStartNs: bigint | undefined;
  lastEndNs: bigint | undefined;
}

function parseMarks(text: string): RunMark[] {
  const marks: RunMark[] = [];
  for (const line of text.split("\n")) {
    const [what, pr, ns] = line.trim().split(" ");
    if ((what !== "start" && what !== "end") || pr === undefined || ns === undefined) continue;
    marks.push({ what, pr: Number(pr), ns: BigInt(ns) });
  }
  return marks.sort((a, b) => (a.ns === b.ns ? (a.what === "end" ? -1 : 1) : a.ns < b.ns ? -1 : 1));
}

/** Reads the marks of a line of runs: gaps between them, whether any overlapped, and whether each PR ran once. */
export function checkRuns(text: string, expected: readonly number[]): RunCheck {
  const marks = parseMarks(text);
  let atOnce = 0;
  let mostAtOnce = 0;
  const gapsMs: number[] = [];
  let lastEnd: bigint | undefined;
  const counts = new Map<number, { start: number; end: number }>(
    expected.map((pr) => [pr, { start: 0, end: 0 }]),
  );
  for (const mark of marks) {
    const count = counts.get(mark.pr) ?? { start: 0, end: 0 };
    counts.set(mark.pr, count);
    if (mark.what === "start") {
      count.start++;
      atOnce++;
      mostAtOnce = Math.max(mostAtOnce, atOnce);
      if (lastEnd !== undefined) gapsMs.push(Number(mark.ns - lastEnd) / 1e6);
    } else {
      count.end++;
      atOnce--;
      lastEnd = mark.ns;
    }
  }
  const notOnce = [...counts.entries()]
    .filter(([pr, c]) => !expected.includes(pr) || c.start !== 1 || c.end !== 1)
    .map(([pr]) => pr);
  return {
    gapsMs,
    mostAtOnce,
    notOnce,
    firstStartNs: marks.find((m) => m.what === "start")?.ns,
    lastEndNs: marks.findLast((m) => m.what === "end")?.ns,
  };
}
