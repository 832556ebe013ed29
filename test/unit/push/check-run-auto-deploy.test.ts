import { describe, expect, test } from "vitest";
import {
  autoDeployCheckName,
  renderAutoDeployRefusal,
} from "../../../src/reporting/render/check-run-auto-deploy.ts";

const SHA = "abc1234def5678abc1234def5678abc1234def56";

describe("autoDeployCheckName", () => {
  const cases = [
    { environment: "staging", expected: "shipmate/auto-deploy (staging)" },
    { environment: "e".repeat(120), length: 100 },
  ];
  test.each(cases)("$environment", ({ environment, expected, length }) => {
    const name = autoDeployCheckName(environment);
    if (expected !== undefined) expect(name).toBe(expected);
    if (length !== undefined) expect(name.length).toBeLessThanOrEqual(length);
  });
});

describe("renderAutoDeployRefusal", () => {
  test("says what was not deployed where, and each reason with what would allow it", () => {
    const output = renderAutoDeployRefusal({
      environment: "production",
      branch: "main",
      sha: SHA,
      reasons: [
        {
          code: "insufficient-permission",
          message: "@bob has write access; production needs maintain.",
          fix: "Ask a maintainer to push.",
        },
        {
          code: "locked-by-other",
          message: "production is locked by #12.",
          fix: "Wait for `/unlock production`.",
        },
      ],
    });
    expect(output.title).toBe("Not deployed to production");
    expect(output.summary).toContain(
      "Shipmate did not deploy `abc1234` from `main` to **production**, which deploys every push to that branch once its checks pass:",
    );
    expect(output.summary).toContain("**To allow it:** Ask a maintainer to push.");
    expect(output.summary.match(/^- /gm)).toHaveLength(2);
    expect(output.summary).not.toContain("@bob");
    expect(output.annotations).toEqual([]);
  });
});
