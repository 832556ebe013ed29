import { createHash, timingSafeEqual } from "node:crypto";
import type { OperatorLogin } from "./web-settings.ts";

/** What an `Authorization` header says about the operator login. */
export type OperatorCheck = "none" | "valid" | "wrong";

/** The `WWW-Authenticate` value that makes a browser ask for the operator login. */
export const OPERATOR_CHALLENGE = 'Basic realm="Shipmate", charset="UTF-8"';

/** Checks HTTP basic credentials against the operator login without leaking, by timing, how close they came. */
export function checkOperator(
  header: string | undefined,
  operator: OperatorLogin | undefined,
): OperatorCheck {
  const match = header === undefined ? null : /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (match === null) return header === undefined ? "none" : "wrong";
  if (operator === undefined) return "wrong";
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "wrong";
  // Both compared, whatever the first gives: an early exit would tell a right user name from a wrong one.
  const userOk = sameSecret(decoded.slice(0, colon), operator.user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), operator.password);
  return userOk && passwordOk ? "valid" : "wrong";
}

// Hashing first gives equal lengths, so timingSafeEqual works for any input and reveals no length.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
