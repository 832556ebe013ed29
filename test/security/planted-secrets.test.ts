import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliver, pushPayload } from "../integration/push/push-payloads.ts";
import { checkJobIdOf } from "../integration/push/push-session.ts";
import { FakeSlack } from "../support/fake-slack.ts";
import { recordFigure } from "../support/figures.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate, WEBHOOK_SECRET } from "../support/harness.ts";
import { readable } from "../support/job-thread.ts";
import { EchoingGitHost } from "./support/secrets-echo-git.ts";
import {
  formsOf,
  type PlantedForm,
  PRINT_SCRIPT,
  plantSecrets,
  streamedFormsOf,
  TRICKLE_SCRIPT,
  writePlantDir,
} from "./support/secrets-planted.ts";
import { findLeaks, type Leak, type Surface } from "./support/secrets-search.ts";
import {
  collectSurfaces,
  SURFACES,
  type SurfaceName,
  waitUntilReported,
} from "./support/secrets-surfaces.ts";

// `print` and the push check print every planted form; `trickle` prints secrets a byte at a time; `fetch`
// is sent a clone URL on a git host that answers with the credentials it was given, in every form.
const CONFIG = `environments:
  print:
    deploy: sh ci/print-secrets.sh
  trickle:
    deploy: sh ci/trickle-secrets.sh
  fetch:
    deploy: sh ci/print-secrets.sh
checks:
  print: sh ci/print-secrets.sh
slack:
  channel: "#deploys"
`;

const OPERATOR = { user: "ops", password: "operator password for the planted secrets test" };
const OPERATOR_AUTH = `Basic ${Buffer.from(`${OPERATOR.user}:${OPERATOR.password}`).toString("base64")}`;

const planted = plantSecrets();
const printed = [planted.deployKey, planted.slackBotToken, planted.webhookSecret];
const secrets = [...printed, planted.tlsKey, planted.installationToken];
const streamed = printed.map(streamedFormsOf);
const together = [...printed.flatMap(formsOf), ...formsOf(planted.tlsKey)];
const tokenForms = (token: string): PlantedForm[] => formsOf({ ...planted.installationToken, value: token });
/** Every form planted on any surface: printed by a task, or echoed by the git host through git. */
const FORMS = [
  ...together,
  ...streamed.flatMap(({ halves, trickled }) => [halves, ...trickled]),
  ...tokenForms(planted.installationToken.value),
];

let app: Running;
let slack: FakeSlack;
let repo: LocalRepo;
let gitHost: EchoingGitHost;
let plantDir: { dir: string; remove(): void };
let jobIds: string[];
const logLines: string[] = [];
let surfaces: Map<SurfaceName, Surface>;

