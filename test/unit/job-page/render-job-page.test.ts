import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JOB_PAGE_STYLE_HASH, renderJobPage } from "../../../src/web/render-job-page.ts";
import { jobView } from "../../support/job-view-fixture.ts";

const NOW = 100_000;

describe("renderJobPage", () => {
  test("headline, facts and the log, with nothing a page could run", () => {
    const view = jobView({
      state: "failed",
      exitCode: 3,
      environment: "<b>prod</b>",
      environmentUrl: "javascript:alert(1)",
      actor: '"><img src=x onerror=alert(1)>',
      params: { tag: "</pre><script>x()</script>" },
      problem: "It broke <here>.\nFix it.",
    });
    const html = renderJobPage(view, { text: "\u001b[31mred\u001b[0m <tag>\n", droppedBytes: 0 }, NOW);
    expect(html).toContain("<h1>Deploy of acme/web@abc1234 · &lt;b&gt;prod&lt;/b&gt;: failed</h1>");
    expect(html).toContain('<p class="problem">It broke &lt;here&gt;.<br>Fix it.</p>');
    expect(html).toContain("<tr><th>Environment</th><td>&lt;b&gt;prod&lt;/b&gt;</td></tr>");
    expect(html).toContain(
      "<tr><th>Requested by</th><td>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td></tr>",
    );
    expect(html).toContain("<code>tag=&lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;</code>");
    expect(html).toContain("<tr><th>Exit code</th><td>3</td></tr>");
    expect(html).toContain("<pre>red &lt;tag&gt;</pre>");
    expect(html).not.toMatch(/<script|<img|javascript:/);
    expect(html).not.toContain("\u001b");
  });

  test("the inline style is the one the CSP hash allows", () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(renderJobPage(jobView(), undefined, NOW))?.[1] ?? "";
    expect(`sha256-${createHash("sha256").update(style).digest("base64")}`).toBe(JOB_PAGE_STYLE_HASH);
  });

  test("a log cut at the cap says so", () => {
    const html = renderJobPage(jobView(), { text: "end\n", droppedBytes: 123_456 }, NOW);
    expect(html).toContain(
      "Only the last 1 MiB of a log is kept: the first 123,456 bytes of this one were dropped.",
    );
  });

  test("without a kept log, the tail kept with the job is shown and called what it is", () => {
    const html = renderJobPage(jobView({ output: "tail line\n" }), undefined, NOW);
    expect(html).toContain("The full log is not kept (logs are kept 7 days)");
    expect(html).toContain("<pre>tail line</pre>");
  });

  test.each([
    ["succeeded", "This job wrote no output."],
    ["queued", "No output yet."],
  ] as const)("a %s job without output: %s", (state, sentence) => {
    expect(renderJobPage(jobView({ state }), undefined, NOW)).toContain(sentence);
  });

  test("a running job's page reloads itself and says how long it has run; a finished one does not", () => {
    const running = renderJobPage(
      jobView({ state: "running", startedAt: 40_000, finishedAt: undefined }),
      undefined,
      NOW,
    );
    expect(running).toContain('<meta http-equiv="refresh" content="10">');
    expect(running).toContain("<tr><th>Running for</th><td>1m 00s</td></tr>");
    expect(renderJobPage(jobView(), undefined, NOW)).not.toContain("refresh");
  });

  test("a succeeded job shows no problem, and times say how long it waited and ran", () => {
    const html = renderJobPage(jobView({ problem: "old note" }), undefined, NOW);
    expect(html).not.toContain("old note");
    expect(html).toMatch(/<th>Started<\/th><td>1970-01-01 00:00 UTC \(waited 1s\)/);
    expect(html).toMatch(/<th>Finished<\/th><td>1970-01-01 00:01 UTC \(ran 1m 05s\)/);
  });
});
