import type { Redis } from "ioredis";
import { NotBeforeGate } from "../shared/not-before-gate.ts";

/** The "not before" time of each Slack Web API method, shared by every worker through Redis. */
export class SlackRateGate extends NotBeforeGate {
  constructor(redis: Redis, prefix: string) {
    super(redis, `${prefix}:slack-not-before`);
  }
}
