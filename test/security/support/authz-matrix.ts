import type { Expected } from "./authz-oracle.ts";
import type { Observed } from "./authz-surfaces.ts";
import { plain, type WordedCell, wordingProblems } from "./authz-wording.ts";

/** One end-to-end cell: what the oracle expects, and how to ask Shipmate. */
export interface Cell {
  /** The way in: PR comment, Slack command, Slack button or PR `/approve`. */
  surface: string;
  what: string;
  /** The pull request the cell's command is about (each deploy cell has its own). */
  pullRequest: number;
  expected: Expected;
  worded: WordedCell;
  run: () => Promise<Observed>;
}

/** Why Shipmate's answer to the cell is not the oracle's, or nothing when it is. */
export function judge(cell: Cell, observed: Observed): string[] {
  const { expected } = cell;
  const said = plain(observed.text).replaceAll("\n", " ").slice(0, 300);
  if (observed.kind !== expected.kind) {
    return [`expected ${describe(expected)}, got ${observed.kind} (${observed.jobId}): ${said}`];
  }
  if (expected.kind !== "refused") return [];
  const problems = wordingProblems(observed.text, expected.codes, cell.worded);
  return problems.length === 0 ? [] : [`the refusal ${problems.join("; ")}: ${said}`];
}

function describe(expected: Expected): string {
  return expected.kind === "refused" ? `refused for ${expected.codes.join(", ")}` : expected.kind;
}

/** Runs the lanes side by side, `width` at a time; the cells of one lane run in order. */
export async function runLanes(lanes: readonly (readonly Cell[])[], width = 6): Promise<Judged[]> {
  const judged: Judged[] = [];
  let next = 0;
  const worker = async () => {
    for (let lane = lanes[next++]; lane !== undefined; lane = lanes[next++]) {
      for (const cell of lane) {
        const observed = await cell.run();
        judged.push({ cell, observed, problems: judge(cell, observed) });
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return judged;
}

interface Judged {
  cell: Cell;
  observed: Observed;
  problems: string[];
}

/** Each mismatch as one line: the cell, then what was wrong. */
export function mismatches(judged: readonly Judged[]): string[] {
  return judged.filter((j) => j.problems.length > 0).map((j) => `${j.cell.what}: ${j.problems.join("; ")}`);
}
