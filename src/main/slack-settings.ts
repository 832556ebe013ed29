import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { Login, SlackUserId } from "../config/config-fields.schema.ts";
import { DEFAULT_SLACK_API_URL } from "../slack/create-slack-client.ts";

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** Web API base URL, ending in `/`: Slack's, or a fake one in tests. */
  apiUrl: string;
  /** Set: Slack events come over Socket Mode instead of `POST /slack/events`. */
  appToken: string | undefined;
  usersFile: string | undefined;
  /** Slack user id → GitHub login, from SLACK_USERS_FILE (a repository's `slack.users` comes first). */
  users: Readonly<Record<string, string>>;
  /** SLACK_CHANNEL_REPOS: channel id or `#name` → `owner/repo`, the repository a command there names by default. */
  channelRepos: Readonly<Record<string, string>>;
}

export type SlackSettingsResult =
  | { kind: "off" }
  | { kind: "on"; settings: SlackSettings }
  | { kind: "error"; message: string };

const usersFileSchema = z.union([
  z.record(SlackUserId, Login),
  // The same shape as `slack:` in .github/shipmate.yml, so one block can be copied between them.
  z.object({ users: z.record(SlackUserId, Login) }).transform((file) => file.users),
]);

/** Reads the SLACK_* variables: Slack is off when neither the bot token nor the signing secret is set. */
export function readSlackSettings(env: NodeJS.ProcessEnv): SlackSettingsResult {
  // `SLACK_BOT_TOKEN=` in a .env file means "not set"; stray spaces and newlines would break the HMAC.
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const botToken = get("SLACK_BOT_TOKEN");
  const signingSecret = get("SLACK_SIGNING_SECRET");
  const appToken = get("SLACK_APP_TOKEN");
  const usersFile = get("SLACK_USERS_FILE");
  if (!botToken && !signingSecret) {
    const stray = appToken ? "SLACK_APP_TOKEN" : usersFile ? "SLACK_USERS_FILE" : undefined;
    if (stray)
      return error(`${stray} is set but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not: set both.`);
    return { kind: "off" };
  }
  if (!botToken) return error("SLACK_BOT_TOKEN is not set: give the Slack app's bot token (xoxb-…).");
  if (!signingSecret) {
    return error(
      "SLACK_SIGNING_SECRET is not set: give the signing secret from the Slack app's Basic Information.",
    );
  }
  const tokenProblem = checkToken("SLACK_BOT_TOKEN", botToken, "xoxb-");
  if (tokenProblem) return error(tokenProblem);
  if (appToken) {
    const appProblem = checkToken("SLACK_APP_TOKEN", appToken, "xapp-");
    if (appProblem) return error(appProblem);
  }
  const apiUrl = readApiUrl(get("SLACK_API_URL"));
  if (apiUrl.kind === "error") return apiUrl;
  const users = usersFile ? readUsersFile(usersFile) : { kind: "ok" as const, users: {} };
  if (users.kind === "error") return users;
  const channelRepos = readChannelRepos(get("SLACK_CHANNEL_REPOS"));
  if (channelRepos.kind === "error") return channelRepos;
  return {
    kind: "on",
    settings: {
      botToken,
      signingSecret,
      apiUrl: apiUrl.url,
      appToken,
      usersFile,
      users: users.users,
      channelRepos: channelRepos.map,
    },
  };
}

/** The Slack values that must never appear in a log line, report or task output. */
export function slackSecrets(settings: SlackSettings): string[] {
  return [settings.botToken, settings.signingSecret, settings.appToken ?? ""].filter((s) => s !== "");
}

function error(message: string): { kind: "error"; message: string } {
  return { kind: "error", message };
}

// Slack shows three look-alike credentials on its settings pages; the prefix says which one was pasted.
const TOKEN_KINDS: Record<string, string> = {
  "xoxb-": "a bot token",
  "xapp-": "an app-level token (it goes in SLACK_APP_TOKEN)",
  "xoxp-": "a user token",
};

function checkToken(name: string, value: string, prefix: string): string | undefined {
  if (value.startsWith(prefix)) return undefined;
  const kind = Object.entries(TOKEN_KINDS).find(([p]) => value.startsWith(p))?.[1];
  return `${name}: expected a token starting with ${prefix}${kind ? `, got ${kind}` : ""}.`;
}

function readApiUrl(
  given: string | undefined,
): { kind: "ok"; url: string } | { kind: "error"; message: string } {
  if (!given) return { kind: "ok", url: DEFAULT_SLACK_API_URL };
  const url = URL.parse(given);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    return error("SLACK_API_URL: expected an http:// or https:// URL such as https://slack.com/api/.");
  }
  if (url.search || url.hash) return error("SLACK_API_URL: must not have a query or a fragment.");
  // The Web API client appends method names (`chat.postMessage`) to the base as it is.
  return { kind: "ok", url: url.href.endsWith("/") ? url.href : `${url.href}/` };
}

function readUsersFile(
  path: string,
): { kind: "ok"; users: Record<string, string> } | { kind: "error"; message: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "unreadable";
    return error(`SLACK_USERS_FILE: cannot read ${path} (${code}).`);
  }
  let data: unknown;
  try {
    // YAML 1.2 reads JSON as well.
    data = parseYaml(text);
  } catch (cause) {
    const reason = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : "";
    return error(`SLACK_USERS_FILE: ${path} is not YAML or JSON (${reason}).`);
  }
  // An empty file maps nobody.
  if (data === null || data === undefined) return { kind: "ok", users: {} };
  const parsed = usersFileSchema.safeParse(data);
  if (parsed.success) return { kind: "ok", users: parsed.data };
  return error(`SLACK_USERS_FILE: ${path}: ${describeIssue(data, parsed.error)}`);
}

/** One line about the first wrong entry: a union's own message only says "invalid input". */
function describeIssue(data: unknown, union: z.ZodError): string {
  const map = typeof data === "object" && data !== null && "users" in data ? data.users : data;
  const direct = z.record(SlackUserId, Login).safeParse(map);
  const issue = (direct.success ? undefined : direct.error.issues[0]) ?? union.issues[0];
  if (!issue) return "invalid.";
  if (issue.path.length === 0) {
    return "expected a mapping of Slack user ids to GitHub logins, like `U024BE7LH: alice`.";
  }
  const key = String(issue.path[0]);
  if (issue.code === "invalid_key")
    return `\`${key}\`: ${issue.issues[0]?.message ?? "not a Slack user id"}.`;
  return `\`${key}\`: ${issue.message}.`;
}

const CHANNEL = /^(?:#[^\s#,=]{1,80}|[CG][A-Z0-9]{2,})$/;
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

/** `C024BE91L=acme/shop,#deploys=acme/web`: each channel's default repository. */
function readChannelRepos(
  given: string | undefined,
): { kind: "ok"; map: Record<string, string> } | { kind: "error"; message: string } {
  const map: Record<string, string> = {};
  for (const entry of (given ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "")) {
    const [channel = "", repository = ""] = entry.split("=").map((part) => part.trim());
    if (!CHANNEL.test(channel) || !REPOSITORY.test(repository)) {
      return error(
        `SLACK_CHANNEL_REPOS: \`${entry}\` should be <channel id or #name>=<owner/repo>, as in C024BE91L=acme/shop.`,
      );
    }
    map[channel] = repository;
  }
  return { kind: "ok", map };
}
