import { describe, expect, test } from "vitest";
import { renderSlackDetails } from "../../../src/reporting/render/slack/render-slack-details.ts";
import { renderSlackJob } from "../../../src/reporting/render/slack/render-slack-job.ts";
import { renderStatusComment } from "../../../src/reporting/render/status-comment.ts";
import { messageText } from "../../support/fake-slack.ts";
import { jobView } from "../../support/job-view-fixture.ts";

const URL = "https://ship.example/jobs/job-1?exp=1800000000&sig=ab12";
const LONG = Array.from({ length: 300 }, (_, i) => `line ${i}`).join("\n");
const SHORT = "one\ntwo\n";
const DROPPED = "[shipmate: 5000 bytes of earlier output dropped]\nlast\n";

describe("the status comment's Full log link", () => {
  test.each([
    ["output cut to its last lines, with a link", LONG, URL, true],
    ["output the worker already cut, with a link", DROPPED, URL, true],
    ["output shown whole, with a link", SHORT, URL, false],
    ["output cut, without PUBLIC_URL", LONG, undefined, false],
    ["output cut, with an unsafe link", LONG, "javascript:alert(1)", false],
  ] as const)("%s → %s", (_name, output, url, shown) => {
    const body = renderStatusComment(jobView({ state: "failed", output }), 0, url);
    expect(body.includes(`[Full log](${URL})`)).toBe(shown);
    expect(body).not.toContain("javascript:");
    if (shown) expect(body.trimEnd().endsWith(`</details>\n\n[Full log](${URL})`)).toBe(true);
  });
});

describe("Slack's links to the full log", () => {
  test("a failed job's thread reply links to it when lines were left out", () => {
    const details = renderSlackDetails(jobView({ state: "failed", output: LONG }), URL);
    expect(details?.text).toMatch(
      /\(100 earlier not shown\) · <https:\/\/ship\.example\/jobs\/job-1\?exp=1800000000&sig=ab12\|Full log>$/,
    );
    expect(renderSlackDetails(jobView({ state: "failed", output: SHORT }), URL)?.text).not.toContain(
      "Full log",
    );
    expect(renderSlackDetails(jobView({ state: "failed", output: DROPPED }), URL)?.text).toContain(
      "|Full log>",
    );
    expect(renderSlackDetails(jobView({ state: "failed", output: LONG }))?.text).not.toContain("Full log");
  });

  test("the live message's note on left-out lines links to it instead of the pull request", () => {
    const withLink = messageText(renderSlackJob(jobView({ output: LONG }), 0, URL));
    expect(withLink).toContain(`… 280 earlier lines not shown: <${URL}|full log>`);
    const without = messageText(renderSlackJob(jobView({ output: LONG }), 0));
    expect(without).toContain(
      "… 280 earlier lines not shown; more on <https://github.com/acme/web/pull/42|the pull request>",
    );
  });
});
