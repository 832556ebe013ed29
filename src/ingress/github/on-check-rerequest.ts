import type { Queue } from "bullmq";
import { z } from "zod";
import {
  type CheckRerunJob,
  PUSH_INTAKE,
  pushIntakeJobId,
  safeDeliveryId,
} from "../../jobs/push-intake-job.schema.ts";
import type { IngressOutcome } from "./on-issue-comment.ts";
import { installationSchema, repositoryOf, repositoryPayloadSchema } from "./repository-payload.schema.ts";

const suite = z.object({
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  head_branch: z.string().nullish(),
  app: z.object({ id: z.number().int() }).nullish(),
});

const common = {
  action: z.literal("rerequested"),
  repository: repositoryPayloadSchema,
  installation: installationSchema,
  sender: z.object({ login: z.string() }),
};

const checkRunSchema = z.object({
  ...common,
  check_run: z.object({
    name: z.string(),
    head_sha: suite.shape.head_sha,
    check_suite: suite,
    app: suite.shape.app,
  }),
});
const checkSuiteSchema = z.object({ ...common, check_suite: suite });

/**
 * "Re-run" pressed on one of Shipmate's check runs (`check_run`) or on its whole suite (`check_suite`):
 * recorded so the intake runs it again. Other actions, and other Apps' suites, are not Shipmate's.
 */
export async function onCheckRerequest(
  deps: { intake: Queue; appId?: string | undefined },
  event: "check_run" | "check_suite",
  deliveryId: string,
  payload: unknown,
): Promise<IngressOutcome> {
  const read = readRerequest(event, payload);
  if (read === undefined) return "ignored";
  const { p, sha, checkName } = read;
  const appId = p.check_suite.app?.id;
  if (deps.appId !== undefined && appId !== undefined && String(appId) !== deps.appId) return "ignored";
  const safeId = safeDeliveryId(deliveryId);
  const branch = p.check_suite.head_branch ?? undefined;
  const job: CheckRerunJob = {
    v: 1,
    kind: "check-rerun",
    deliveryId: safeId,
    installationId: p.installation.id,
    repository: repositoryOf(p.repository),
    sender: p.sender.login,
    receivedAt: Date.now(),
    sha,
    ...(branch === undefined ? {} : { branch }),
    ...(checkName === undefined ? {} : { checkName }),
  };
  await deps.intake.add(PUSH_INTAKE.checkRerun, job, { jobId: pushIntakeJobId("check-rerun", safeId) });
  return "recorded";
}

type Read = { p: z.infer<typeof checkSuiteSchema>; sha: string; checkName: string | undefined };

function readRerequest(event: "check_run" | "check_suite", payload: unknown): Read | undefined {
  if (event === "check_run") {
    const parsed = checkRunSchema.safeParse(payload);
    if (!parsed.success) return undefined;
    const run = parsed.data.check_run;
    return {
      // The run names its own App; the suite's is the same one, but older payloads may leave it out.
      p: { ...parsed.data, check_suite: { ...run.check_suite, app: run.app ?? run.check_suite.app } },
      sha: run.head_sha,
      checkName: run.name,
    };
  }
  const parsed = checkSuiteSchema.safeParse(payload);
  return parsed.success
    ? { p: parsed.data, sha: parsed.data.check_suite.head_sha, checkName: undefined }
    : undefined;
}
