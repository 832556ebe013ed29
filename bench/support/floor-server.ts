import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import { Queue } from "bullmq";
import { intakeJobId } from "../../src/jobs/intake-job.schema.ts";
import { createProducerConnection, waitUntilReady } from "../../src/queue/redis-connections.ts";
import { intakeLike } from "./raw-adds.ts";
import { deleteKeysWithPrefix } from "./redis-keys.ts";

// Runs as a child process of its own, under `npm start`'s node flags: the least a webhook server can
// do, measured with the same load generator as Shipmate. `bare` reads the body and answers 202;
// `minimal` also checks the signature, parses the JSON and adds one job, as Shipmate must.

export type FloorMode = "bare" | "minimal";

export interface FloorStart {
  mode: FloorMode;
  redisUrl: string;
  secret: string;
}

function answer(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.end();
}

async function start({ mode, redisUrl, secret }: FloorStart): Promise<void> {
  const redis = createProducerConnection(redisUrl);
  await waitUntilReady(redis);
  const prefix = `{shipmate-bench-floor-${randomUUID().slice(0, 8)}}`;
  const queue = new Queue("intake", { connection: redis, prefix, skipWaitingForReady: true });

  // The signature is checked as Shipmate's webhook route checks it, with the same library call.
  const minimal = async (req: IncomingMessage, body: string): Promise<number> => {
    const signature = req.headers["x-hub-signature-256"];
    if (typeof signature !== "string" || !(await verify(secret, body, signature))) return 401;
    const payload = JSON.parse(body) as { comment: { id: number } };
    const id = payload.comment.id;
    return queue.add("github-comment", intakeLike(id), { jobId: intakeJobId(id) }).then(
      () => 202,
      () => 503,
    );
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (req.method !== "POST") return answer(res, 200);
    if (mode === "bare") return answer(res, 202);
    minimal(req, body.toString("utf8")).then((status) => answer(res, status));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });

  process.once("message", async () => {
    server.close();
    await queue.close();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    process.exit(0);
  });
}

process.once("message", (message) => {
  start(message as FloorStart).catch((error: unknown) => {
    process.stderr.write(`floor server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
});
// The parent's end is the end of this process, whatever happened to the parent.
process.on("disconnect", () => process.exit(0));
