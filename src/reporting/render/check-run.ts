import type { CheckConclusion, CheckRunFields, CheckRunStatus } from "../../github/check-calls.ts";
import type { JobState, JobView } from "../../jobs/job-view.ts";
import { formatDuration } from "../../shared/format-duration.ts";
import { cleanTerminalText, codeBlock, inlineCode, shortSha } from "./markdown.ts";
import { personName } from "./people.ts";
import { tailLines, truncateEnd } from "./text.ts";

// GitHub keeps 65,535 characters of a check run's summary and of its text.
const TEXT_BUDGET = 60_000;
const OUTPUT_LINES = 200;

/** The check-run status and conclusion that mirror a check job's state. */
export function checkStatusOf(state: JobState): {
  status: CheckRunStatus;
  conclusion: CheckConclusion | undefined;
} {
  switch (state) {
    case "awaiting_approval":
    case "queued":
      return { status: "queued", conclusion: undefined };
    case "running":
      return { status: "in_progress", conclusion: undefined };
    case "succeeded":
      return { status: "completed", conclusion: "success" };
    case "timed_out":
      return { status: "completed", conclusion: "timed_out" };
    case "cancelled":
      return { status: "completed", conclusion: "cancelled" };
    // Nobody knows whether an interrupted check would have passed: it must not count as green.
    case "failed":
    case "interrupted":
    case "refused":
      return { status: "completed", conclusion: "failure" };
  }
}

/** What the check run `name` shows for a check job (annotations are added by the caller). */
export function renderCheckRun(view: JobView, name: string, now: number): CheckRunFields {
  const { status, conclusion } = checkStatusOf(view.state);
  const words = describe(view, name, now);
  return {
    status,
    conclusion,
    startedAt: view.startedAt,
    completedAt: status === "completed" ? (view.finishedAt ?? now) : undefined,
    output: {
      title: words.title,
      summary: truncateEnd(
        `${words.summary}\n\nCommit ${inlineCode(shortSha(view.sha))}, pushed by ${personName(view.actor)}.`,
        TEXT_BUDGET,
      ),
      text: renderOutputText(view.output),
      annotations: [],
    },
  };
}

function describe(view: JobView, name: string, now: number): { title: string; summary: string } {
  const check = inlineCode(name);
  const took = formatDuration((view.finishedAt ?? now) - (view.startedAt ?? view.queuedAt));
  switch (view.state) {
    case "awaiting_approval":
    case "queued":
      return { title: "Waiting for a worker", summary: `${check} runs as soon as a worker is free.` };
    case "running":
      return { title: "Running", summary: `${check} is running; its latest output is below.` };
    case "succeeded":
      return { title: `Passed in ${took}`, summary: `${check} passed in ${took}.` };
    case "failed":
      return view.exitCode === null || view.exitCode === undefined
        ? { title: "Could not run", summary: `${check} could not run: ${oneLine(view.problem)}` }
        : {
            title: `Failed with exit code ${view.exitCode}`,
            summary: `${check} exited with code ${view.exitCode} after ${took}. The last lines of its output are below.`,
          };
    case "timed_out":
      return {
        title: `Timed out after ${took}`,
        summary: `${check} ran longer than its \`timeout\` and was stopped with every process it started. Raise \`timeout\` for it in \`.github/shipmate.yml\` or make it faster.`,
      };
    case "cancelled":
      return { title: "Cancelled", summary: view.problem ?? `${check} was cancelled.` };
    case "interrupted":
      return {
        title: "Interrupted",
        summary: `The worker running ${check} stopped before it finished, so its result is unknown. Press **Re-run** to run it again.`,
      };
    case "refused":
      return { title: "Not run", summary: view.problem ?? `${check} was not run.` };
  }
}

// The worker's sentences end with what to do on a pull request; a check is run again with Re-run.
const COMMENT_AGAIN = /,? then comment `\/[^`]*` again\.$/;

function oneLine(problem: string | undefined): string {
  const line = (problem ?? "unknown error").split("\n")[0] || "unknown error";
  return line.replace(COMMENT_AGAIN, ", then press **Re-run**.");
}

/** The last lines of output as a code block, or undefined when there is none yet. */
function renderOutputText(output: string): string | undefined {
  const text = cleanTerminalText(output);
  if (text === "") return undefined;
  const tail = tailLines(text, OUTPUT_LINES, TEXT_BUDGET - 200);
  const omitted =
    tail.omitted > 0 ? `… ${tail.omitted.toLocaleString("en-US")} earlier lines not shown\n\n` : "";
  return `${omitted}${codeBlock(tail.lines.join("\n"))}`;
}
