/** One environment of one repository; names compare case-insensitively, as GitHub compares environments. */
export interface LineKey {
  repositoryId: number;
  environment: string;
}

/** The Redis keys of one environment's line and lease, and of its repository's index of busy environments. */
export interface LineKeys {
  line: string;
  lease: string;
  busy: string;
  sequence: string;
  /** The environment as the keys spell it (lower case). */
  environment: string;
}

/** Builds the keys under `prefix` (a hash tag, so every key of an install shares one cluster slot). */
export function lineKeys(prefix: string, key: LineKey): LineKeys {
  const environment = key.environment.toLowerCase();
  const id = `${key.repositoryId}:${environment}`;
  return {
    line: `${prefix}:line:${id}`,
    lease: `${prefix}:lease:${id}`,
    busy: `${prefix}:line-envs:${key.repositoryId}`,
    sequence: `${prefix}:line-seq`,
    environment,
  };
}
