import type { WebhookCommand } from "../../config/repo-config.ts";
import { pause, type RemoteOutcome, type RemoteRun } from "../remote/remote-run.ts";
import { notifyCancel } from "./notify-cancel.ts";
import { type SendOptions, type Sent, sendRequest } from "./send-request.ts";
import { nextLogText, readStatusAnswer } from "./status-response.ts";
import {
  shownUrl,
  type WebhookEvent,
  type WebhookPayload,
  webhookBody,
  webhookHeaders,
} from "./webhook-request.ts";

/** The first pause before a failed request is tried again, unless told otherwise; it doubles each time. */
export const DEFAULT_RETRY_DELAY_MS = 1_000;

// How much of an answer's body is shown in the output.
const SHOWN_ANSWER_CHARS = 2_000;

/** Everything a `webhook:` task needs. */
export interface WebhookTaskInput {
  command: WebhookCommand;
  payload: WebhookPayload;
  /** The value of the variable `secretEnv` names, looked up by the caller; undefined when there is none. */
  secret: string | undefined;
  run: RemoteRun;
  /** What to tell the requester to do once the cause is fixed, e.g. "comment `/deploy staging` again". */
  again: string;
  retryDelayMs: number;
}

/**
 * POSTs the signed job to the webhook; a 2xx answer accepts it. With a status URL, polls it (GET,
 * signed alike) until it reports success or failure; without one, the acceptance is the success.
 * Stopped (cancelled or out of time) once the request went out, it tells the `cancel_url` when there is one.
 */
export async function runWebhookTask(input: WebhookTaskInput): Promise<RemoteOutcome> {
  const { command, run } = input;
  if (command.secretEnv !== undefined && (input.secret === undefined || input.secret === "")) {
    // Sending unsigned would teach the receiver to accept unsigned requests: nothing is sent.
    return failed(
      run,
      `The webhook's \`secret_env\` names \`${command.secretEnv}\`, but the server does not pass that variable to tasks. Add it to the server's TASK_SECRET_ENV (and set it), then ${input.again}.`,
    );
  }
  const options: SendOptions = {
    retries: command.retries,
    retryDelayMs: input.retryDelayMs,
    signal: run.signal,
    write: (text) => run.write(text),
  };
  const body = webhookBody(input.payload);
  run.write(`POST ${shownUrl(command.url)}`);
  const posted = await sendRequest(signed(input, "POST", command.url, "start", body), options);
  const outcome = await afterStart(input, posted, options);
  // The deployer may have started on the request even when its answer never came.
  if (outcome.kind === "stopped") {
    const { payload, secret, retryDelayMs } = input;
    const to = { url: command.cancelUrl, payload, secret, retries: command.retries, retryDelayMs, run };
    await notifyCancel(to, outcome.reason);
  }
  return outcome;
}

async function afterStart(
  input: WebhookTaskInput,
  posted: Sent,
  options: SendOptions,
): Promise<RemoteOutcome> {
  const { command, run } = input;
  const problem = answerProblem(posted, command.url, input.again);
  if (problem !== undefined) return problem.kind === "stopped" ? stopped(run) : failed(run, problem.problem);
  if (posted.kind !== "answered") return stopped(run);
  run.write(`Accepted: HTTP ${posted.status}`);
  if (command.statusUrl === undefined) {
    if (posted.text.trim() !== "") run.write(posted.text.slice(0, SHOWN_ANSWER_CHARS));
    return { kind: "succeeded" };
  }
  return pollStatus(input, command.statusUrl, options);
}

async function pollStatus(
  input: WebhookTaskInput,
  statusUrl: string,
  options: SendOptions,
): Promise<RemoteOutcome> {
  const { run } = input;
  let log = { written: "", last: "" };
  run.write(`Following ${shownUrl(statusUrl)}`);
  for (;;) {
    if (!(await pause(input.command.pollIntervalMs, run.signal))) return stopped(run);
    const polled = await sendRequest(signed(input, "GET", statusUrl, "status", ""), options);
    const problem = answerProblem(polled, statusUrl, input.again);
    if (problem !== undefined)
      return problem.kind === "stopped" ? stopped(run) : failed(run, problem.problem);
    if (polled.kind !== "answered") return stopped(run);
    const answer = readStatusAnswer(polled.text);
    if (answer.kind === "invalid") {
      return failed(
        run,
        `The status URL ${shownUrl(statusUrl)} answered with something Shipmate cannot read: ${answer.reason}. It must answer \`{"state": "success" | "failure" | "pending", "log": "…"}\`; then ${input.again}.`,
      );
    }
    const current = answer.log ?? log.last;
    const next = nextLogText(log.written, current, answer.state !== "pending");
    run.write(next.show);
    log = { written: next.written, last: current };
    if (answer.state === "success") return { kind: "succeeded" };
    if (answer.state === "failure") {
      return failed(
        run,
        `The deployer behind ${shownUrl(statusUrl)} reported failure. Read the output below, fix the cause, then ${input.again}.`,
      );
    }
  }
}

/** A request whose headers, signature included, are made afresh for each try. */
function signed(
  input: WebhookTaskInput,
  method: "GET" | "POST",
  url: string,
  event: WebhookEvent,
  body: string,
) {
  const headers = () =>
    webhookHeaders({ jobId: input.payload.job, event, body, secret: input.secret, now: Date.now() });
  return { method, url, headers, ...(method === "POST" && { body }) };
}

type AnswerProblem = { kind: "stopped" } | { kind: "failed"; problem: string };

function answerProblem(sent: Sent, url: string, again: string): AnswerProblem | undefined {
  if (sent.kind === "stopped") return sent;
  const shown = shownUrl(url);
  if (sent.kind === "unreachable") {
    const tries = sent.attempts === 1 ? "once" : `${sent.attempts} times`;
    return {
      kind: "failed",
      problem: `Shipmate could not reach ${shown} (tried ${tries}; last: ${sent.reason}). Check that it is up and reachable from the workers, then ${again}.`,
    };
  }
  if (sent.status >= 200 && sent.status < 300) return undefined;
  const said = sent.text.trim().slice(0, 300);
  const redirect =
    sent.status >= 300 && sent.status < 400 ? " (redirects are not followed: configure the final URL)" : "";
  return {
    kind: "failed",
    problem: `${shown} answered HTTP ${sent.status}${redirect}${said === "" ? "" : `: ${said}`}. Fix the webhook or its receiver, then ${again}.`,
  };
}

function failed(run: RemoteRun, problem: string): RemoteOutcome {
  run.write(problem);
  return { kind: "failed", problem };
}

function stopped(run: RemoteRun): RemoteOutcome {
  return { kind: "stopped", reason: run.stopReason() ?? "cancelled" };
}
