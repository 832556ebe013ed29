const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

// Units largest first, each at most once: "1h30m" reads one way only.
const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds in "30m", "1h30m", "45s", "2h", "1d" or plain seconds ("90"); undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return safeMs(Number(trimmed) * UNIT_MS.s);
  const match = DURATION_PATTERN.exec(trimmed);
  if (trimmed === "" || match === null) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return safeMs(
    Number(days ?? 0) * UNIT_MS.d +
      Number(hours ?? 0) * UNIT_MS.h +
      Number(minutes ?? 0) * UNIT_MS.m +
      Number(seconds ?? 0) * UNIT_MS.s,
  );
}

function safeMs(ms: number): number | undefined {
  return Number.isSafeInteger(ms) ? ms : undefined;
}
