import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slackIdBase } from "../../src/dispatch/locate-slack-request.ts";
import { commandRequestId, eventRequestId } from "../../src/ingress/slack/request-id.ts";
import { deliver, pushPayload } from "../integration/push/push-payloads.ts";
import { waitForCompleted } from "../integration/push/push-session.ts";
import { messageText } from "../support/fake-slack.ts";
import { recordFigure } from "../support/figures.ts";
import { prComment, sendWebhook } from "../support/harness.ts";
import { waitForState } from "../support/job-thread.ts";
import { eventually } from "../support/pr-thread.ts";
import {
  mentionEventRequest,
  sendSlackRequest,
  slashCommandRequest,
  TEST_BOT_USER_ID,
} from "../support/slack-request.ts";
import { type HostileString, injectionCorpus } from "./injection-corpus.ts";
import { FootprintWatch } from "./support/footprint.ts";
import { fireCorpus } from "./support/injection-arming.ts";
import {
  type Batch,
  batchText,
  expectedParams,
  expectedRef,
  headRefs,
  planBatches,
  textOf,
} from "./support/injection-batches.ts";
import { PARAM_REFUSALS, paramRefusal } from "./support/injection-fates.ts";
import { environmentParsing, paramParsing, refParsing } from "./support/injection-parsing.ts";
import { quoteArgument, slackEscape } from "./support/injection-quoting.ts";
import { type InjectionSession, isCheckoutStep, startInjectionSession } from "./support/injection-session.ts";

const ALICE = "U0ALICE01";
/** A pull request with an ordinary head, for the commands that must be refused. */
const PLAIN_PR = 7;

let canary: string;
let corpus: HostileString[];
let session: InjectionSession;
let batches: Batch[];
let title: string;
/** Every commit the repository has: the only things a checkout may fetch. */
const commits = new Set<string>();
const byId = (id: string) => textOf(corpus, id);

beforeAll(async () => {
  canary = mkdtempSync(join(tmpdir(), "inj-"));
  corpus = injectionCorpus(canary);
  batches = planBatches(corpus);
  title = `TITLE-MARK $(touch ${canary}/title) \`touch ${canary}/title-backticks\` @acme/release`;
  const heads = headRefs(corpus);
  session = await startInjectionSession((sha) => ({
    environments: Object.fromEntries(batches.map((batch) => [batch.environment, batch.form])),
    pulls: [
      { number: PLAIN_PR, headSha: sha, headRef: "feature/plain", title },
      ...batches
        .filter((batch) => batch.pullRequest !== undefined)
        .map((batch, n) => ({
          number: batch.pullRequest ?? 0,
          headSha: sha,
          headRef: heads[n % heads.length] ?? "",
          title,
        })),
    ],
    refs: batches.flatMap((batch) => (batch.ref === undefined ? [] : [batch.ref])),
  }));
  commits.add(session.sha);
});

afterAll(async () => {
  await session?.stop();
  if (canary) rmSync(canary, { recursive: true, force: true });
});

/** A PR comment as GitHub delivers it, with the hostile title on its issue; returns its id. */
async function comment(pullRequest: number, body: string): Promise<number> {
  const commentId = Math.floor(Math.random() * 1e9);
  const payload = prComment({ body, commentId, pullRequest, cloneUrl: session.repo.cloneUrl });
  (payload as unknown as { issue: { title: string } }).issue.title = title;
  expect((await sendWebhook(session.app.url, "issue_comment", payload)).status).toBe(202);
  return commentId;
}

/** Sends a comment and waits for Shipmate's one reply to it (a new comment addressed to @alice). */
async function replyTo(pullRequest: number, body: string): Promise<string> {
  const before = new Set(session.app.github.comments.keys());
  const commentId = await comment(pullRequest, body);
  const reply = await eventually(
    () =>
      [...session.app.github.comments.values()].find(
        (c) => !before.has(c.id) && c.issue === pullRequest && c.body.startsWith("@alice\n"),
      ),
    15_000,
    `the reply to comment ${commentId}`,
  );
  return reply.body;
}

