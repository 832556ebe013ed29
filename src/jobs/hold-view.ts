/** A person's hold on an environment (`/lock`): while it lasts, only this pull request deploys there. */
export interface HoldView {
  environment: string;
  pullRequest: number;
  /** The GitHub login that took the hold. */
  login: string;
  reason: string | undefined;
  /** When it was taken (ms since the epoch). */
  at: number;
  /** When `lock_ttl` ends it, if the environment sets one. */
  expiresAt: number | undefined;
}
