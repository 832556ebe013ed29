import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../shared/logger.ts";

/**
 * Bolt's and Socket Mode's log lines into Shipmate's log. Their debug lines are dropped: they print
 * whole request bodies and WebSocket frames, which carry Slack's verification token and people's text.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "slack" });
  const line = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(" ");
  return {
    debug: () => {},
    info: (...parts: unknown[]) => child.info(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
