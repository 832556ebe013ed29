import { describe, expect, test } from "vitest";
import { renderActionReply } from "../../../src/reporting/render/action-reply.ts";
import { renderHelp } from "../../../src/reporting/render/help.ts";
import { renderHolds } from "../../../src/reporting/render/holds.ts";
import { escapeMarkdown, escapeSentence, inlineCode } from "../../../src/reporting/render/markdown.ts";
import { renderRefusal } from "../../../src/reporting/render/refusal.ts";
import { renderConfigProblems } from "../../../src/reporting/render/reply.ts";
import { renderRepositoryStatus } from "../../../src/reporting/render/repository-status.ts";
import { slackMrkdwn } from "../../../src/reporting/render/slack/slack-mrkdwn.ts";
import { holdView, jobSummary } from "../../support/job-view-fixture.ts";
import { HOSTILE } from "../reporting/hostile.ts";
import { slackProblems } from "./slack-inert.ts";

describe("slackMrkdwn: GitHub Markdown → Slack mrkdwn", () => {
  test.each([
    { name: "bold", markdown: "a **b** c", expected: "a *b* c" },
    {
      name: "a link",
      markdown: "[View](https://github.com/acme/web/pull/1)",
      expected: "<https://github.com/acme/web/pull/1|View>",
    },
    {
      name: "a link with code in its label",
      markdown: "[`abc`](https://x.example/c)",
      expected: "<https://x.example/c|`abc`>",
    },
    {
      name: "a javascript link keeps only its label",
      markdown: "[click](javascript:alert)",
      expected: "click",
    },
    { name: "not a link at all", markdown: "[click](a b)", expected: "[click](a b)" },
    { name: "inline code", markdown: "run `/deploy staging` now", expected: "run `/deploy staging` now" },
    { name: "a longer code fence", markdown: "``a`b``", expected: "`aˋb`" },
    { name: "padded code", markdown: "`` `x` ``", expected: "`ˋxˋ`" },
    { name: "an unclosed backtick", markdown: "a ` b", expected: "a ` b" },
    { name: "code keeps its specials escaped", markdown: "`a <b> & c`", expected: "`a &lt;b&gt; &amp; c`" },
    { name: "backslash escapes", markdown: "a\\_b\\*c \\[x\\] \\<y\\>", expected: "a_b*c [x] &lt;y&gt;" },
    { name: "a heading", markdown: "## Locked **now**", expected: "*Locked now*" },
    { name: "a bullet", markdown: "- one\n  - two", expected: "• one\n  • two" },
    { name: "a numbered item", markdown: "  1. first", expected: "  1. first" },
    { name: "a quote", markdown: "> quoted **x**\n>\n> more", expected: "> quoted *x*\n>\n> more" },
    { name: "a hidden marker", markdown: "<!-- shipmate:job:x -->\nHello", expected: "Hello" },
    {
      name: "details",
      markdown: "<details><summary>Output (last 2 lines)</summary>\n\n```\na\nb\n```\n\n</details>",
      expected: "*Output (last 2 lines)*\n\n```\na\nb\n```",
    },
    {
      name: "a code block keeps lines as they are",
      markdown: "````sh\n*x* <y>\n```\n````",
      expected: "```\n*x* &lt;y&gt;\n`\u200b`\u200b`\n```",
    },
    { name: "an unclosed code block is closed", markdown: "```\nabc", expected: "```\nabc\n```" },
    {
      name: "a table",
      markdown: "| Env | Who |\n| --- | --- |\n| `a\\|b` | x \\| y |\n| c |  |",
      expected: "*Env* · *Who*\n• `a|b` · x | y\n• c",
    },
    { name: "blank lines collapse", markdown: "a\n\n\n\nb\n\n", expected: "a\n\nb" },
    {
      // Slack pings only `<@U…>`: a bare `@` is text there, and needs no guard.
      name: "mentions stay text, without GitHub's guard",
      markdown: "by @alice for @\u200dacme/team",
      expected: "by @alice for @acme/team",
    },
    {
      name: "a code span copies as typed",
      markdown: "try `/shipmate deploy owner/repo@main to staging` or `@\u200dx`",
      expected: "try `/shipmate deploy owner/repo@main to staging` or `@x`",
    },
    {
      name: "Slack's own syntax is escaped",
      markdown: "<!here> <@U123> <#C1|x> a & b",
      expected: "&lt;!here&gt; &lt;@U123&gt; &lt;#C1|x&gt; a &amp; b",
    },
    {
      name: "Slack's own syntax in code is escaped",
      markdown: "`<!channel> <@U123> <#C1>`",
      expected: "`&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt;`",
    },
  ])("$name", ({ markdown, expected }) => {
    expect(slackMrkdwn(markdown)).toBe(expected);
  });

  test("a long reply is cut, closing an open code block", () => {
    const text = slackMrkdwn(`intro\n\`\`\`\n${"line\n".repeat(5_000)}\`\`\``, 1_000);
    expect(text.length).toBeLessThanOrEqual(1_000);
    expect(text.endsWith("…\n```")).toBe(true);
  });

  test("a cut never leaves half an entity or half a link", () => {
    for (let max = 20; max < 60; max++) {
      const text = slackMrkdwn(
        `${"&".repeat(10)} [link](https://github.com/acme/web/pull/1) ${"<".repeat(10)}`,
        max,
      );
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text).not.toMatch(/&[a-z]*…|<[^>]*$/);
    }
  });
});

