/** Redis key of the latest head SHA Shipmate has seen for a pull request. */
export function pullRequestHeadKey(prefix: string, repoId: number, pullRequest: number): string {
  return `${prefix}:pr-head:${repoId}:${pullRequest}`;
}
