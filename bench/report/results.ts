import type { BotProcessMemory } from "../phases/bot-process-memory.ts";
import type { DeployCalls } from "../phases/calls-per-deploy.ts";
import type { CommentLatency } from "../phases/comment-latency.ts";
import type { FloorLevel } from "../phases/floor.ts";
import type { IngestLevel } from "../phases/ingest.ts";
import type { LineFigures } from "../phases/line-figures.ts";
import type { Settled } from "../phases/settle.ts";
import type { SlackAckLevel } from "../phases/slack-acks.ts";
import type { BenchConfig } from "../support/bench-config.ts";
import type { Machine } from "../support/machine.ts";
import type { MemorySample } from "../support/memory.ts";
import type { RawAddLevel } from "../support/raw-adds.ts";

/** Everything one run measured, for the summary tables. */
export interface BenchResults {
  machine: Machine;
  config: BenchConfig;
  idle: MemorySample;
  afterLoad: MemorySample | undefined;
  atEnd: MemorySample | undefined;
  raw: RawAddLevel[];
  /** The same load against servers that do the least a webhook server can. */
  floor: FloorLevel[];
  ingest: IngestLevel[];
  settled: Settled | undefined;
  deployCalls: DeployCalls[];
  latency: CommentLatency | undefined;
  /** Signed slash commands at each concurrency: time to Slack's ack. */
  slack: SlackAckLevel[];
  /** The bot started as `npm start` starts it, alone in its process: idle, then after BENCH_JOBS jobs. */
  bot: BotProcessMemory | undefined;
  /** Hand-over, cancel and place-in-line figures for one environment's line. */
  line: LineFigures | undefined;
}
