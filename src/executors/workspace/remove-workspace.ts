import { chmod, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** Deletes `dir` and everything in it; never throws. True when nothing is left. */
export async function removeWorkspace(dir: string): Promise<boolean> {
  try {
    await rm(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // A task may have left read-only directories behind; make them writable and try once more.
    await makeDirectoriesWritable(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  }
  return stat(dir).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === "ENOENT",
  );
}

async function makeDirectoriesWritable(dir: string): Promise<void> {
  try {
    await chmod(dir, 0o700);
    const entries = await readdir(dir, { withFileTypes: true });
    // Dirent.isDirectory() is false for symlinks, so nothing outside the workspace is touched.
    await Promise.all(
      entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => makeDirectoriesWritable(join(dir, entry.name))),
    );
  } catch {
    // Best effort: the caller reports whether the directory is gone.
  }
}
