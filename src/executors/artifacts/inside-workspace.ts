import { realpath } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { isContainedPath } from "./artifact-file.ts";

/** Where a workspace-relative path really lives, or why it may not be used. */
export type WorkspacePath = { kind: "inside"; full: string } | { kind: "outside"; problem: string };

/**
 * Resolves `path` under `workspace`, refusing one that escapes it by its spelling (`..`, absolute) or
 * through a symbolic link in a folder on the way: the checked-out code decides which links exist.
 * The file itself is not resolved: callers open it without following a link.
 */
export async function insideWorkspace(workspace: string, path: string): Promise<WorkspacePath> {
  const shown = `\`${path}\``;
  if (!isContainedPath(path)) {
    return { kind: "outside", problem: `${shown} is not a relative path inside the workspace` };
  }
  const root = await realpath(workspace);
  const full = join(root, path);
  if (full === root) return { kind: "outside", problem: `${shown} names the workspace itself, not a file` };
  // The deepest folder on the way that exists decides where the rest would be created or read.
  let folder = dirname(full);
  for (;;) {
    const real = await realpath(folder).catch(() => undefined);
    if (real !== undefined) {
      if (real !== root && !real.startsWith(root + sep)) {
        return { kind: "outside", problem: `${shown} leads out of the workspace through a symbolic link` };
      }
      return { kind: "inside", full: join(real, relative(folder, full)) };
    }
    folder = dirname(folder);
  }
}
