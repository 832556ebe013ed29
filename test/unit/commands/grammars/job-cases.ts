import type { CommandLineResult } from "../../../../src/commands/parse-command-line.ts";
import { type LineCase, replies } from "./line-cases.ts";

const ID_100 = `task-${"9".repeat(95)}`;

/** The cases `/approve [job]` and `/cancel [job]` share, for the command word `word`. */
export function optionalJobCases(
  word: "approve" | "cancel",
  expect: (job: string | undefined) => CommandLineResult,
): LineCase[] {
  const notJobId = (shown: string) => replies(`${shown} is not a job id`);
  return [
    { name: "no job", text: `/${word}`, expected: expect(undefined) },
    { name: "upper-case word", text: `/${word.toUpperCase()}`, expected: expect(undefined) },
    { name: "trailing spaces", text: `/${word}   `, expected: expect(undefined) },
    { name: "a job id", text: `/${word} task-123456-1`, expected: expect("task-123456-1") },
    {
      name: "mixed-case word with a job",
      text: `/${word[0]?.toUpperCase()}${word.slice(1)} task-9-2`,
      expected: expect("task-9-2"),
    },
    { name: "other shapes of id", text: `/${word} Build_42-b`, expected: expect("Build_42-b") },
    { name: "100-character id", text: `/${word} ${ID_100}`, expected: expect(ID_100) },
    { name: "101-character id", text: `/${word} ${ID_100}9`, expected: replies("is not a job id") },
    {
      name: "two ids",
      text: `/${word} task-1-1 task-1-2`,
      expected: replies(`\`/${word}\` takes at most one job id, not \`task-1-1 task-1-2\`.`),
    },
    {
      name: "id and a reason",
      text: `/${word} task-1-1 please`,
      expected: replies("takes at most one job id"),
    },
    { name: "dot in the id", text: `/${word} task.1`, expected: notJobId("`task.1`") },
    { name: "issue number", text: `/${word} #41`, expected: notJobId("`#41`") },
    { name: "quoted id", text: `/${word} "task-1-1"`, expected: notJobId('`"task-1-1"`') },
    { name: "backticked id", text: `/${word} \`task-1-1\``, expected: notJobId("`task-1-1`") },
    { name: "command substitution", text: `/${word} $(reboot)`, expected: notJobId("`$(reboot)`") },
    {
      name: "Cyrillic look-alike letter",
      text: `/${word} t\u0430sk-1-1`,
      expected: replies("is not a job id"),
    },
    { name: "Unicode hyphen", text: `/${word} task\u20101-1`, expected: replies("is not a job id") },
    { name: "Kelvin sign", text: `/${word} tas\u212A-1-1`, expected: replies("is not a job id") },
    { name: "zero-width space", text: `/${word} task-1\u200B-1`, expected: notJobId("`task-1-1`") },
  ];
}
