import type { Redis } from "ioredis";

/** What an intake job for a push or a re-run does next: finish, or come back later (a delayed job). */
export type IntakeStep = { kind: "done" } | { kind: "wait"; until: number };

export const DONE: IntakeStep = { kind: "done" };

/** How soon to look again at checks that are still running: often at first, then every 15 s. */
export function lookAgainAt(now: number, waitingSince: number): IntakeStep {
  const waited = Math.max(0, now - waitingSince);
  return { kind: "wait", until: now + Math.round(Math.min(15_000, Math.max(500, waited / 4))) };
}

const SET_UP_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Runs a delivery's set-up once, however often its intake job comes back (a retry, a later look), and
 * remembers whether it left something to wait for.
 */
export async function setUpOnce(redis: Redis, key: string, setUp: () => Promise<boolean>): Promise<boolean> {
  let waits = await redis.get(key);
  if (waits === null) {
    waits = (await setUp()) ? "wait" : "done";
    await redis.set(key, waits, "EX", SET_UP_TTL_SECONDS);
  }
  return waits === "wait";
}
