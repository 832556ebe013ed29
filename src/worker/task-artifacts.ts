import type { Redis } from "ioredis";
import type { ArtifactFile } from "../executors/artifacts/artifact-file.ts";

/** How long a job's kept files stay in Redis (7 days). */
export const ARTIFACT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The hash that holds a job's kept files: path → base64 content. */
export function artifactsKey(prefix: string, jobId: string): string {
  return `${prefix}:artifacts:${jobId}`;
}

/** Replaces the job's kept files with `files`, for 7 days. */
export async function storeArtifacts(
  redis: Redis,
  prefix: string,
  jobId: string,
  files: readonly ArtifactFile[],
): Promise<void> {
  const key = artifactsKey(prefix, jobId);
  const fields = Object.fromEntries(files.map((file) => [file.path, file.content.toString("base64")]));
  const multi = redis.multi().del(key);
  if (files.length > 0) multi.hset(key, fields).expire(key, ARTIFACT_TTL_SECONDS);
  const results = await multi.exec();
  const failed = results?.find(([error]) => error !== null)?.[0];
  if (results === null || failed) throw failed ?? new Error(`storing ${key} was aborted`);
}

/** The files a job kept, or undefined when there are none (never kept, or expired). */
export async function loadArtifacts(
  redis: Redis,
  prefix: string,
  jobId: string,
): Promise<ArtifactFile[] | undefined> {
  const stored = await redis.hgetall(artifactsKey(prefix, jobId));
  const files = Object.entries(stored).map(([path, base64]) => ({
    path,
    content: Buffer.from(base64, "base64"),
  }));
  return files.length === 0 ? undefined : files;
}
