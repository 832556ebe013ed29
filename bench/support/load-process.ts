import { Agent, type OutgoingHttpHeaders, request } from "node:http";
import { deliveryBody, deliveryHeaders } from "./delivery-body.ts";
import type { LoadJob, LoadResult } from "./load-types.ts";

const GITHUB_WEBHOOK_PATH = "/api/github/webhooks";

// Runs as a child process: building, sending and timing requests takes no event-loop time from
// the Shipmate under test, and its buffers are not counted in Shipmate's RSS.

interface Prepared {
  path: string;
  body: Buffer;
  headers: OutgoingHttpHeaders;
}

interface Client {
  agent: Agent;
  host: string;
  port: string;
  timeoutMs: number;
}

function prepare(send: LoadJob["send"]): Prepared[] {
  if (send.kind === "prepared") {
    return send.requests.map((r) => {
      const body = Buffer.from(r.body);
      return { path: send.path, body, headers: { ...r.headers, "content-length": String(body.length) } };
    });
  }
  const prepared: Prepared[] = [];
  for (let i = 0; i < send.n; i++) {
    const id = send.firstCommentId + i;
    const body = Buffer.from(deliveryBody(send.template, id));
    prepared.push({ path: GITHUB_WEBHOOK_PATH, body, headers: deliveryHeaders(body, id, send.secret) });
  }
  return prepared;
}

/** Resolves with the status code, or 0 when no answer came. */
function send(
  client: Client,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders,
  body?: Buffer,
): Promise<number> {
  const { agent, host, port } = client;
  return new Promise((resolve) => {
    const req = request({ host, port, path, method, headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.setTimeout(client.timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  const client: Client = {
    agent: new Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency }),
    host: url.hostname,
    port: url.port,
    timeoutMs: job.requestTimeoutMs,
  };
  const prepared = prepare(job.send);
  // Opens every keep-alive socket first, so connection set-up is not in the figures.
  await Promise.all(Array.from({ length: job.concurrency }, () => send(client, "GET", "/healthz", {})));

  const latencies = new Float64Array(prepared.length).fill(Number.NaN);
  const outcomes: Record<string, number> = {};
  let next = 0;
  let capped = false;
  const started = performance.now();
  const lane = async () => {
    while (next < prepared.length) {
      if (performance.now() - started > job.capMs) {
        capped = true;
        return;
      }
      const index = next++;
      const item = prepared[index];
      if (!item) return;
      const t0 = performance.now();
      const status = await send(client, "POST", item.path, item.headers, item.body);
      if (status > 0) latencies[index] = performance.now() - t0;
      const key = status > 0 ? String(status) : "error";
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const wallMs = performance.now() - started;
  client.agent.destroy();
  return { latencies, outcomes, sent: Math.min(next, prepared.length), wallMs, capped };
}

process.once("message", (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`load process: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
});
