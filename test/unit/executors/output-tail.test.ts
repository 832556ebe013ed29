import { expect, test } from "vitest";
import { createOutputTail } from "../../../src/executors/process/output-tail.ts";

function tailOf(maxBytes: number, chunks: string[]): string {
  const tail = createOutputTail(maxBytes);
  for (const chunk of chunks) tail.push(chunk);
  return tail.text();
}

test.each<[string, number, string[], string]>([
  ["under the cap: everything, no note", 100, ["a\n", "b\n"], "a\nb\n"],
  ["exactly the cap: no note", 4, ["a\n", "b\n"], "a\nb\n"],
  ["over the cap: cut at a line boundary", 8, ["line1\n", "line2\n", "line3\n"], "line3\n"],
  ["one long chunk", 10, ["aaaa\nbbbb\ncccc\n"], "cccc\n"],
  ["no line boundary in the tail", 4, ["abcdefgh"], "efgh"],
  ["a multi-byte character cut in half is dropped", 5, ["ééééé"], "éé"],
])("%s", (_name, max, chunks, expectedTail) => {
  const text = tailOf(max, chunks);
  const total = Buffer.byteLength(chunks.join(""));
  if (total <= max) {
    expect(text).toBe(expectedTail);
  } else {
    const dropped = total - Buffer.byteLength(expectedTail);
    expect(text).toBe(`[shipmate: ${dropped} bytes of earlier output dropped]\n${expectedTail}`);
  }
});

test("keeps only about the cap while many chunks stream by", () => {
  const tail = createOutputTail(1000);
  for (let i = 0; i < 100_000; i += 1) tail.push(`line ${i}\n`);
  const text = tail.text();
  expect(Buffer.byteLength(text)).toBeLessThan(1100);
  expect(text.endsWith("line 99999\n")).toBe(true);
  expect(text.split("\n")[1]).toMatch(/^line \d+$/);
});
