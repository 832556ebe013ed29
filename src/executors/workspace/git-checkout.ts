import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSecretMasker, type SecretMasker } from "../../shared/secret-masker.ts";
import { buildGitEnvironment } from "./git-environment.ts";
import { removeWorkspace } from "./remove-workspace.ts";
import { runInGroup } from "./run-git.ts";

/** A full SHA-1 commit id: the only form a pinned commit takes. */
export const FULL_SHA = /^[0-9a-f]{40}$/;
/** How long a checkout may take before it fails on its own. */
export const DEFAULT_CHECKOUT_TIMEOUT_MS = 10 * 60 * 1000;
// Protocol v2 lets a client fetch a commit by SHA (GitHub allows any reachable one); `--` ends options.
// Each step exits with its own code so a failure can name the step.
// No template: git's sample hooks and the rest would be some twenty files to write and delete per task.
const CHECKOUT_SCRIPT = [
  "git init -q --template= || exit 10",
  'git -c protocol.version=2 fetch -q --depth 1 --no-tags -- "$SHIPMATE_GIT_URL" "$SHIPMATE_GIT_SHA" || exit 11',
  "git checkout -q --detach FETCH_HEAD || exit 12",
  // The commit's committer date too: the lead-time metric then needs no call to GitHub for it.
  "git log -1 --format='%H %ct' || exit 13",
].join("\n");

function describeStep(code: number | null | undefined, short: string, url: string): string {
  switch (code) {
    case 10:
      return "create the workspace repository";
    case 11:
      return `fetch commit ${short} from ${url}`;
    case 12:
      return `check out commit ${short}`;
    case 13:
      return `verify commit ${short}`;
    default:
      return `fetch commit ${short} from ${url}`;
  }
}

/** How many of git's last stderr lines a failure reason quotes. */
const QUOTED_LINES = 3;

/** A workspace ready to run in, or a masked sentence saying why there is none. */
export type CheckoutResult =
  | {
      kind: "ready";
      /** The checked-out commit's working tree. */
      dir: string;
      /** An empty home directory inside the workspace, for the task's HOME. */
      home: string;
      /** The commit's committer date (ms since the epoch), as the commit records it. */
      committedAt: number | undefined;
      /** Deletes the whole workspace; never throws; true when nothing is left. */
      cleanup(): Promise<boolean>;
    }
  | { kind: "failed"; reason: string; workspaceRemoved: boolean };

/** Which commit to check out from where, with which token. */
export interface CheckoutInput {
  /** The repository's `clone_url` as GitHub reports it: https (http and file:// for tests). */
  cloneUrl: string;
  sha: string;
  /** The installation token; empty for a repository that needs none. */
  token: string;
  /** Where the workspace directory is created; defaults to the OS temp dir. */
  parentDir?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Masks the failure reason; by default it masks the token. */
  masker?: SecretMasker;
}

/** Fetches exactly `sha` (shallow) into a fresh workspace and checks it out detached. */
export async function checkoutPinnedCommit(input: CheckoutInput): Promise<CheckoutResult> {
  const masker = input.masker ?? createSecretMasker([input.token]);
  if (!FULL_SHA.test(input.sha)) {
    const shown = JSON.stringify(input.sha.slice(0, 80));
    return failed(masker, `Refusing to check out ${shown}: a pinned commit must be a full 40-character SHA.`);
  }
  const parent = input.parentDir ?? tmpdir();
  const workspace = await createWorkspace(parent);
  if (workspace.kind === "failed") {
    return failed(masker, `Could not create a workspace under ${parent}: ${workspace.problem}.`);
  }
  const { root, dir, home } = workspace;
  const signal = AbortSignal.any([
    AbortSignal.timeout(input.timeoutMs ?? DEFAULT_CHECKOUT_TIMEOUT_MS),
    ...(input.signal ? [input.signal] : []),
  ]);
  // One process for every git step: each spawn from a large server process blocks its event loop for
  // milliseconds, so the steps run from a small `sh`. The script is constant; the URL and SHA reach it as
  // variables, never spliced into it.
  const env = {
    ...buildGitEnvironment(input.token, home),
    SHIPMATE_GIT_URL: input.cloneUrl,
    SHIPMATE_GIT_SHA: input.sha,
  };
  const result = await runInGroup("sh", ["-c", CHECKOUT_SCRIPT], { cwd: dir, env, signal });
  if (result.kind === "failed") {
    const short = input.sha.slice(0, 7);
    const what = describeStep(result.code, short, input.cloneUrl);
    const why =
      signal.aborted && !input.signal?.aborted
        ? "it took too long"
        : result.code === 127
          ? "git is not installed on the worker"
          : result.problem.replace(/^sh exited/, "git exited");
    // Masked before its lines are joined: a secret git printed across two lines is only whole here.
    return failed(masker, `Could not ${what}: ${why}.${quoteLastLines(masker.mask(result.stderr))}`, root);
  }
  const [head = "", seconds] = result.stdout.trim().split(" ");
  if (head !== input.sha) {
    return failed(
      masker,
      `Checked out ${head.slice(0, 40)} instead of the pinned commit ${input.sha}.`,
      root,
    );
  }
  const committedAt = Number(seconds) * 1000;
  return {
    kind: "ready",
    dir,
    home,
    committedAt: Number.isFinite(committedAt) && committedAt > 0 ? committedAt : undefined,
    cleanup: () => removeWorkspace(root),
  };
}

async function createWorkspace(
  parent: string,
): Promise<
  { kind: "created"; root: string; dir: string; home: string } | { kind: "failed"; problem: string }
> {
  let root: string;
  try {
    // mkdtemp creates the directory with mode 0700 under an unguessable name.
    root = await mkdtemp(join(parent, "shipmate-"));
  } catch (error) {
    return { kind: "failed", problem: (error as Error).message };
  }
  const dir = join(root, "repo");
  const home = join(root, "home");
  try {
    await Promise.all([mkdir(dir), mkdir(home)]);
    return { kind: "created", root, dir, home };
  } catch (error) {
    await removeWorkspace(root);
    return { kind: "failed", problem: (error as Error).message };
  }
}

async function failed(masker: SecretMasker, reason: string, root?: string): Promise<CheckoutResult> {
  const workspaceRemoved = root === undefined ? true : await removeWorkspace(root);
  return { kind: "failed", reason: masker.mask(reason), workspaceRemoved };
}

function quoteLastLines(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("hint:"));
  const last = lines.slice(-QUOTED_LINES);
  return last.length === 0 ? "" : ` git said: ${last.join(" / ")}`;
}
