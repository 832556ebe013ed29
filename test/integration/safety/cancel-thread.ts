import type { JobView } from "../../../src/jobs/job-view.ts";
import type { FakeDeployment } from "../../support/fake-github.ts";
import type { Running } from "../../support/harness.ts";
import { eventually, statusComment } from "../../support/pr-thread.ts";

/** What the cancel and rollback tests read back: a job's record, its Deployment and its status comment. */

/** The job's record as Shipmate keeps it in Redis, or undefined when there is none. */
export async function jobView(app: Running, id: string): Promise<JobView | undefined> {
  const raw = await app.redis.hget(`${app.prefix}:job:${id}`, "view");
  return raw === null ? undefined : (JSON.parse(raw) as JobView);
}

/** The job's Deployment as the fake GitHub holds it, or undefined when it has none. */
export async function deploymentOf(app: Running, id: string): Promise<FakeDeployment | undefined> {
  const raw = await app.redis.hget(`${app.prefix}:job:${id}`, "targets");
  const deploymentId = raw === null ? undefined : (JSON.parse(raw) as { deploymentId?: number }).deploymentId;
  if (deploymentId === undefined) return undefined;
  return app.github.deploymentsOf("acme", "shop").find((deployment) => deployment.id === deploymentId);
}

/** The states of the job's Deployment, oldest first; empty when it has none. */
export async function deploymentStates(app: Running, id: string): Promise<string[]> {
  return (await deploymentOf(app, id))?.statuses.map((status) => status.state) ?? [];
}

/** Waits until the job's Deployment's latest state is `state`. */
export async function waitForDeploymentState(app: Running, id: string, state: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const states = await deploymentStates(app, id);
    if (states.at(-1) === state) return;
    if (Date.now() > deadline) {
      throw new Error(`the Deployment of ${id} never became ${state}; states: ${states.join(", ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Text as a reader sees it: Shipmate puts a zero-width joiner after the `@` of people it names without
 * notifying them, which the tests leave out so that they can look for `@bob`.
 */
export function visible(markdown: string): string {
  return markdown.replaceAll("\u200d", "");
}

/** Waits until the job's status comment, as a reader sees it, matches `pattern`; returns that text. */
export async function waitForStatus(
  app: Running,
  id: string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  try {
    return await eventually(
      () => {
        const body = statusComment(app, id);
        return body !== undefined && pattern.test(visible(body)) ? visible(body) : undefined;
      },
      timeoutMs,
      `the status comment of ${id} to match ${pattern}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; it reads:\n${statusComment(app, id) ?? "(none)"}`);
  }
}

/** Waits for the reply to a command by `login` that says `text`; returns it as a reader sees it. */
export async function waitForReply(app: Running, login: string, text: string): Promise<string> {
  const reply = () =>
    [...app.github.comments.values()]
      .map((comment) => visible(comment.body))
      .find((body) => body.startsWith(`@${login}\n`) && body.includes(text));
  try {
    return await eventually(reply, 15_000, `a reply to @${login} saying ${JSON.stringify(text)}`);
  } catch (error) {
    const replies = [...app.github.comments.values()]
      .map((comment) => visible(comment.body))
      .filter((body) => body.startsWith(`@${login}\n`));
    throw new Error(`${(error as Error).message}; replies to @${login}:\n${replies.join("\n=====\n")}`);
  }
}
