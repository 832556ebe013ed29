import type { z } from "zod";

const NOUNS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** Plain-words messages for zod's generic issues; messages about one field's format live with its schema. */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return typeMessage(NOUNS[issue.expected] ?? issue.expected, issue.input);
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      if (issue.origin === "array") return `needs at least ${entries(issue.minimum)}`;
      if (issue.origin === "string") return "must not be empty";
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return `may have at most ${entries(issue.maximum)}`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined) return "is required";
  if (input === null) return `is empty: expected ${expected}`;
  if (expected === "a string" && (typeof input === "number" || typeof input === "boolean")) {
    return `expected a string, got ${String(input)}: quote it to use it as text`;
  }
  return `expected ${expected}, got ${describe(input)}`;
}

function describe(input: unknown): string {
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return JSON.stringify(input);
  return String(input);
}

function entries(count: number | bigint): string {
  return count === 1 ? "one entry" : `${count} entries`;
}