describe("slackMrkdwn on what Shipmate's replies hold", () => {
  test("the /help table reads as lines", () => {
    const help = renderHelp({
      environments: [
        { name: "staging", url: "https://s.example", gated: false, hasDeploy: true, requirement: "write" },
        {
          name: "production",
          url: undefined,
          gated: true,
          hasDeploy: true,
          requirement: "maintain · 1 approval",
        },
      ],
      defaultEnvironment: "staging",
      usage: { deploy: "`/deploy [env]` deploys this pull request", lock: "/lock <env> [reason]" },
    });
    expect(slackMrkdwn(help)).toBe(
      [
        "*Shipmate commands*",
        "",
        "• `/deploy [env]` deploys this pull request",
        "• `/lock &lt;env&gt; [reason]`",
        "",
        "*Environments*",
        "",
        "*Environment* · *URL* · *Who can deploy*",
        "• `staging` *default* · <https://s.example/|https://s.example> · write",
        "• `production` 🔒 · maintain · 1 approval",
        "",
        "🔒 has `require` gates, so Shipmate deploys there only when it is named, never by default.",
      ].join("\n"),
    );
  });

  test("a refusal keeps its code and bold", () => {
    const refusal = renderRefusal({
      command: "/deploy production",
      reasons: [
        { code: "permission", message: "You need `maintain` on **acme/web**.", fix: "Ask an admin." },
      ],
    });
    expect(slackMrkdwn(refusal)).toBe(
      "🚫 Shipmate did not run `/deploy production`:\n\n• You need `maintain` on *acme/web*.\n*To allow it:* Ask an admin.",
    );
  });

  test("a config problem links its line", () => {
    const reply = renderConfigProblems(
      [{ path: "environments.x", line: 3, column: 2, message: "is not `valid`" }],
      ".github/shipmate.yml",
      "https://github.com/acme/web/blob/main/.github/shipmate.yml",
    );
    expect(slackMrkdwn(reply)).toContain(
      "• <https://github.com/acme/web/blob/main/.github/shipmate.yml#L3|`.github/shipmate.yml` line 3>: is not `valid` (`environments.x`, column 2)",
    );
  });

  const replies: { name: string; render: (text: string) => string }[] = [
    { name: "an escaped sentence", render: (text) => escapeSentence(`Locked: ${text}`) },
    { name: "escaped text", render: (text) => escapeMarkdown(text) },
    { name: "a code span", render: (text) => `Run ${inlineCode(text)}` },
    {
      name: "/locks",
      render: (text) => renderHolds([holdView({ reason: text, login: text, environment: text })], 10),
    },
    {
      name: "/status",
      render: (text) =>
        renderRepositoryStatus(
          {
            environments: [
              { name: text, running: jobSummary({ id: text, actor: text }), waiting: [], hold: undefined },
            ],
            awaitingApproval: [],
          },
          10,
        ),
    },
    {
      name: "/reject",
      render: (text) => renderActionReply({ kind: "rejected", job: jobSummary({ id: text }), reason: text }),
    },
  ];
  const hostile = [
    ...HOSTILE,
    { name: "Slack mentions", text: "<!channel> <!here|here> <@U123ABC> <#C1|general> @here @channel" },
    { name: "a Slack link", text: "<https://evil.example|click me>" },
    { name: "entities", text: "&amp; &lt;b&gt; & <" },
  ];
  describe.each(replies)("$name", ({ render }) => {
    test.each(hostile)("with $name stays inert", ({ text }) => {
      const mrkdwn = slackMrkdwn(render(text));
      expect(slackProblems(mrkdwn)).toEqual([]);
    });
  });
});
