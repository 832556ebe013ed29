/** What an intake job for a push or a re-run does next: finish, or come back later (a delayed job). */
export type IntakeStep = { kind: "done" } | { kind: "wait"; until: number };

export const DONE: IntakeStep = { kind: "done" };

/** How soon to look again at checks that are still running: often at first, then every 15 s. */
export function lookAgainAt(now: number, waitingSince: number): IntakeStep {
  const waited = Math.max(0, now - waitingSince);
  return { kind: "wait", until: now + Math.round(Math.min(15_000, Math.max(500, waited / 4))) };
}
