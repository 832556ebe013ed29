import { z } from "zod";
import { parseDuration } from "./duration.ts";

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TEAM_PATTERN = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const NAME_RULE = "1 to 63 letters, digits, `.`, `_` or `-`, starting with a letter or digit";

/** An environment's name, as typed in `/deploy <env>`. */
export const EnvironmentName = z.string().regex(NAME_PATTERN, `environment names are ${NAME_RULE}`);

/** A check's name, shown as its check run. */
export const CheckName = z.string().regex(NAME_PATTERN, `check names are ${NAME_RULE}`);

/** A check run's name or a commit status's context, as another app reports it: any one line up to 100 characters. */
export const RequiredCheckName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^\r\n]*$/, "expected a check name on one line")
  // An empty name already has its own problem; a blank one is a name nobody could have meant.
  .refine((value) => value === "" || value.trim() !== "", "must not be blank");

/** A GitHub user login. */
export const Login = z.string().regex(LOGIN_PATTERN, "expected a GitHub login (letters, digits and `-`)");

/** A GitHub login or an `@org/team-slug`. */
export const LoginOrTeam = z
  .string()
  .refine(
    (value) => LOGIN_PATTERN.test(value) || TEAM_PATTERN.test(value),
    "expected a GitHub login or `@org/team-slug`",
  );

/** A git branch name. */
export const BranchName = z
  .string()
  .regex(/^[^\s~^:?*[\\]+$/, "expected a branch name (no spaces or any of ~ ^ : ? * [ \\)")
  .refine((value) => !value.startsWith("-") && !value.includes(".."), "expected a branch name");

/** An absolute http(s) URL. */
export const HttpUrl = z.string().refine(isHttpUrl, "expected an http:// or https:// URL");

/** A Slack user id (`U…`, or `W…` on Enterprise Grid). */
export const SlackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/, "expected a Slack user id like `U024BE7LH`");

/** A Slack channel: `#name` or a channel id. */
export const SlackChannel = z
  .string()
  .regex(/^(?:#[^\s#]{1,80}|[CG][A-Z0-9]{2,})$/, "expected `#channel-name` or a channel id like `C024BE91L`");

/** A path inside the workspace: relative, and unable to climb out of it. */
export const RelativePath = z
  .string()
  .min(1)
  .refine(isContainedPath, "expected a relative path inside the repository (not absolute, no `..`)");

/** A task's `timeout`: 1s to 24h, parsed to milliseconds. */
export const TaskTimeout = duration({ minMs: 1_000, maxMs: 24 * 3_600_000, range: "1s to 24h" });

/** An environment's `lock_ttl`: 1s to 30d, parsed to milliseconds. */
export const LockTtl = duration({ minMs: 1_000, maxMs: 30 * 86_400_000, range: "1s to 30d" });

/** An environment's `require.approval_ttl`: 1m to 7d, parsed to milliseconds. */
export const ApprovalTtl = duration({ minMs: 10_000, maxMs: 7 * 86_400_000, range: "10s to 7d" });

function duration({ minMs, maxMs, range }: { minMs: number; maxMs: number; range: string }) {
  return z
    .union([z.string(), z.number()], { error: "expected a duration like `30m`, `1h30m`, `45s` or `1d`" })
    .transform((value, ctx) => {
      const ms = parseDuration(String(value));
      if (ms === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `\`${value}\` is not a duration: use a form like \`30m\`, \`1h30m\`, \`45s\`, \`1d\` or plain seconds`,
        });
        return z.NEVER;
      }
      if (ms < minMs || ms > maxMs) {
        ctx.addIssue({
          code: "custom",
          message: `\`${value}\` is out of range: must be ${range}`,
        });
        return z.NEVER;
      }
      return ms;
    });
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}

function isContainedPath(value: string): boolean {
  if (value.startsWith("/") || value.startsWith("\\") || value.startsWith("~") || /^[A-Za-z]:/.test(value)) {
    return false;
  }
  return !value.split(/[/\\]/).includes("..") && !value.includes("\0");
}
