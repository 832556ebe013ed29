import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const lock = (environment: string, reason?: string) => runs({ kind: "lock", environment, reason });
const r200 = "r".repeat(200);

const cases: LineCase[] = [
  { name: "no reason", text: "/lock production", expected: lock("production") },
  { name: "upper-case word", text: "/LOCK production", expected: lock("production") },
  { name: "mixed-case word", text: "/Lock staging QA", expected: lock("staging", "QA") },
  {
    name: "the rest of the line is the reason",
    text: "/lock production hotfix in progress, do not deploy",
    expected: lock("production", "hotfix in progress, do not deploy"),
  },
  {
    name: "reason is trimmed but keeps inner spacing",
    text: "/lock production    spaced   out  ",
    expected: lock("production", "spaced   out"),
  },
  { name: "tab inside the reason", text: "/lock production a\tb", expected: lock("production", "a\tb") },
  {
    name: "no-break space after the word",
    text: "/lock\u00a0production\u00a0why",
    expected: lock("production", "why"),
  },
  {
    name: "quotes are kept as typed",
    text: `/lock production "release freeze" until 'Monday`,
    expected: lock("production", `"release freeze" until 'Monday`),
  },
  {
    name: "backticks and shell syntax are kept as typed",
    text: "/lock production `rm -rf /` $(reboot); cat /etc/passwd | sh > x",
    expected: lock("production", "`rm -rf /` $(reboot); cat /etc/passwd | sh > x"),
  },
  {
    name: "a flag is just a word",
    text: "/lock production --dry-run",
    expected: lock("production", "--dry-run"),
  },
  {
    name: "mentions, issue links and markdown are kept",
    text: "/lock production @alice see #12 **now** [x](https://evil.example)",
    expected: lock("production", "@alice see #12 **now** [x](https://evil.example)"),
  },
  {
    name: "look-alike letters are kept as typed",
    text: "/lock production \u0397otfix \u212Aelvin",
    expected: lock("production", "\u0397otfix \u212Aelvin"),
  },
  {
    name: "emoji and joined emoji",
    text: "/lock production 🚀 \u{1F468}\u200D\u{1F469}\u200D\u{1F467}",
    expected: lock("production", "🚀 \u{1F468}\u200D\u{1F469}\u200D\u{1F467}"),
  },
  { name: "200-character reason", text: `/lock production ${r200}`, expected: lock("production", r200) },
  {
    name: "200 emoji are 200 characters",
    text: `/lock production ${"😀".repeat(200)}`,
    expected: lock("production", "😀".repeat(200)),
  },
  {
    name: "201-character reason",
    text: `/lock production ${r200}r`,
    expected: replies("The reason is 201 characters long; the limit is 200."),
  },
  {
    name: "201 emoji",
    text: `/lock production ${"😀".repeat(201)}`,
    expected: replies("The reason is 201 characters long"),
  },
  {
    name: "missing environment",
    text: "/lock",
    expected: replies("`/lock` needs an environment, as in `/lock production`."),
  },
  {
    name: "invalid name",
    text: "/lock prod! now",
    expected: replies("`prod!` is not a valid environment name"),
  },
  {
    name: "punctuation after the word makes another word",
    text: "/lock: production",
    expected: { kind: "ignore" },
  },
  {
    name: "quoted environment",
    text: `/lock "production" freeze`,
    expected: replies('`"production"` is not a valid environment name'),
  },
  {
    name: "backticked environment",
    text: "/lock `production`",
    expected: replies("`production` is not a valid environment name"),
  },
  {
    name: "Cyrillic look-alike name",
    text: "/lock \u0440roduction",
    expected: replies("not a valid environment name"),
  },
  {
    name: "terminal escape in the reason",
    text: "/lock production a\u001b[31mred",
    expected: replies("The reason contains a control character"),
  },
  {
    name: "NUL in the reason",
    text: "/lock production a\u0000b",
    expected: replies("contains a control character"),
  },
  {
    name: "text-direction override in the reason",
    text: "/lock production evil\u202Egnp.exe",
    expected: replies("contains a control character"),
  },
  {
    name: "directional isolate in the reason",
    text: "/lock production a\u2066b",
    expected: replies("contains a control character"),
  },
  {
    name: "line separator in the reason",
    text: "/lock production forged\u2028line",
    expected: replies("contains a control character"),
  },
];

describeLines("lock", cases);
