import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { type ArtifactFile, MAX_ARTIFACT_BYTES, MAX_ARTIFACTS_TOTAL_BYTES } from "./artifact-file.ts";
import { insideWorkspace } from "./inside-workspace.ts";

/** The files read, or the one sentence that says why they could not all be kept. */
export type CollectResult =
  | { kind: "collected"; files: ArtifactFile[] }
  | { kind: "refused"; problem: string };

const MIB = 1024 * 1024;

/**
 * Reads the files a task left in its workspace: each a regular file (not a link) inside the workspace,
 * at most 5 MiB each and 10 MiB together. Every path must be there.
 */
export async function collectFiles(workspace: string, paths: readonly string[]): Promise<CollectResult> {
  const files: ArtifactFile[] = [];
  let total = 0;
  for (const path of new Set(paths)) {
    const read = await readOne(workspace, path, MAX_ARTIFACTS_TOTAL_BYTES - total);
    if (read.kind === "refused") return read;
    total += read.content.length;
    files.push({ path, content: read.content });
  }
  return { kind: "collected", files };
}

async function readOne(
  workspace: string,
  path: string,
  room: number,
): Promise<{ kind: "read"; content: Buffer } | { kind: "refused"; problem: string }> {
  const refused = (problem: string) => ({ kind: "refused", problem }) as const;
  const where = await insideWorkspace(workspace, path);
  if (where.kind === "outside") return refused(`Shipmate did not keep ${where.problem}.`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NOFOLLOW: a link planted by the task must not make Shipmate read a file from outside.
    handle = await open(where.full, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return refused(openProblem(path, error as NodeJS.ErrnoException));
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return refused(`\`${path}\` is not a regular file, so it cannot be kept.`);
    if (stats.size > MAX_ARTIFACT_BYTES) {
      return refused(
        `\`${path}\` is ${mib(stats.size)}: a kept file may be at most ${mib(MAX_ARTIFACT_BYTES)}.`,
      );
    }
    if (stats.size > room) {
      return refused(
        `\`${path}\` would take the kept files past ${mib(MAX_ARTIFACTS_TOTAL_BYTES)} together, the most one job may keep.`,
      );
    }
    return { kind: "read", content: await handle.readFile() };
  } finally {
    await handle.close();
  }
}

function openProblem(path: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT" || error.code === "ENOTDIR") {
    return `The task did not leave \`${path}\` in its workspace, so there was nothing to keep (paths are relative to the repository's root).`;
  }
  if (error.code === "ELOOP") return `\`${path}\` is a symbolic link: only regular files are kept.`;
  return `Shipmate could not read \`${path}\`: ${error.message}.`;
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} MiB`;
}
