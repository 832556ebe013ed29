import { describe, expect, test } from "vitest";
import { renderSlackDetails } from "../../../src/reporting/render/slack/render-slack-details.ts";
import { slackOutputTail } from "../../../src/reporting/render/slack/slack-output.ts";
import { blocksProblem, messageText } from "../../support/fake-slack.ts";
import { jobView } from "../../support/job-view-fixture.ts";

const lines = (n: number, width = 10) =>
  Array.from({ length: n }, (_, i) => `${String(i + 1).padStart(5, "0")} ${"x".repeat(width)}`).join("\n");

describe("slackOutputTail", () => {
  test.each([
    { name: "fits one block", output: lines(5), maxBlocks: 4, blocks: 1, shown: 5, omitted: 0 },
    {
      name: "spills into more blocks, oldest first",
      output: lines(100, 60),
      maxBlocks: 4,
      blocks: 3,
      shown: 100,
      omitted: 0,
    },
    {
      name: "stops at the block limit",
      output: lines(1_000, 60),
      maxBlocks: 2,
      blocks: 2,
      shown: 88,
      omitted: 912,
    },
    {
      name: "stops at the line limit",
      output: lines(1_000),
      maxBlocks: 4,
      blocks: 2,
      shown: 200,
      omitted: 800,
    },
    { name: "nothing to show", output: "\n\n", maxBlocks: 4, blocks: 0, shown: 0, omitted: 0 },
  ])("$name", ({ output, maxBlocks, blocks, shown, omitted }) => {
    const tail = slackOutputTail(output, { maxLines: 200, maxBlocks, blockChars: 3_000 });
    expect({ blocks: tail.blocks.length, shown: tail.shown, omitted: tail.omitted }).toEqual({
      blocks,
      shown,
      omitted,
    });
    for (const block of tail.blocks) {
      expect(block.length).toBeLessThanOrEqual(3_000);
      expect(block).toMatch(/^```\n[\s\S]*\n```$/);
    }
    const all = tail.blocks.map((block) => block.slice(4, -4)).join("\n");
    if (shown > 0) expect(all.split("\n").at(-1)).toBe(output.split("\n").at(-1));
    expect(shown === 0 ? 0 : all.split("\n").length).toBe(shown);
  });
});

describe("renderSlackDetails", () => {
  test("the last 200 lines in at most four code blocks, under Slack's limits", () => {
    const details = renderSlackDetails(jobView({ state: "failed", output: lines(5_000, 40) }));
    expect(details).toBeDefined();
    if (details === undefined) return;
    expect(details.blocks.length).toBeLessThanOrEqual(5);
    expect(blocksProblem(details.blocks)).toBeUndefined();
    expect(messageText(details).length).toBeLessThan(40_000);
    expect(details.text).toMatch(
      /^\*Output\* of the deploy of `abc1234`: the last \d+ lines \([\d,]+ earlier not shown\)$/,
    );
    expect(messageText(details)).toContain("05000 ");
  });

  test("no output, no reply", () => {
    expect(renderSlackDetails(jobView({ state: "failed", output: "" }))).toBeUndefined();
  });
});
