import type { IncomingMessage, ServerResponse } from "node:http";
import { type App, type Logger as BoltLogger, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../../shared/logger.ts";
import { SLACK_EVENTS_PATH } from "../http/create-server.ts";
import { boltLogger } from "./bolt-logger.ts";
import { withinRequestWindow } from "./request-window.ts";
import { type SlackHandlerDeps, slackEventHandler } from "./slack-event-handler.ts";

// Interactivity payloads carry the whole message the button is on; 1 MiB is many times the largest.
const MAX_SLACK_BODY = 1024 * 1024;
// Slack gives up after 3 s; answering 503 a little before lets it count the attempt as failed and retry.
const ACK_DEADLINE_MS = 2_500;

/** The parts of the Slack settings the ingress needs: it never sees the bot token. */
export interface SlackIngressSettings {
  signingSecret: string;
  apiUrl: string;
  appToken: string | undefined;
}

export interface SlackIngress {
  /** `POST /slack/events`: verifies the signature and the timestamp, records, then acks. */
  route: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Connects over Socket Mode when an app token is set; otherwise does nothing. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack's way in: Bolt's receivers for the transport (signature on the raw body, url_verification,
 * body limit, the Socket Mode connection) and one handler of Shipmate's for both of them.
 */
export function createSlackIngress(
  deps: { settings: SlackIngressSettings; log: Logger } & Pick<
    SlackHandlerDeps,
    "enqueue" | "notify" | "metrics"
  > & {
      now?: () => number;
    },
): SlackIngress {
  const now = deps.now ?? Date.now;
  const log = deps.log.child({ component: "slack" });
  const logger = boltLogger(deps.log);
  // Bolt's App acks Events API requests before its listeners run, in both receivers; an ack must mean
  // "recorded", so the receivers hand their events straight to our handler, which is all they call.
  const sink = {
    processEvent: slackEventHandler({
      enqueue: deps.enqueue,
      notify: deps.notify,
      metrics: deps.metrics,
      log,
      now,
    }),
  };
  const http = new HTTPReceiver({
    signingSecret: deps.settings.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    logger,
    bodyLimit: MAX_SLACK_BODY,
    unhandledRequestTimeoutMillis: ACK_DEADLINE_MS,
    unhandledRequestHandler: ({ response }) => {
      log.warn("slack request not recorded in time; answered 503 so Slack retries");
      unavailable(response);
    },
    processEventErrorHandler: async ({ error, response }) => {
      if (response.headersSent) {
        // Recorded after the deadline's 503 (the ack found the answer gone): Slack's retry will dedupe.
        log.warn({ err: error.message }, "slack request finished after its 503");
        return false;
      }
      log.error({ err: error.message }, "slack request not recorded; answered 503 so Slack retries");
      unavailable(response);
      return true;
    },
  });
  http.init(sink as unknown as App);
  const appToken = deps.settings.appToken;
  const socket = appToken ? socketReceiver(appToken, deps.settings.apiUrl, { logger, log, sink }) : undefined;

  return {
    route: (req, res) => {
      const done = new Promise<void>((resolve) => res.once("close", resolve));
      // The handler counts what it reads; these were turned away before it: a bad or stale signature (401),
      // or a body Bolt would not take. Nothing in them is trusted, so their kind is "other".
      void done.then(() => {
        if (res.statusCode === 401) deps.metrics?.slackRequest("other", "invalid_signature");
        else if (res.statusCode >= 400 && res.statusCode < 500)
          deps.metrics?.slackRequest("other", "refused");
      });
      const timestamp = req.headers["x-slack-request-timestamp"];
      // A missing header is Bolt's to refuse (it lets Slack's unsigned `ssl_check` through).
      if (timestamp !== undefined && !withinRequestWindow(String(timestamp), now())) {
        log.warn({ timestamp: String(timestamp).slice(0, 20) }, "slack request outside the 5-minute window");
        req.resume();
        res.writeHead(401, { "content-type": "text/plain" }).end("Request timestamp out of range\n");
        return done;
      }
      try {
        http.requestListener(req, res);
      } catch {
        // Bolt throws for anything but POST to its endpoint; the server should not have routed it here.
        req.resume();
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      }
      return done;
    },
    start: async () => {
      if (socket) await socket.start();
    },
    stop: async () => {
      await socket?.client.disconnect();
    },
  };
}

function socketReceiver(
  appToken: string,
  apiUrl: string,
  { logger, log, sink }: { logger: BoltLogger; log: Logger; sink: object },
): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    appToken,
    logger,
    // apps.connections.open goes to the same Web API as everything else (a fake one in tests).
    installerOptions: { clientOptions: { slackApiUrl: apiUrl } },
    processEventErrorHandler: async ({ error }) => {
      // No ack: Slack sends the envelope again, and its request id finds any job this attempt left.
      log.error({ err: error.message }, "slack request not recorded; left unacknowledged so Slack retries");
      return false;
    },
  });
  receiver.init(sink as unknown as App);
  return receiver;
}

function unavailable(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(503, { "content-type": "text/plain", "retry-after": "5" }).end("Not recorded; retry\n");
}
