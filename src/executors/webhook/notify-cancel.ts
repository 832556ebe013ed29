import type { RemoteRun, StopReason } from "../remote/remote-run.ts";
import { sendRequest } from "./send-request.ts";
import { cancelBody, shownUrl, type WebhookPayload, webhookHeaders } from "./webhook-request.ts";

/** How long telling the deployer to stop may take: the task itself is already over. */
export const CANCEL_LIMIT_MS = 15_000;

/**
 * POSTs the signed cancel to the webhook's `cancel_url`, when it has one, and writes how the deployer
 * answered; a failure is written, never thrown, since the task has already ended.
 */
export async function notifyCancel(
  input: {
    url: string | undefined;
    payload: WebhookPayload;
    secret: string | undefined;
    retries: number;
    retryDelayMs: number;
    run: RemoteRun;
  },
  reason: StopReason,
): Promise<void> {
  const { run, url } = input;
  if (url === undefined) return;
  const body = cancelBody(input.payload, reason);
  run.write(`Telling the deployer to stop: POST ${shownUrl(url)}`);
  const sent = await sendRequest(
    {
      method: "POST",
      url,
      headers: () =>
        webhookHeaders({
          jobId: input.payload.job,
          event: "cancel",
          body,
          secret: input.secret,
          now: Date.now(),
        }),
      body,
    },
    {
      retries: input.retries,
      retryDelayMs: input.retryDelayMs,
      signal: AbortSignal.timeout(CANCEL_LIMIT_MS),
      write: (text) => run.write(text),
    },
  );
  if (sent.kind === "stopped")
    run.write(`The deployer did not answer the cancel within ${CANCEL_LIMIT_MS / 1000}s.`);
  else if (sent.kind === "unreachable") run.write(`Shipmate could not send the cancel: ${sent.reason}.`);
  else if (sent.status >= 200 && sent.status < 300) run.write(`Cancel accepted: HTTP ${sent.status}`);
  else run.write(`The deployer refused the cancel: HTTP ${sent.status} ${sent.text.trim().slice(0, 300)}`);
}
