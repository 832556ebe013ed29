import { describe, expect, test } from "vitest";
import { withinRequestWindow } from "../../../src/ingress/slack/request-window.ts";

const NOW_MS = 1_700_000_000_500;
const NOW = 1_700_000_000;

describe("withinRequestWindow: five minutes either way", () => {
  test.each([
    [String(NOW), true],
    [String(NOW - 300), true],
    [String(NOW + 300), true],
    [String(NOW - 301), false],
    [String(NOW + 301), false],
    [String(NOW - 6 * 60), false],
    [String(NOW + 6 * 60), false],
    [String(NOW + 86_400 * 365), false],
    ["0", false],
    ["", false],
    ["soon", false],
    [`${NOW}.5`, false],
    [`-${NOW}`, false],
    [` ${NOW}`, false],
    ["9".repeat(40), false],
  ])("%j → %s", (header, expected) => {
    expect(withinRequestWindow(header, NOW_MS)).toBe(expected);
  });
});