beforeAll(async () => {
  plantDir = writePlantDir(
    together,
    streamed.map((forms) => forms.halves),
    streamed.flatMap((forms) => forms.trickled),
  );
  repo = createLocalRepo();
  const sha = repo.commit(
    { "ci/print-secrets.sh": PRINT_SCRIPT, "ci/trickle-secrets.sh": TRICKLE_SCRIPT },
    "scripts that print secrets",
  );
  gitHost = new EchoingGitHost(tokenForms);
  const echoingCloneUrl = await gitHost.start();
  slack = new FakeSlack();
  app = await startShipmate(
    {
      LOG_LEVEL: "debug",
      // The harness's own secret stays valid beside it, for the push helper's deliveries.
      WEBHOOK_SECRET: `${planted.webhookSecret.value},${WEBHOOK_SECRET}`,
      TASK_ENV: "PLANT_DIR",
      PLANT_DIR: plantDir.dir,
      TASK_SECRET_ENV: "DEPLOY_KEY,TLS_KEY",
      DEPLOY_KEY: planted.deployKey.value,
      TLS_KEY: planted.tlsKey.value,
      SLACK_BOT_TOKEN: planted.slackBotToken.value,
      SLACK_SIGNING_SECRET: "slack-signing-secret-0123456789",
      SLACK_API_URL: await slack.start(),
      PUBLIC_URL: "https://shipmate.example.test/",
      OPERATOR_USER: OPERATOR.user,
      OPERATOR_PASSWORD: OPERATOR.password,
    },
    { logLines },
  );
  // The installation token the worker fetches the repository with is this run's, not the fake's fixed one.
  app.github.extraRoutes.push((method, path) =>
    method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)
      ? [
          201,
          {
            token: planted.installationToken.value,
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
          },
        ]
      : undefined,
  );
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/x" }],
    cloneUrl: repo.cloneUrl,
  });
  const comments: [number, string, string][] = [
    [7101, "/deploy print", repo.cloneUrl],
    [7102, "/deploy trickle", repo.cloneUrl],
    [7103, "/deploy fetch", echoingCloneUrl],
  ];
  for (const [commentId, body, cloneUrl] of comments) {
    const payload = prComment({ body, commentId, cloneUrl });
    const answer = await sendWebhook(app.url, "issue_comment", payload, {
      secret: planted.webhookSecret.value,
    });
    expect(answer.status).toBe(202);
  }
  const push = await deliver(app, "push", pushPayload(repo.cloneUrl, { branch: "feature/x", after: sha }));
  jobIds = [...comments.map(([commentId]) => `task-${commentId}-1`), checkJobIdOf(push, 1)];
  await waitUntilReported(app, jobIds);
  surfaces = await collectSurfaces(app, slack, logLines, jobIds, OPERATOR_AUTH);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await slack?.stop();
  await gitHost?.stop();
  repo?.remove();
  plantDir?.remove();
});

const leaks = new Map<SurfaceName, Leak[]>();
function leaksOn(name: SurfaceName): Leak[] {
  const surface = surfaces.get(name);
  if (surface === undefined) throw new Error(`${name} was not collected`);
  const found = leaks.get(name) ?? findLeaks(surface, secrets, FORMS);
  leaks.set(name, found);
  return found;
}

/**
 * What each surface shows of the planted output, masked: proof that the output went through it.
 * Deployment statuses carry a state and 140 characters of the problem's first sentence, which ends
 * before git's words; they and the other API requests are searched all the same.
 */
const MASKED_OUTPUT: Partial<Record<SurfaceName, string>> = {
  "PR comments and their edits": "from the environment: ***",
  "check runs": "from the environment: ***",
  "Slack messages": "from the environment: ***",
  "job pages": "from the environment: ***",
  logs: "from the environment: ***",
  "Redis (records, logs, queues)": "from the environment: ***",
};

function textOf(name: SurfaceName): string {
  return surfaces.get(name)?.texts.join("\n") ?? "";
}

describe("secrets a task prints, in every form, appear on no surface", () => {
  test("the secrets were really there: the worker fetched with the planted token, the tasks ran", () => {
    const credentials = Buffer.from(`x-access-token:${planted.installationToken.value}`).toString("base64");
    expect(gitHost.authorizations).toContain(`Basic ${credentials}`);
    const comments = readable(textOf("PR comments and their edits"));
    // Every job got as far as printing (or, for `fetch`, as git's refusal), and what it printed was masked.
    expect(comments).toContain("from the environment: ***");
    expect(comments).toContain("access denied for Basic ***:");
    expect(textOf("check runs")).toContain("from the environment: ***");
  });

  test.each(SURFACES)("%s", (name) => {
    const shows = MASKED_OUTPUT[name];
    if (shows === undefined) expect(surfaces.get(name)?.texts.length ?? 0).toBeGreaterThan(0);
    else expect(textOf(name)).toContain(shows);
    expect(leaksOn(name)).toEqual([]);
  });

  test("figures", (context) => {
    const all = SURFACES.flatMap(leaksOn);
    recordFigure(context, "planted forms", FORMS.length);
    recordFigure(context, "planted secrets", secrets.length);
    recordFigure(context, "surfaces searched", SURFACES.join(", "));
    recordFigure(context, "leaks", all.length);
    expect(all).toEqual([]);
  });
});
