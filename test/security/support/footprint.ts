import { Queue } from "bullmq";
import { QUEUE_NAMES } from "../../../src/queue/queue-names.ts";
import type { FakeSlack } from "../../support/fake-slack.ts";
import type { Running } from "../../support/harness.ts";

/** What requests left behind in a running Shipmate between a mark and now. */
export interface Footprint {
  /** Ids of jobs added to the intake queue, even ones since finished and removed. */
  jobsAdded: string[];
  /** Jobs the intake queue holds now, in any state. */
  intakeJobs: number;
  /** `METHOD path` of each call to the fake GitHub. */
  githubCalls: string[];
  /** Web API methods (or `response_url`) called on the fake Slack. */
  slackCalls: string[];
  /** Log lines that say a request was taken in. */
  acceptedLines: string[];
}

/** Where each record stood when {@link FootprintWatch.mark} was called. */
export interface Mark {
  /** The intake event stream's last entry, exclusive (`(id`), or its start. */
  streamStart: string;
  githubCalls: number;
  slackCalls: number;
  logLines: number;
}

// The GitHub route's and the Slack handler's own lines for a request they took in; every audit line
// (a command answered, a job ended) can only follow one.
const ACCEPTED_MESSAGES = new Set([
  "webhook delivery recorded",
  "slack request recorded",
  "slack request answered without a job",
  "audit",
]);

/**
 * Watches a Shipmate started with `logLines` for any trace of a request having been accepted. Every
 * piece of work starts as an intake job; they are read from the queue's BullMQ event stream, which
 * keeps an `added` entry after the job itself is gone.
 */
export class FootprintWatch {
  readonly #app: Running;
  readonly #logLines: readonly string[];
  readonly #slack: FakeSlack | undefined;
  readonly #intake: Queue;

  constructor(app: Running, logLines: readonly string[], slack?: FakeSlack) {
    this.#app = app;
    this.#logLines = logLines;
    this.#slack = slack;
    this.#intake = new Queue(QUEUE_NAMES.intake, { connection: app.redis, prefix: app.prefix });
  }

  async mark(): Promise<Mark> {
    const [last] = await this.#app.redis.xrevrange(this.#eventsKey, "+", "-", "COUNT", 1);
    return {
      streamStart: last ? `(${last[0]}` : "-",
      githubCalls: this.#app.github.calls.length,
      slackCalls: this.#slack?.calls.length ?? 0,
      logLines: this.#logLines.length,
    };
  }

  async since(mark: Mark): Promise<Footprint> {
    const jobsAdded: string[] = [];
    for (const [, fields] of await this.#app.redis.xrange(this.#eventsKey, mark.streamStart, "+")) {
      const event = fieldsOf(fields);
      if (event.event === "added" && event.jobId !== undefined) jobsAdded.push(event.jobId);
    }
    const counts = await this.#intake.getJobCounts();
    return {
      jobsAdded,
      intakeJobs: Object.values(counts).reduce((sum, n) => sum + n, 0),
      githubCalls: this.#app.github.calls.slice(mark.githubCalls).map((c) => `${c.method} ${c.path}`),
      slackCalls: (this.#slack?.calls ?? []).slice(mark.slackCalls).map((c) => c.method),
      acceptedLines: acceptedLines(this.#logLines.slice(mark.logLines)),
    };
  }

  close(): Promise<void> {
    return this.#intake.close();
  }

  get #eventsKey(): string {
    return `${this.#app.prefix}:${QUEUE_NAMES.intake}:events`;
  }
}

/** The lines among `lines` (pino JSON) whose message says a request was taken in. */
export function acceptedLines(lines: readonly string[]): string[] {
  return lines.filter((line) => ACCEPTED_MESSAGES.has(messageOf(line)));
}

/** The `msg` of a pino JSON line; lines that are not JSON have none. */
export function messageOf(line: string): string {
  try {
    const msg = (JSON.parse(line) as { msg?: unknown }).msg;
    return typeof msg === "string" ? msg : "";
  } catch {
    return "";
  }
}

function fieldsOf(flat: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
  return fields;
}
