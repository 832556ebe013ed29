/** A file a task leaves for a later job, or gets back from an earlier one. */
export interface ArtifactFile {
  /** Relative to the workspace (the repository's root), with `/` between folders. */
  path: string;
  content: Buffer;
}

/** The largest single file kept (5 MiB). */
export const MAX_ARTIFACT_BYTES = 5 * 1024 * 1024;

/** The most all of one job's files may add up to (10 MiB). */
export const MAX_ARTIFACTS_TOTAL_BYTES = 10 * 1024 * 1024;

/** True for a relative path that cannot climb out of the directory it is joined to. */
export function isContainedPath(path: string): boolean {
  if (path === "" || path.includes("\0")) return false;
  if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || /^[A-Za-z]:/.test(path)) {
    return false;
  }
  return !path.split(/[/\\]/).includes("..");
}
