import { createHmac, timingSafeEqual } from "node:crypto";

/** The path of a job's page. */
export const JOB_PAGE_PREFIX = "/jobs/";

export type JobLinkCheck =
  | { kind: "valid" }
  | { kind: "expired"; expiredAt: number }
  /** Missing, malformed, or signed for another job, another expiry or with another key. */
  | { kind: "invalid" };

/**
 * The signature of a link to job `id` that works until `expires` (unix seconds). The newline
 * keeps id and expiry apart: ids end in digits, so `task-1-2` + `3…` must not sign `task-1-23` + `…`.
 */
export function signJobLink(key: Buffer, id: string, expires: number): string {
  return createHmac("sha256", key).update(`${id}\n${expires}`).digest("hex");
}

/** `<base>/jobs/<id>?exp=<unix seconds>&sig=<hex>`, valid for `ttlMs` from `now`. */
export function jobLinkUrl(
  link: { baseUrl: string; key: Buffer; ttlMs: number },
  id: string,
  now: number,
): string {
  const expires = Math.floor((now + link.ttlMs) / 1000);
  const sig = signJobLink(link.key, id, expires);
  return `${link.baseUrl}${JOB_PAGE_PREFIX}${encodeURIComponent(id)}?exp=${expires}&sig=${sig}`;
}

/** Checks a link's `exp` and `sig` for job `id`, comparing the signature in constant time. */
export function checkJobLink(
  key: Buffer,
  id: string,
  exp: string | null,
  sig: string | null,
  now: number,
): JobLinkCheck {
  if (exp === null || sig === null || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/i.test(sig)) {
    return { kind: "invalid" };
  }
  const expected = Buffer.from(signJobLink(key, id, Number(exp)), "hex");
  if (!timingSafeEqual(expected, Buffer.from(sig, "hex"))) return { kind: "invalid" };
  // Checked after the signature, so only a genuine link is ever told that it expired.
  const expiredAt = Number(exp) * 1000;
  return expiredAt <= now ? { kind: "expired", expiredAt } : { kind: "valid" };
}
