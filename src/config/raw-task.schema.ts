import { z } from "zod";
import { BranchName, HttpUrl, TaskTimeout } from "./config-fields.schema.ts";
import { parseDuration } from "./duration.ts";
import { strictMapping, whenMapping } from "./strict-mapping.ts";

/** A command string, run with `sh -c`. */
export const RawScript = z.string().refine((script) => script.trim() !== "", "the command is empty");

/** A command as an argv list, run without a shell. */
export const RawArgv = z
  .array(z.string())
  .min(1, "an argv list needs at least the program to run")
  .refine((argv) => argv[0] !== "", { message: "the program to run is empty", path: [0] });

/** `run:` inside a task mapping. */
export const RawRun = z.union([RawScript, RawArgv], {
  error: (issue) =>
    issue.input === undefined ? "is required" : "expected a command string or a list of argv strings",
});

/** The inputs Shipmate itself gives a dispatched workflow (`dry_run` only on a dry run); a config may not set them. */
export const SHIPMATE_WORKFLOW_INPUTS = ["environment", "sha", "ref", "params", "dry_run"] as const;

// GitHub accepts at most 25 inputs on a workflow_dispatch; Shipmate's own count against them.
const MAX_WORKFLOW_INPUTS = 25 - SHIPMATE_WORKFLOW_INPUTS.length;
const WORKFLOW_FILE = /^(?:\.github\/workflows\/)?[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

/** `workflow.file`: a workflow's file name, optionally with its `.github/workflows/` folder. */
export const RawWorkflowFile = z
  .string()
  .regex(WORKFLOW_FILE, "expected a workflow file in `.github/workflows`, like `deploy.yml`");

/** `workflow.inputs`: extra `workflow_dispatch` inputs; numbers and booleans are sent as text, as GitHub does. */
export const RawWorkflowInputs = z
  .record(
    z
      .string()
      .regex(INPUT_NAME, "input names are letters, digits, `_` or `-`, starting with a letter or `_`"),
    z.union([z.string(), z.number(), z.boolean()], { error: "expected a string, a number or true/false" }),
  )
  .superRefine((inputs, ctx) => {
    const names = Object.keys(inputs);
    for (const name of names) {
      // Input names are case-insensitive in a workflow's `inputs` context.
      if ((SHIPMATE_WORKFLOW_INPUTS as readonly string[]).includes(name.toLowerCase())) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `\`${name}\` is an input Shipmate sets itself (${SHIPMATE_WORKFLOW_INPUTS.map((n) => `\`${n}\``).join(", ")})`,
        });
      }
    }
    if (names.length > MAX_WORKFLOW_INPUTS) {
      ctx.addIssue({
        code: "custom",
        message: `may have at most ${MAX_WORKFLOW_INPUTS} entries: GitHub takes 25 inputs and Shipmate's own take ${SHIPMATE_WORKFLOW_INPUTS.length}`,
      });
    }
  })
  .transform((inputs) => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, String(v)])));

/** `workflow:` inside a task: a GitHub Actions workflow to dispatch and follow. */
export const RawWorkflow = strictMapping({
  file: RawWorkflowFile,
  ref: BranchName.optional(),
  inputs: RawWorkflowInputs.optional(),
});

/** `webhook.secret_env`: the name of a server variable (listed in `TASK_SECRET_ENV`) that holds the signing secret. */
export const RawSecretEnv = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "expected the name of a server environment variable, like `DEPLOY_HOOK_SECRET`",
  );

/** `webhook.poll_interval`: 1s to 1h, parsed to milliseconds. */
export const RawPollInterval = z
  .union([z.string(), z.number()], { error: "expected a duration like `10s` or `1m`" })
  .transform((value, ctx) => {
    const ms = parseDuration(String(value));
    if (ms === undefined || ms < 1_000 || ms > 3_600_000) {
      ctx.addIssue({ code: "custom", message: `\`${value}\` is not a poll interval from 1s to 1h` });
      return z.NEVER;
    }
    return ms;
  });

/** `webhook:` inside a task: a signed POST, optionally a status URL to poll and a URL told when the task stops early. */
export const RawWebhook = strictMapping({
  url: HttpUrl,
  secret_env: RawSecretEnv.optional(),
  status_url: HttpUrl.optional(),
  cancel_url: HttpUrl.optional(),
  poll_interval: RawPollInterval.optional(),
  retries: z.number().int().min(0).max(10).optional(),
});

/** The keys that say how a task runs: exactly one per task mapping. */
export const EXECUTOR_KEYS = ["run", "workflow", "webhook"] as const;

/** A task mapping: one of `run`, `workflow` or `webhook`, and `timeout`. */
export const RawTaskMapping = strictMapping({
  run: RawRun.optional(),
  workflow: RawWorkflow.optional(),
  webhook: RawWebhook.optional(),
  timeout: TaskTimeout.optional(),
}).superRefine((task, ctx) => {
  const given = EXECUTOR_KEYS.filter((key) => task[key] !== undefined);
  if (given.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["run"],
      message: "is required: a task mapping needs one of `run`, `workflow` or `webhook`",
    });
  }
  for (const key of given.slice(1)) {
    ctx.addIssue({
      code: "custom",
      path: [key],
      message: `a task runs one way: \`${given[0]}\` is already given, so \`${key}\` cannot be`,
    });
  }
}, whenMapping);

/** A task as written: a command string, an argv list, or a mapping; `timeout` is parsed to milliseconds. */
export const RawTask = z.union([RawScript, RawArgv, RawTaskMapping], {
  error: (issue) =>
    `${issue.input === undefined ? "is required" : "expected a task"}: a command string, a list of argv strings, or a mapping with \`run\`, \`workflow\` or \`webhook\` (and \`timeout\`)`,
});
export type RawTask = z.output<typeof RawTask>;
export type RawTaskMapping = z.output<typeof RawTaskMapping>;
