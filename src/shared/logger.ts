import { type DestinationStream, type Logger, pino } from "pino";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type { Logger };

/** JSON logs on stdout (or `destination`); secrets never appear in them whatever a caller passes. */
export function createLogger(
  level: LogLevel,
  secrets: readonly string[],
  destination?: DestinationStream,
): Logger {
  const masked = secrets.filter((s) => s.length >= 6);
  const options = {
    level,
    base: { name: "shipmate" },
    redact: {
      paths: ["token", "*.token", "headers.authorization", "*.headers.authorization", "privateKey", "secret"],
      censor: "***",
    },
    hooks: {
      streamWrite(line: string): string {
        let out = line;
        for (const secret of masked) {
          if (out.includes(secret)) out = out.split(secret).join("***");
          const escaped = JSON.stringify(secret).slice(1, -1);
          if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join("***");
        }
        return out;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
