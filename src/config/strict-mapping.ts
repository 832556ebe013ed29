import { z } from "zod";
import { didYouMean } from "./did-you-mean.ts";

/** Runs a refinement even when fields failed, as long as the value is a mapping: so every problem is reported at once. */
export const whenMapping = {
  when: (payload: { value: unknown }): boolean => isMapping(payload.value),
};

/**
 * A mapping schema that reports each unknown key at its own path, naming the closest known key.
 * Unknown keys are usually typos, and a typo in a deploy config must not be silently ignored.
 */
export function strictMapping<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.looseObject(shape).superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      ctx.addIssue({ code: "custom", path: [key], message: unknownKey(key, known) });
    }
  }, whenMapping);
}

/** True for a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownKey(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  const hint =
    suggestion === undefined
      ? `expected one of ${known.map((name) => `\`${name}\``).join(", ")}`
      : `did you mean \`${suggestion}\`?`;
  return `unknown key \`${key}\`: ${hint}`;
}
