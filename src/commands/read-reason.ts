import { MAX_REASON_LENGTH } from "./limits.ts";

export type ReasonResult =
  | { kind: "reason"; reason: string | undefined }
  | { kind: "problem"; problem: string };

// A reason is kept as typed and shown to people and in logs: control characters (ANSI escapes, NUL),
// text-direction overrides and line separators could forge or hide what others read. A tab stays.
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Reads free text after a command as its reason: trimmed, undefined when empty, at most 200 characters. */
export function readReason(text: string): ReasonResult {
  const reason = text.trim();
  if (reason === "") return { kind: "reason", reason: undefined };
  // Counted by code point rather than UTF-16 unit, so that most emoji count once.
  const length = Array.from(reason).length;
  if (length > MAX_REASON_LENGTH) {
    return {
      kind: "problem",
      problem: `The reason is ${length} characters long; the limit is ${MAX_REASON_LENGTH}.`,
    };
  }
  if (UNSAFE.test(reason.replaceAll("\t", ""))) {
    return {
      kind: "problem",
      problem:
        "The reason contains a control character (such as an escape or a text-direction override); leave it out.",
    };
  }
  return { kind: "reason", reason };
}
