import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const LOCKS = runs({ kind: "locks" });

const cases: LineCase[] = [
  { name: "alone", text: "/locks", expected: LOCKS },
  { name: "upper-case word", text: "/LOCKS", expected: LOCKS },
  { name: "trailing spaces", text: "/locks   ", expected: LOCKS },
  { name: "trailing tab", text: "/locks\t", expected: LOCKS },
  {
    name: "an environment after it suggests /lock",
    text: "/locks production",
    expected: replies("`/locks` takes no arguments. Did you mean `/lock production`?"),
  },
  {
    name: "an environment and more gets no suggestion",
    text: "/locks production freeze",
    expected: { kind: "reply", message: "`/locks` takes no arguments. Usage: `/locks`" },
  },
  {
    name: "a word that is no environment gets no suggestion",
    text: "/locks prod!",
    expected: { kind: "reply", message: "`/locks` takes no arguments. Usage: `/locks`" },
  },
  {
    name: "hostile text is not echoed",
    text: "/locks `$(reboot)`",
    expected: { kind: "reply", message: "`/locks` takes no arguments. Usage: `/locks`" },
  },
  { name: "a flag", text: "/locks --all", expected: replies("`/locks` takes no arguments.") },
];

describeLines("locks", cases);
