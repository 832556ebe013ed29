import type { WebhookCommand } from "../../config/repo-config.ts";
import { pause, type RemoteOutcome, type RemoteRun } from "../remote/remote-run.ts";
import { type Sent, sendRequest } from "./send-request.ts";
import { newLogText, readStatusAnswer } from "./status-response.ts";
import { type WebhookPayload, webhookBody, webhookHeaders } from "./webhook-request.ts";

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
  const body = webhookBody(input.payload);
  const options = { retries: command.retries, retryDelayMs: input.retryDelayMs, run };
  run.write(`POST ${command.url}`);
  const posted = await sendRequest(
    {
      method: "POST",
      url: command.url,
      headers: webhookHeaders(input.payload.job, body, input.secret),
      body,
    },
    options,
  );
  const accepted = answerProblem(posted, command.url, input.again);
  if (accepted !== undefined)
    return accepted.kind === "stopped" ? stopped(run) : failed(run, accepted.problem);
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
  options: Parameters<typeof sendRequest>[1],
): Promise<RemoteOutcome> {
  const { run } = input;
  const headers = webhookHeaders(input.payload.job, "", input.secret);
  let log = "";
  run.write(`Following ${statusUrl}`);
  for (;;) {
    if (!(await pause(input.command.pollIntervalMs, run.signal))) return stopped(run);
    const polled = await sendRequest({ method: "GET", url: statusUrl, headers }, options);
    const problem = answerProblem(polled, statusUrl, input.again);
    if (problem !== undefined)
      return problem.kind === "stopped" ? stopped(run) : failed(run, problem.problem);
    if (polled.kind !== "answered") return stopped(run);
    const answer = readStatusAnswer(polled.text);
    if (answer.kind === "invalid") {
      return failed(
        run,
        `The status URL ${statusUrl} answered with something Shipmate cannot read: ${answer.reason}. It must answer \`{"state": "success" | "failure" | "pending", "log": "…"}\`; then ${input.again}.`,
      );
    }
    if (answer.log !== undefined) {
      run.write(newLogText(log, answer.log));
      log = answer.log;
    }
    if (answer.state === "success") return { kind: "succeeded" };
    if (answer.state === "failure") {
      return failed(
        run,
        `The deployer behind ${statusUrl} reported failure. Read the output below, fix the cause, then ${input.again}.`,
      );
    }
  }
}

type AnswerProblem = { kind: "stopped" } | { kind: "failed"; problem: string };

function answerProblem(sent: Sent, url: string, again: string): AnswerProblem | undefined {
  if (sent.kind === "stopped") return sent;
  if (sent.kind === "unreachable") {
    const tries = sent.attempts === 1 ? "once" : `${sent.attempts} times`;
    return {
      kind: "failed",
      problem: `Shipmate could not reach ${url} (tried ${tries}; last: ${sent.reason}). Check that it is up and reachable from the workers, then ${again}.`,
    };
  }
  if (sent.status >= 200 && sent.status < 300) return undefined;
  const said = sent.text.trim().slice(0, 300);
  const redirect =
    sent.status >= 300 && sent.status < 400 ? " (redirects are not followed: configure the final URL)" : "";
  return {
    kind: "failed",
    problem: `${url} answered HTTP ${sent.status}${redirect}${said === "" ? "" : `: ${said}`}. Fix the webhook or its receiver, then ${again}.`,
  };
}

function failed(run: RemoteRun, problem: string): RemoteOutcome {
  run.write(problem);
  return { kind: "failed", problem };
}

function stopped(run: RemoteRun): RemoteOutcome {
  return { kind: "stopped", reason: run.stopReason() ?? "cancelled" };
}
