import { describe, expect, test } from "vitest";
import { runMirrors } from "../../../src/reporting/process-report.ts";
import { SlackApiError } from "../../../src/slack/slack-api-error.ts";

// GitHub's errors as Octokit shapes them: a status, and headers on the response.
const githubOutage = Object.assign(new Error("GitHub 502"), { status: 502 });
const githubGone = Object.assign(new Error("Not Found"), { status: 404 });
const slackRateLimited = new SlackApiError({
  method: "chat.update",
  code: "ratelimited",
  status: 429,
  retryAfter: "3",
});
const slackChannelGone = new SlackApiError({
  method: "chat.postMessage",
  code: "channel_not_found",
  status: 400,
});

function mirror(log: string[], name: string, error?: unknown): () => Promise<void> {
  return async () => {
    await new Promise((r) => setTimeout(r, 1));
    log.push(name);
    if (error !== undefined) throw error;
  };
}

describe("runMirrors: GitHub and Slack apart", () => {
  test("both succeed: nothing thrown", async () => {
    const log: string[] = [];
    await runMirrors([mirror(log, "github"), mirror(log, "slack")]);
    expect(log.sort()).toEqual(["github", "slack"]);
  });

  test.each([
    {
      name: "Slack failing does not stop GitHub",
      github: undefined,
      slack: slackRateLimited,
      thrown: slackRateLimited,
    },
    {
      name: "GitHub failing does not stop Slack",
      github: githubOutage,
      slack: undefined,
      thrown: githubOutage,
    },
    {
      name: "both failing: the first retryable error",
      github: githubOutage,
      slack: slackRateLimited,
      thrown: githubOutage,
    },
    {
      name: "a Slack channel gone for good does not hide a GitHub outage",
      github: githubOutage,
      slack: slackChannelGone,
      thrown: githubOutage,
    },
    {
      name: "a GitHub 404 does not hide a Slack rate limit",
      github: githubGone,
      slack: slackRateLimited,
      thrown: slackRateLimited,
    },
    {
      name: "neither worth retrying: the first",
      github: githubGone,
      slack: slackChannelGone,
      thrown: githubGone,
    },
  ])("$name", async ({ github, slack, thrown }) => {
    const log: string[] = [];
    await expect(runMirrors([mirror(log, "github", github), mirror(log, "slack", slack)])).rejects.toBe(
      thrown,
    );
    expect(log.sort()).toEqual(["github", "slack"]);
  });

  test("a mirror that throws before it awaits is still caught, and the other still runs", async () => {
    const log: string[] = [];
    const broken = (() => {
      throw githubOutage;
    }) as unknown as () => Promise<void>;
    await expect(runMirrors([broken, mirror(log, "slack")])).rejects.toBe(githubOutage);
    expect(log).toEqual(["slack"]);
  });
});
