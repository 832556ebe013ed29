import { type DestinationStream, type Logger, pino } from "pino";
import { createSecretMasker } from "./secret-masker.ts";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type { Logger };

/** JSON logs on stdout (or `destination`); secrets never appear in them whatever a caller passes. */
export function createLogger(
  level: LogLevel,
  secrets: readonly string[],
  destination?: DestinationStream,
): Logger {
  // The same masker as task output: raw, JSON-escaped, base64 and URL-encoded forms alike.
  const masker = createSecretMasker(secrets, { json: true });
  const options = {
    level,
    base: { name: "shipmate" },
    redact: {
      paths: ["token", "*.token", "headers.authorization", "*.headers.authorization", "privateKey", "secret"],
      censor: "***",
    },
    hooks: {
      streamWrite: masker.mask,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
