import { hkdfSync } from "node:crypto";
import { z } from "zod";
import { parseDuration } from "../config/duration.ts";

/** Who may open every job page and the queue dashboard with HTTP basic auth. */
export interface OperatorLogin {
  user: string;
  password: string;
}

export interface WebSettings {
  /** Where people reach this server, without a trailing `/`; job links are only written when it is set. */
  publicUrl: string | undefined;
  /** The HMAC key of job links: JOB_LINK_SECRET, or a key derived from the webhook secret. */
  jobLinkKey: Buffer;
  /** How long a job link works after it is written. */
  jobLinkTtlMs: number;
  /** Set (with OPERATOR_PASSWORD): operators may sign in, and `/admin/queues` is served. */
  operator: OperatorLogin | undefined;
}

export type WebSettingsResult = { kind: "ok"; settings: WebSettings } | { kind: "error"; message: string };

const DEFAULT_LINK_TTL = "7d";
const MIN_LINK_TTL_MS = 60_000;
const MAX_LINK_TTL_MS = 365 * 86_400_000;
// A label of its own, so the derived key is not the webhook secret and serves nothing else.
const DERIVED_KEY_INFO = "shipmate job links v1";

const envSchema = z.object({
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://shipmate.example.com" })
    .optional(),
  JOB_LINK_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -hex 32)").optional(),
  JOB_LINK_TTL: z.string().default(DEFAULT_LINK_TTL),
  OPERATOR_USER: z
    .string()
    .regex(/^[^:\s]+$/, "must be one word without `:`")
    .default("operator"),
  OPERATOR_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
});

/** Reads PUBLIC_URL, JOB_LINK_SECRET, JOB_LINK_TTL and OPERATOR_USER/OPERATOR_PASSWORD. */
export function readWebSettings(env: NodeJS.ProcessEnv, webhookSecret: string): WebSettingsResult {
  // `PUBLIC_URL=` in a .env file means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "error", message: `${issue?.path.join(".") ?? "environment"}: ${issue?.message}` };
  }
  const e = parsed.data;
  const ttl = parseDuration(e.JOB_LINK_TTL);
  if (ttl === undefined || ttl < MIN_LINK_TTL_MS || ttl > MAX_LINK_TTL_MS) {
    return { kind: "error", message: "JOB_LINK_TTL: must be a duration from 1m to 365d, such as 7d or 12h." };
  }
  if (given.OPERATOR_USER !== undefined && e.OPERATOR_PASSWORD === undefined) {
    return { kind: "error", message: "OPERATOR_USER is set but OPERATOR_PASSWORD is not: set both." };
  }
  return {
    kind: "ok",
    settings: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
      jobLinkKey: e.JOB_LINK_SECRET
        ? Buffer.from(e.JOB_LINK_SECRET, "utf8")
        : Buffer.from(hkdfSync("sha256", webhookSecret, "", DERIVED_KEY_INFO, 32)),
      jobLinkTtlMs: ttl,
      operator:
        e.OPERATOR_PASSWORD === undefined
          ? undefined
          : { user: e.OPERATOR_USER, password: e.OPERATOR_PASSWORD },
    },
  };
}

/** The web values masked in every log line, report and task output. */
export function webSecrets(env: NodeJS.ProcessEnv): string[] {
  return [env.JOB_LINK_SECRET, env.OPERATOR_PASSWORD].flatMap((value) => (value ? [value] : []));
}
