import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { SLACK_EVENTS_PATH } from "../../../src/ingress/http/create-server.ts";
import { createSlackIngress, type SlackIngress } from "../../../src/ingress/slack/create-slack-ingress.ts";
import type { EphemeralNote } from "../../../src/ingress/slack/slack-reading.ts";
import { type SlackIntakeJob, slackIntakeJobId } from "../../../src/jobs/slack-intake-job.schema.ts";
import { slackIntakeEnqueuer } from "../../../src/queue/enqueue-slack-intake.ts";
import { QUEUE_NAMES } from "../../../src/queue/queue-names.ts";
import { TEST_SIGNING_SECRET } from "../../support/slack-request.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

type Enqueue = (job: SlackIntakeJob) => Promise<"queued" | "duplicate">;

export interface IngressUnderTest {
  /** `http://127.0.0.1:<port>/slack/events` */
  url: string;
  ingress: SlackIngress;
  queue: Queue;
  /** Every call to enqueue, whatever came of it. */
  calls: SlackIntakeJob[];
  outcomes: ("queued" | "duplicate")[];
  notes: EphemeralNote[];
  /** Every log line, raw. */
  logs: string[];
  /** The intake job recorded for a request id, as the worker would read it. */
  recorded(requestId: string): Promise<SlackIntakeJob | undefined>;
  /** How many intake jobs the queue holds. */
  jobCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The Slack route on a plain node:http server, recording into a real BullMQ intake queue under a
 * fresh Redis prefix; `wrap` may put a failure in front of the real enqueue.
 */
export async function startIngress(
  options: { wrap?: (real: Enqueue) => Enqueue; appToken?: string; apiUrl?: string } = {},
): Promise<IngressUnderTest> {
  const prefix = `{shipmate-test-${randomUUID().slice(0, 8)}}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAMES.intake, { connection: redis, prefix });
  const calls: SlackIntakeJob[] = [];
  const outcomes: ("queued" | "duplicate")[] = [];
  const notes: EphemeralNote[] = [];
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const real = slackIntakeEnqueuer(queue);
  const recording: Enqueue = async (job) => {
    calls.push(job);
    const outcome = await real(job);
    outcomes.push(outcome);
    return outcome;
  };
  const ingress = createSlackIngress({
    settings: {
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: options.apiUrl ?? "https://slack.com/api/",
      appToken: options.appToken,
    },
    enqueue: options.wrap ? options.wrap(recording) : recording,
    notify: async (note) => {
      notes.push(note);
    },
    log: pino({ level: "debug" }, sink),
  });
  const server = createServer((req, res) => {
    if (req.method === "POST" && (req.url ?? "").split("?")[0] === SLACK_EVENTS_PATH) {
      void ingress.route(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
    ingress,
    queue,
    calls,
    outcomes,
    notes,
    logs,
    async recorded(requestId) {
      const job = await queue.getJob(slackIntakeJobId(requestId));
      return job?.data as SlackIntakeJob | undefined;
    },
    async jobCount() {
      const counts = await queue.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async close() {
      await ingress.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