/** Sends a batch from its surface; returns the id of the task job it must start. */
async function send(batch: Batch): Promise<string> {
  const text = batchText(batch);
  if (batch.surface === "comment") return `task-${await comment(batch.pullRequest ?? 0, text)}-1`;
  if (batch.surface === "mention") {
    const request = mentionEventRequest({
      text: `<@${TEST_BOT_USER_ID}> ${slackEscape(text)}`,
      userId: ALICE,
    });
    expect((await sendSlackRequest(`${session.app.url}/slack/events`, request)).status).toBe(200);
    return `task-${slackIdBase(eventRequestId(request.fields.eventId))}-1`;
  }
  const request = slashCommandRequest({
    text: slackEscape(text),
    userId: ALICE,
    responseUrl: session.slack.responseUrl(batch.environment),
  });
  expect((await sendSlackRequest(`${session.app.url}/slack/events`, request)).status).toBe(200);
  return `task-${slackIdBase(commandRequestId(request.fields.triggerId))}-1`;
}

/** `@`-mentions, links and HTML left in markdown once its code spans are taken out. */
function liveMarkup(markdown: string): string[] {
  const prose = markdown.replace(/(`+)[\s\S]*?\1/g, "");
  return [/@(?=[A-Za-z0-9])/, /\]\(/, /<img/i, /<!channel>/, /<@U/, /<https?:/, /\u202E/].flatMap(
    (pattern) => (pattern.test(prose) ? [pattern.source] : []),
  );
}

describe("the corpus", () => {
  test("every armed string creates its canary file when spliced into sh -c or git's argv", async (context) => {
    const scratch = mkdtempSync(join(tmpdir(), "inj-arm-"));
    try {
      const armingCorpus = injectionCorpus(scratch);
      const fired = fireCorpus(armingCorpus, scratch);
      expect(fired).toEqual(armingCorpus.filter((entry) => entry.armed).map((entry) => entry.id));
      expect(corpus.length).toBeGreaterThanOrEqual(50);
      recordFigure(context, "hostile strings", corpus.length);
      recordFigure(context, "of which run a command when spliced into sh -c or git argv", fired.length);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("the parsers, on every hostile string", () => {
  test("a param value reaches the command exactly, or a documented rule refuses it", (context) => {
    const report = paramParsing(corpus);
    expect(report.problems).toEqual([]);
    for (const rule of PARAM_REFUSALS)
      recordFigure(context, `refused: ${rule.rule}`, report.refusals.get(rule.rule) ?? 0);
  });

  test("a ref is taken exactly or refused naming why; none starts with - and git accepts each taken", (context) => {
    const report = refParsing(corpus);
    expect(report.problems).toEqual([]);
    recordFigure(context, "hostile refs taken literally", report.accepted.length);
    recordFigure(
      context,
      "hostile refs refused",
      [...report.refusals.values()].reduce((sum, n) => sum + n, 0),
    );
  });

  test("no hostile string becomes an environment name, and the refusal echoes it as inert code", (context) => {
    const report = environmentParsing(corpus);
    expect(report.problems).toEqual([]);
    recordFigure(
      context,
      "hostile environment names refused (PR and Slack parsers)",
      report.refusals.get("not a valid environment name") ?? 0,
    );
  });
});

describe("against a running Shipmate with real tasks", () => {
  test("params, head branches and refs reach argv and sh -c tasks byte for byte, from PR comments and Slack", async (context) => {
    const jobs = await Promise.all(batches.map(send));
    await Promise.all(jobs.map((id) => waitForState(session.app, id, "succeeded")));
    const heads = headRefs(corpus);
    const wrong: string[] = [];
    let checked = 0;
    let exact = 0;
    for (const batch of batches) {
      const saw = session.saw(batch.environment, batch.form);
      const params = expectedParams(batch);
      const ref = expectedRef(batches, batch, heads);
      if (!saw.params.equals(Buffer.from(JSON.stringify(params))))
        wrong.push(`${batch.environment} SHIPMATE_PARAMS: ${saw.params}`);
      if (!saw.ref.equals(Buffer.from(ref)))
        wrong.push(`${batch.environment} SHIPMATE_REF: ${saw.ref} instead of ${ref}`);
      if (saw.paramVariables.size !== batch.values.length)
        wrong.push(`${batch.environment}: ${saw.paramVariables.size} param variables`);
      batch.values.forEach((value, index) => {
        checked += 1;
        const got = saw.paramVariables.get(`SHIPMATE_PARAM_P${index}`);
        if (got?.equals(Buffer.from(value.text))) exact += 1;
        else
          wrong.push(
            `${batch.environment} ${batch.surface} ${batch.form} ${value.id}: ${JSON.stringify(got?.toString())}`,
          );
      });
      if (saw.names !== undefined) {
        const expected = ["ACTOR", "DRY_RUN", "ENVIRONMENT", "PARAMS", "PR", "REF", "SHA", "TASK"]
          .map((name) => `SHIPMATE_${name}`)
          .concat(batch.values.map((_, index) => `SHIPMATE_PARAM_P${index}`))
          .sort();
        if (saw.names.join() !== expected.join())
          wrong.push(`${batch.environment} names: ${saw.names.join()}`);
      }
    }
    expect(wrong).toEqual([]);
    const surfaces = new Set(batches.map((batch) => `${batch.surface}/${batch.form}`));
    expect(surfaces.size).toBe(6);
    recordFigure(context, "deploys carrying hostile input", batches.length);
    recordFigure(context, "params byte-for-byte", `${exact}/${checked}`);
  }, 60_000);

  test("push checks on hostile branch names see the branch byte for byte", async () => {
    const branches = [byId("ifs-subst"), byId("upload-pack-ifs"), byId("rtl-override")];
    const pushed = branches.map((branch, n) => ({
      branch,
      sha: session.repo.commit({ [`push-${n}`]: `${n}\n` }, `push ${n}`),
    }));
    for (const { sha } of pushed) commits.add(sha);
    for (const { branch, sha } of pushed)
      await deliver(session.app, "push", pushPayload(session.repo.cloneUrl, { branch, after: sha }));
    for (const { branch, sha } of pushed) {
      const run = await waitForCompleted(session.app, { name: "probe", sha });
      expect(run.conclusion).toBe("success");
      expect(session.checkRef(sha).equals(Buffer.from(branch))).toBe(true);
    }
  });

  test("values over a limit or split by a line break are refused with the rule's answer, and nothing is queued", async () => {
    const watch = new FootprintWatch(session.app, session.logLines, session.slack);
    try {
      const mark = await watch.mark();
      const values = [byId("over-max-length"), byId("very-long"), byId("crlf")];
      const body = values.map((value) => `/deploy b0 p0=${quoteArgument(value)}`).join("\n");
      const reply = await replyTo(PLAIN_PR, body);
      for (const value of values) {
        const rule = paramRefusal("comment", value, `/deploy b0 p0=${quoteArgument(value)}`);
        expect(reply).toMatch(new RegExp((rule?.answer.source ?? "").replace(/^\^/, "")));
      }

      const overMax = slashCommandRequest({
        text: `deploy acme/shop#${PLAIN_PR} to b0 p0=${quoteArgument(values[0] ?? "")}`,
        userId: ALICE,
        responseUrl: session.slack.responseUrl("over-max"),
      });
      await sendSlackRequest(`${session.app.url}/slack/events`, overMax);
      const [answer] = await session.slack.waitForResponse("over-max");
      expect(JSON.stringify(answer?.body)).toMatch(
        /The value of `p0` is 501 characters long; the limit is 500/,
      );
      const veryLong = slashCommandRequest({
        text: `deploy acme/shop#${PLAIN_PR} to b0 p0=${quoteArgument(values[1] ?? "")}`,
        userId: ALICE,
      });
      const ack = await sendSlackRequest(`${session.app.url}/slack/events`, veryLong);
      expect(ack.text).toMatch(/Shipmate reads commands of up to 2,000 characters/);

      const footprint = await watch.since(mark);
      expect(footprint.jobsAdded.filter((job) => job.startsWith("tasks/"))).toEqual([]);
      expect(footprint.githubCalls.filter((call) => call.endsWith("/deployments"))).toEqual([]);
    } finally {
      await watch.close();
    }
  });

  test("hostile environment names are refused, echoed only as inert code, and nothing is queued", async (context) => {
    const names = [
      "subst",
      "mentions",
      "markdown-link",
      "slack-markup",
      "homoglyph",
      "rtl-override",
      "fullwidth-dollar",
      "zero-width-joiner",
      "backticks",
      "upload-pack",
    ].map(byId);
    const watch = new FootprintWatch(session.app, session.logLines, session.slack);
    try {
      const mark = await watch.mark();
      const reply = await replyTo(PLAIN_PR, names.map((name) => `/deploy ${quoteArgument(name)}`).join("\n"));
      expect(reply.match(/is not a valid environment name/g)).toHaveLength(names.length - 1);
      expect(reply).toMatch(/Unknown flag `--upload-pack=/);
      expect(liveMarkup(reply.slice("@alice\n".length))).toEqual([]);

      const slackAnswers: string[] = [];
      for (const [n, name] of names.slice(0, 5).entries()) {
        const request = slashCommandRequest({
          text: slackEscape(`deploy acme/shop#${PLAIN_PR} ${quoteArgument(name)}`),
          userId: ALICE,
          responseUrl: session.slack.responseUrl(`environment-${n}`),
        });
        await sendSlackRequest(`${session.app.url}/slack/events`, request);
        const [answer] = await session.slack.waitForResponse(`environment-${n}`);
        slackAnswers.push(String((answer?.body as { text?: string } | undefined)?.text ?? ""));
      }
      for (const answer of slackAnswers) {
        expect(answer).toMatch(/is not a valid environment name/);
        expect(answer).not.toMatch(/<!channel>|<@U|<https?:/);
      }

      const footprint = await watch.since(mark);
      expect(footprint.jobsAdded.filter((job) => job.startsWith("tasks/"))).toEqual([]);
      recordFigure(
        context,
        "hostile environment names refused end to end",
        names.length + slackAnswers.length,
      );
    } finally {
      await watch.close();
    }
  });

  test("nothing ran that the config did not name: no canary file, git only ever ran the checkout by SHA", (context) => {
    const created = readdirSync(canary);
    expect(created).toEqual([]);
    // Four git steps per checkout, one checkout per deploy and per push check: the log saw them all.
    expect(session.gitCalls().length).toBeGreaterThanOrEqual(4 * (batches.length + 3));
    const unexpected = session
      .gitCalls()
      .filter((argv) => !isCheckoutStep(argv, session.repo.cloneUrl, commits));
    expect(unexpected).toEqual([]);
    const everywhere = [
      ...[...session.app.github.comments.values()].map((c) => c.body),
      ...session.app.github
        .checkRunsOf("acme", "shop")
        .map((run) => `${run.title} ${run.summary} ${run.text}`),
      ...session.slack.allMessages().map(messageText),
      ...session.slack.responses.map((response) => JSON.stringify(response.body)),
    ];
    // The title was there to be read: every comment's issue carries it, and so does each pull request fetched.
    expect(session.app.github.callsMatching(/^GET \/repos\/acme\/shop\/pulls\/\d+$/).length).toBeGreaterThan(
      0,
    );
    expect(everywhere.filter((text) => text.includes("TITLE-MARK"))).toEqual([]);
    recordFigure(
      context,
      "surfaces",
      "PR comment params, Slack params (slash command, mention), PR head branches, /deploy refs (PR, Slack), push branches (checks), PR titles, environment names (PR, Slack)",
    );
    recordFigure(context, "files created by hostile input", created.length);
    recordFigure(context, "git runs by the worker, all checkout steps by SHA", session.gitCalls().length);
  });
});
