import { constants } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { ArtifactFile } from "./artifact-file.ts";
import { insideWorkspace } from "./inside-workspace.ts";

/** Whether every file is back in the workspace, or why one could not be written. */
export type RestoreResult = { kind: "restored" } | { kind: "refused"; problem: string };

/** Writes an earlier job's files into a fresh workspace, never through a link and never outside it. */
export async function restoreFiles(
  workspace: string,
  files: readonly ArtifactFile[],
): Promise<RestoreResult> {
  for (const file of files) {
    const where = await insideWorkspace(workspace, file.path);
    if (where.kind === "outside")
      return { kind: "refused", problem: `Shipmate did not restore ${where.problem}.` };
    try {
      await mkdir(dirname(where.full), { recursive: true });
      // The folders may have been created just now: check again that none of them is a link out.
      const again = await insideWorkspace(workspace, file.path);
      if (again.kind === "outside")
        return { kind: "refused", problem: `Shipmate did not restore ${again.problem}.` };
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
      const handle = await open(again.full, flags, 0o600);
      try {
        await handle.writeFile(file.content);
      } finally {
        await handle.close();
      }
    } catch (error) {
      return {
        kind: "refused",
        problem: `Shipmate could not put \`${file.path}\` back into the workspace: ${(error as Error).message}.`,
      };
    }
  }
  return { kind: "restored" };
}
