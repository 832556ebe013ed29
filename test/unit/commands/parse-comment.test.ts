import { describe, expect, test } from "vitest";
import type { LineOutcome } from "../../../src/commands/command.ts";
import { parseComment } from "../../../src/commands/parse-comment.ts";
import { COMMAND_USAGE } from "../../../src/commands/usage.ts";
import { deploy, help, reply, run } from "./outcomes.ts";

type Case = { name: string; body: string; expected: LineOutcome[] };

const DEPLOY_USAGE = COMMAND_USAGE.deploy;
const SHA_40 = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
const twentyParams = Array.from({ length: 20 }, (_, i) => `p${i}=${i}`);
const twentyParamsObject = Object.fromEntries(
  twentyParams.map((pair) => pair.split("=") as [string, string]),
);
const padTo = (prefix: string, length: number) => prefix + "y".repeat(length - prefix.length);
const maxLine = padTo(`/deploy staging note=${"x".repeat(500)} pad=`, 1000);
const longLine = padTo(`/deploy staging note=${"x".repeat(500)} pad=`, 1001);
const twelveDeploys = Array.from({ length: 12 }, (_, i) => `/deploy env${i + 1}`).join("\n");
const IFS_VALUE = "x=$" + "{IFS}cat$" + "{IFS}/etc/passwd";

const cases: Case[] = [
  // The everyday forms.
  { name: "plain /deploy", body: "/deploy", expected: [deploy(1, "/deploy")] },
  {
    name: "/deploy with an environment",
    body: "/deploy staging",
    expected: [deploy(1, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "/deploy <ref> to <env>",
    body: "/deploy main to production",
    expected: [deploy(1, "/deploy main to production", { environment: "production", ref: "main" })],
  },
  {
    name: "/deploy to <env>",
    body: "/deploy to staging",
    expected: [deploy(1, "/deploy to staging", { environment: "staging" })],
  },
  {
    name: "`to` is matched case-insensitively",
    body: "/deploy main TO production",
    expected: [deploy(1, "/deploy main TO production", { environment: "production", ref: "main" })],
  },
  {
    name: "branch with slashes",
    body: "/deploy feature/login-form to staging",
    expected: [
      deploy(1, "/deploy feature/login-form to staging", {
        environment: "staging",
        ref: "feature/login-form",
      }),
    ],
  },
  {
    name: "tag",
    body: "/deploy v1.2.3 to production",
    expected: [deploy(1, "/deploy v1.2.3 to production", { environment: "production", ref: "v1.2.3" })],
  },
  {
    name: "short SHA",
    body: "/deploy 3f2a9c1 to staging",
    expected: [deploy(1, "/deploy 3f2a9c1 to staging", { environment: "staging", ref: "3f2a9c1" })],
  },
  {
    name: "full SHA",
    body: `/deploy ${SHA_40} to staging`,
    expected: [deploy(1, `/deploy ${SHA_40} to staging`, { environment: "staging", ref: SHA_40 })],
  },
  {
    name: "fully qualified ref is a valid ref",
    body: "/deploy refs/heads/x to staging",
    expected: [deploy(1, "/deploy refs/heads/x to staging", { environment: "staging", ref: "refs/heads/x" })],
  },
  {
    name: "environment names with dots, dashes and underscores",
    body: "/deploy eu-west-1.prod_blue",
    expected: [deploy(1, "/deploy eu-west-1.prod_blue", { environment: "eu-west-1.prod_blue" })],
  },
  { name: "/help", body: "/help", expected: [help(1, "/help")] },
  { name: "/help ignores extra words", body: "/help me please", expected: [help(1, "/help me please")] },
  {
    name: "/help ignores even an unclosed quote",
    body: "/help it's broken",
    expected: [help(1, "/help it's broken")],
  },

  // --dry-run anywhere.
  {
    name: "--dry-run last",
    body: "/deploy staging --dry-run",
    expected: [deploy(1, "/deploy staging --dry-run", { environment: "staging", dryRun: true })],
  },
  {
    name: "--dry-run first",
    body: "/deploy --dry-run staging",
    expected: [deploy(1, "/deploy --dry-run staging", { environment: "staging", dryRun: true })],
  },
  {
    name: "--dry-run between ref and to",
    body: "/deploy main --dry-run to production",
    expected: [
      deploy(1, "/deploy main --dry-run to production", {
        environment: "production",
        ref: "main",
        dryRun: true,
      }),
    ],
  },
  {
    name: "--dry-run alone",
    body: "/deploy --dry-run",
    expected: [deploy(1, "/deploy --dry-run", { dryRun: true })],
  },
  {
    name: "--dry-run twice is still a dry run",
    body: "/deploy --dry-run staging --dry-run",
    expected: [deploy(1, "/deploy --dry-run staging --dry-run", { environment: "staging", dryRun: true })],
  },

  // Params.
  {
    name: "plain params",
    body: "/deploy staging version=1.4.2 region=eu-west-1",
    expected: [
      deploy(1, "/deploy staging version=1.4.2 region=eu-west-1", {
        environment: "staging",
        params: { version: "1.4.2", region: "eu-west-1" },
      }),
    ],
  },
  {
    name: "double- and single-quoted values",
    body: `/deploy staging msg="hello world" note='a b'`,
    expected: [
      deploy(1, `/deploy staging msg="hello world" note='a b'`, {
        environment: "staging",
        params: { msg: "hello world", note: "a b" },
      }),
    ],
  },
  {
    name: "quotes in the middle of a token",
    body: `/deploy title=Release" "notes`,
    expected: [deploy(1, `/deploy title=Release" "notes`, { params: { title: "Release notes" } })],
  },
  {
    name: "one quote kind inside the other",
    body: `/deploy msg="it's fine" alt='say "hi"'`,
    expected: [
      deploy(1, `/deploy msg="it's fine" alt='say "hi"'`, { params: { msg: "it's fine", alt: 'say "hi"' } }),
    ],
  },
  {
    name: "empty values",
    body: `/deploy staging notes= title=""`,
    expected: [
      deploy(1, `/deploy staging notes= title=""`, {
        environment: "staging",
        params: { notes: "", title: "" },
      }),
    ],
  },
  {
    name: "value keeps everything after the first =",
    body: "/deploy query=a=b==c",
    expected: [deploy(1, "/deploy query=a=b==c", { params: { query: "a=b==c" } })],
  },
  {
    name: "20 params are allowed",
    body: `/deploy staging ${twentyParams.join(" ")}`,
    expected: [
      deploy(1, `/deploy staging ${twentyParams.join(" ")}`, {
        environment: "staging",
        params: twentyParamsObject,
      }),
    ],
  },
  {
    name: "a 64-character key is allowed",
    body: `/deploy ${"K".repeat(64)}=1`,
    expected: [deploy(1, `/deploy ${"K".repeat(64)}=1`, { params: { ["K".repeat(64)]: "1" } })],
  },
  {
    name: "__proto__ is an ordinary param",
    body: "/deploy __proto__=x",
    expected: [deploy(1, "/deploy __proto__=x", { params: Object.fromEntries([["__proto__", "x"]]) })],
  },

  // Hostile values are kept byte for byte: they only ever become environment variables.
  {
    name: "command substitution in a quoted value",
    body: `/deploy staging cmd="$(touch /tmp/pwned)"`,
    expected: [
      deploy(1, `/deploy staging cmd="$(touch /tmp/pwned)"`, {
        environment: "staging",
        params: { cmd: "$(touch /tmp/pwned)" },
      }),
    ],
  },
  {
    name: "backticks in a value",
    body: "/deploy staging note=`whoami`",
    expected: [
      deploy(1, "/deploy staging note=`whoami`", { environment: "staging", params: { note: "`whoami`" } }),
    ],
  },
  {
    name: "shell operators in values",
    body: `/deploy staging a=x;rm b="x | y" c=1&&2 d=>out`,
    expected: [
      deploy(1, `/deploy staging a=x;rm b="x | y" c=1&&2 d=>out`, {
        environment: "staging",
        params: { a: "x;rm", b: "x | y", c: "1&&2", d: ">out" },
      }),
    ],
  },
  {
    name: "IFS tricks",
    body: `/deploy ${IFS_VALUE}`,
    expected: [deploy(1, `/deploy ${IFS_VALUE}`, { params: { x: IFS_VALUE.slice(2) } })],
  },
  {
    name: "backslashes are literal",
    body: String.raw`/deploy path=C:\temp\new`,
    expected: [
      deploy(1, String.raw`/deploy path=C:\temp\new`, { params: { path: String.raw`C:\temp\new` } }),
    ],
  },
  {
    name: "a backslash does not escape a quote",
    body: String.raw`/deploy msg="a\"b"`,
    expected: [reply(1, String.raw`/deploy msg="a\"b"`, 'Unclosed `"` quote')],
  },
  {
    name: "unquoted command substitution splits into words",
    body: "/deploy x=$(rm -rf /)",
    expected: [reply(1, "/deploy x=$(rm -rf /)", "could not read `-rf /)`")],
  },
  {
    name: "unicode in values is kept",
    body: '/deploy staging msg="déploiement ✅ ／deploy"',
    expected: [
      deploy(1, '/deploy staging msg="déploiement ✅ ／deploy"', {
        environment: "staging",
        params: { msg: "déploiement ✅ ／deploy" },
      }),
    ],
  },

  // Where a command may stand.
  {
    name: "command after prose",
    body: "Looks good to me, thanks!\n\n/deploy staging",
    expected: [deploy(3, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "several commands in order",
    body: "/deploy staging\nthen\n/deploy main to production --dry-run\n/help",
    expected: [
      deploy(1, "/deploy staging", { environment: "staging" }),
      deploy(3, "/deploy main to production --dry-run", {
        environment: "production",
        ref: "main",
        dryRun: true,
      }),
      help(4, "/help"),
    ],
  },
  {
    name: "CRLF body",
    body: "Thanks!\r\n/deploy staging\r\n/help\r\n",
    expected: [deploy(2, "/deploy staging", { environment: "staging" }), help(3, "/help")],
  },
  {
    name: "lone CR line breaks",
    body: "Thanks!\r/deploy staging\r\r/help",
    expected: [deploy(2, "/deploy staging", { environment: "staging" }), help(4, "/help")],
  },
  {
    name: "up to three leading spaces",
    body: "   /deploy staging   ",
    expected: [deploy(1, "/deploy staging", { environment: "staging" })],
  },
  { name: "four leading spaces is indented code", body: "    /deploy staging", expected: [] },
  { name: "a leading tab is indented code", body: "\t/deploy staging", expected: [] },
  { name: "quoted reply", body: "> /deploy prod\n\nAgreed, shipping it.", expected: [] },
  { name: "indented quoted reply", body: "Earlier:\n   > /deploy prod", expected: [] },
  {
    name: "quoted reply followed by a real command",
    body: "> /deploy prod\n\n/deploy staging",
    expected: [deploy(3, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "fenced block without language",
    body: "Run this:\n```\n/deploy prod\n```\n/deploy staging",
    expected: [deploy(5, "/deploy staging", { environment: "staging" })],
  },
  { name: "fenced block with a language", body: "```bash\n/deploy prod\n```", expected: [] },
  {
    name: "tilde fence",
    body: "~~~\n/deploy prod\n~~~\n/help",
    expected: [help(4, "/help")],
  },
  { name: "unclosed fence runs to the end", body: "```\n/deploy prod\n\n/deploy staging", expected: [] },
  {
    name: "a fence closes only with at least its own length",
    body: "````\n```\n/deploy prod\n````\n/deploy staging",
    expected: [deploy(5, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "a fence closes only with its own character",
    body: "```\n~~~\n/deploy prod\n```\n/help",
    expected: [help(5, "/help")],
  },
  {
    name: "a fence line with an info string does not close",
    body: "```\n/deploy a\n```js\n/deploy b",
    expected: [],
  },
  {
    name: "backticks with a backtick after them are inline code, not a fence",
    body: "```/deploy``` is the command\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "fence inside a list item",
    body: "- steps:\n  ```\n  /deploy prod\n  ```\n/help",
    expected: [help(5, "/help")],
  },
  {
    name: "a fence inside a quote ends with the quote",
    body: "> ```\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "a fence indented four spaces is code, not a fence",
    body: "    ```\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "a tab-indented fence is code, not a fence",
    body: "\t~~~\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "a quoted HTML comment opener does not hide later lines",
    body: "> <!-- old\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "a fence indented four spaces does not close a fence",
    body: "```\n    ```\n/deploy prod\n```\n/help",
    expected: [help(5, "/help")],
  },
  {
    name: "an HTML comment opener in indented code is literal",
    body: "\t<!-- old\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  { name: "inline code mid-line", body: "use `/deploy staging` to ship", expected: [] },
  { name: "list item", body: "- /deploy staging", expected: [] },
  {
    name: "multi-line HTML comment from a PR template",
    body: "<!--\nTo ship, comment:\n/deploy staging\n-->\n/deploy production",
    expected: [deploy(5, "/deploy production", { environment: "production" })],
  },
  {
    name: "one-line HTML comment before a command",
    body: "<!-- Describe your change -->\n/deploy staging",
    expected: [deploy(2, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "comment after the command is not part of it",
    body: "/deploy staging <!-- ask @ops first -->",
    expected: [deploy(1, "/deploy staging", { environment: "staging" })],
  },
  {
    name: "comment opened after a command hides the next lines",
    body: "/deploy staging <!-- draft:\n/deploy production\n-->",
    expected: [deploy(1, "/deploy staging", { environment: "staging" })],
  },
  { name: "line starting with a comment is not a command", body: "<!-- x -->/deploy prod", expected: [] },
  {
    name: "fence inside an HTML comment does not open",
    body: "<!--\n```\n-->\n/help",
    expected: [help(4, "/help")],
  },
  { name: "empty body", body: "", expected: [] },
  { name: "only blank lines", body: "\n\n  \n", expected: [] },

  // Words that are not ours.
  { name: "/deployment is not /deploy", body: "/deployment staging", expected: [] },
  { name: "/deploy-staging is not /deploy", body: "/deploy-staging", expected: [] },
  {
    name: "uppercase command word",
    body: "/DEPLOY staging",
    expected: [deploy(1, "/DEPLOY staging", { environment: "staging" })],
  },
  { name: "mixed-case /Help", body: "/Help", expected: [help(1, "/Help")] },
  {
    name: "other bots' commands are ignored",
    body: "/lgtm\n/assign @alice\n/cc @bob\n/hold\n/unhold\n/retest\n/close\n/reopen",
    expected: [],
  },
  {
    name: "/approve is Shipmate's, among other bots' commands",
    body: "/lgtm\n/approve\n/hold",
    expected: [run(2, "/approve", { kind: "approve", job: undefined })],
  },
  { name: "full-width slash is not a command", body: "／deploy staging", expected: [] },
  { name: "Cyrillic look-alike letter is not a command", body: "/dеploy staging", expected: [] },
  { name: "slash then space is not a command", body: "/ deploy staging", expected: [] },
  { name: "trailing punctuation makes another word", body: "/deploy, please", expected: [] },
  {
    name: "tab after the word separates",
    body: "/deploy\tstaging",
    expected: [deploy(1, "/deploy\tstaging", { environment: "staging" })],
  },
  {
    name: "no-break space after the word separates",
    body: "/deploy\u00a0staging",
    expected: [deploy(1, "/deploy\u00a0staging", { environment: "staging" })],
  },

  // Typos.
  {
    name: "transposed letters",
    body: "/deplyo staging",
    expected: [reply(1, "/deplyo staging", "Did you mean `/deploy`?")],
  },
  {
    name: "swapped middle letters",
    body: "/depoly",
    expected: [reply(1, "/depoly", "Unknown command `/depoly`")],
  },
  {
    name: "missing letter",
    body: "/dploy staging",
    expected: [reply(1, "/dploy staging", "Did you mean `/deploy`?")],
  },
  {
    name: "two edits",
    body: "/deploi staging",
    expected: [reply(1, "/deploi staging", "Did you mean `/deploy`?")],
  },
  { name: "uppercase typo", body: "/DEPOLY", expected: [reply(1, "/DEPOLY", "Unknown command `/DEPOLY`")] },
  { name: "help typo", body: "/hepl", expected: [reply(1, "/hepl", "Did you mean `/help`? Usage: `/help`")] },
  { name: "short word, one edit", body: "/hlp", expected: [reply(1, "/hlp", "Did you mean `/help`?")] },
  { name: "short word, two edits is ignored", body: "/hp", expected: [] },

  // Replies for what is wrong.
  {
    name: "unknown flag",
    body: "/deploy staging --force",
    expected: [reply(1, "/deploy staging --force", "Unknown flag `--force`")],
  },
  {
    name: "near-miss flag",
    body: "/deploy staging --dryrun",
    expected: [reply(1, "/deploy staging --dryrun", "Did you mean `--dry-run`?")],
  },
  {
    name: "flag with a value",
    body: "/deploy --dry-run=true",
    expected: [reply(1, "/deploy --dry-run=true", "Unknown flag `--dry-run=true`")],
  },
  {
    name: "key starting with a digit",
    body: "/deploy staging 1st=x",
    expected: [reply(1, "/deploy staging 1st=x", "`1st` is not a valid param name")],
  },
  {
    name: "empty key",
    body: "/deploy =x",
    expected: [reply(1, "/deploy =x", "(empty) is not a valid param name")],
  },
  {
    name: "key with a dash",
    body: "/deploy dry-run=1",
    expected: [reply(1, "/deploy dry-run=1", "`dry-run` is not a valid param name")],
  },
  {
    name: "65-character key",
    body: `/deploy ${"k".repeat(65)}=1`,
    expected: [reply(1, `/deploy ${"k".repeat(65)}=1`, "is not a valid param name")],
  },
  {
    name: "duplicate key, different case",
    body: "/deploy Region=eu region=us",
    expected: [reply(1, "/deploy Region=eu region=us", "Param `region` is given twice")],
  },
  {
    name: "21 params",
    body: `/deploy staging ${twentyParams.join(" ")} extra=1`,
    expected: [reply(1, `/deploy staging ${twentyParams.join(" ")} extra=1`, "Too many params: at most 20")],
  },
  {
    name: "500-character value is allowed",
    body: `/deploy note=${"v".repeat(500)}`,
    expected: [deploy(1, `/deploy note=${"v".repeat(500)}`, { params: { note: "v".repeat(500) } })],
  },
  {
    name: "501-character value",
    body: `/deploy note=${"v".repeat(501)}`,
    expected: [
      reply(1, `/deploy note=${"v".repeat(501)}`, "`note` is 501 characters long; the limit is 500"),
    ],
  },
  {
    name: "1,000-character line is allowed",
    body: maxLine,
    expected: [
      deploy(1, maxLine, {
        environment: "staging",
        params: { note: "x".repeat(500), pad: maxLine.slice(maxLine.indexOf("pad=") + 4) },
      }),
    ],
  },
  {
    name: "1,001-character line",
    body: `Please:\n${longLine}`,
    expected: [reply(2, longLine, "1001 characters long; the limit is 1000")],
  },
  {
    name: "unclosed quote",
    body: `/deploy staging msg="oops`,
    expected: [reply(1, `/deploy staging msg="oops`, 'Unclosed `"` quote')],
  },
  {
    name: "unclosed single quote",
    body: "/deploy staging note='oops",
    expected: [reply(1, "/deploy staging note='oops", "Unclosed `'` quote")],
  },
  {
    name: "two words without `to`",
    body: "/deploy main production",
    expected: [reply(1, "/deploy main production", "could not read `main production` as a target")],
  },
  {
    name: "`to` without an environment",
    body: "/deploy to",
    expected: [reply(1, "/deploy to", "could not read `to`")],
  },
  {
    name: "too many words",
    body: "/deploy a to b to c",
    expected: [reply(1, "/deploy a to b to c", "could not read `a to b to c`")],
  },
  {
    name: "invalid environment name",
    body: "/deploy prod!",
    expected: [reply(1, "/deploy prod!", "`prod!` is not a valid environment name")],
  },
  {
    name: "environment starting with a dash",
    body: "/deploy -x",
    expected: [reply(1, "/deploy -x", "`-x` is not a valid environment name")],
  },
  {
    name: "64-character environment",
    body: `/deploy ${"e".repeat(64)}`,
    expected: [reply(1, `/deploy ${"e".repeat(64)}`, "is not a valid environment name")],
  },
  {
    name: "empty quoted environment",
    body: `/deploy ""`,
    expected: [reply(1, `/deploy ""`, "(empty) is not a valid")],
  },
  {
    name: "ref with ..",
    body: "/deploy a..b to prod",
    expected: [reply(1, "/deploy a..b to prod", "`a..b` is not a valid git ref: it contains `..`")],
  },
  {
    name: "ref looking like an option",
    body: "/deploy -rf to prod",
    expected: [reply(1, "/deploy -rf to prod", "`-rf` is not a valid git ref: it starts with `-`")],
  },
  {
    name: "ref ending in .lock",
    body: "/deploy foo.lock to prod",
    expected: [reply(1, "/deploy foo.lock to prod", "`foo.lock` is not a valid git ref")],
  },
  {
    name: "ref with a reflog selector",
    body: "/deploy main@{1} to prod",
    expected: [reply(1, "/deploy main@{1} to prod", "it contains `@{`")],
  },
  {
    name: "ref with a revision suffix",
    body: "/deploy HEAD~1 to prod",
    expected: [reply(1, "/deploy HEAD~1 to prod", "it contains `~`")],
  },
  {
    name: "backticks are stripped from an echoed ref",
    body: "/deploy 'a`b..c' to prod",
    expected: [reply(1, "/deploy 'a`b..c' to prod", "`ab..c` is not a valid git ref")],
  },
  {
    name: "bad and good lines are answered in order",
    body: "/deploy a..b to prod\n/lgtm\n/deploy staging",
    expected: [
      reply(1, "/deploy a..b to prod", "it contains `..`"),
      deploy(3, "/deploy staging", { environment: "staging" }),
    ],
  },

  // Every command in one comment.
  {
    name: "one comment with each new command, around prose, quotes and code",
    body: [
      "Holding production for the schema change.",
      "/lock production db migration, ask @alice",
      "> /unlock production",
      "/LOCKS",
      "```",
      "/cancel",
      "```",
      "/status",
      "/rollback staging --dry-run",
      "    /rollback production",
      "/approve task-12-2",
      "/reject flaky checks",
      "<!-- /reject task-12-3 -->",
      "/cancel task-12-4",
      "/unlock production",
      "Thanks!",
    ].join("\n"),
    expected: [
      run(2, "/lock production db migration, ask @alice", {
        kind: "lock",
        environment: "production",
        reason: "db migration, ask @alice",
      }),
      run(4, "/LOCKS", { kind: "locks" }),
      run(8, "/status", { kind: "status" }),
      run(9, "/rollback staging --dry-run", { kind: "rollback", environment: "staging", dryRun: true }),
      run(11, "/approve task-12-2", { kind: "approve", job: "task-12-2" }),
      run(12, "/reject flaky checks", { kind: "reject", job: undefined, reason: "flaky checks" }),
      run(14, "/cancel task-12-4", { kind: "cancel", job: "task-12-4" }),
      run(15, "/unlock production", { kind: "unlock", environment: "production" }),
    ],
  },
  {
    name: "each new command's problems are answered in order with the good lines",
    body: "/lock\n/unlock production\n/locks production\n/rollback\n/status now\n/approve task.1\n/cancel a b",
    expected: [
      reply(1, "/lock", "`/lock` needs an environment"),
      run(2, "/unlock production", { kind: "unlock", environment: "production" }),
      reply(3, "/locks production", "Did you mean `/lock production`?"),
      reply(4, "/rollback", "`/rollback` needs an environment"),
      reply(5, "/status now", "`/status` takes no arguments"),
      reply(6, "/approve task.1", "`task.1` is not a job id"),
      reply(7, "/cancel a b", "`/cancel` takes at most one job id"),
    ],
  },
  {
    name: "an HTML comment after /lock is not part of its reason",
    body: "/lock production <!-- hidden note -->",
    expected: [run(1, "/lock production", { kind: "lock", environment: "production", reason: undefined })],
  },
  {
    name: "a reason ends at the end of its line",
    body: "/lock production freeze\r\n/deploy staging",
    expected: [
      run(1, "/lock production freeze", { kind: "lock", environment: "production", reason: "freeze" }),
      deploy(2, "/deploy staging", { environment: "staging" }),
    ],
  },
  {
    name: "typos of the new commands",
    body: "/lokc production\n/unlcok production\n/stauts\n/cancle\n/aprove\n/rolback staging\n/rejcet",
    expected: [
      reply(1, "/lokc production", "Did you mean `/lock`? Usage: `/lock <env> [reason]`"),
      reply(2, "/unlcok production", "Did you mean `/unlock`?"),
      reply(3, "/stauts", "Did you mean `/status`?"),
      reply(4, "/cancle", "Did you mean `/cancel`?"),
      reply(5, "/aprove", "Did you mean `/approve`?"),
      reply(6, "/rolback staging", "Did you mean `/rollback`?"),
      reply(7, "/rejcet", "Did you mean `/reject`?"),
    ],
  },

  // Only the first 10 commands.
  {
    name: "12 commands: 10 answered, then one reply for the rest",
    body: twelveDeploys,
    expected: [
      ...Array.from({ length: 10 }, (_, i) =>
        deploy(i + 1, `/deploy env${i + 1}`, { environment: `env${i + 1}` }),
      ),
      reply(11, "/deploy env11", "Only the first 10 commands in a comment are considered; 2 more"),
    ],
  },
  {
    name: "ignored lines do not count towards the 10",
    body: `${"/lgtm\n".repeat(5)}${Array.from({ length: 10 }, () => "/help").join("\n")}`,
    expected: Array.from({ length: 10 }, (_, i) => help(i + 6, "/help")),
  },
];

describe("parseComment", () => {
  test("the table is large enough to mean something", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  test.each(cases)("$name", ({ body, expected }) => {
    expect(parseComment(body)).toEqual(expected);
  });

  test("every reply but the too-many one ends with a usage line", () => {
    const replies = cases
      .flatMap(({ body }) => parseComment(body))
      .filter((outcome) => outcome.kind === "reply" && !outcome.message.startsWith("Only the first"));
    expect(replies.length).toBeGreaterThan(30);
    for (const outcome of replies) {
      expect(outcome.kind === "reply" && /Usage: `\/[a-z]+.*`$/.test(outcome.message)).toBe(true);
    }
  });

  test("a /deploy reply shows the deploy usage", () => {
    const [outcome] = parseComment("/deploy staging --force");
    expect(outcome?.kind === "reply" && outcome.message.endsWith(`Usage: ${DEPLOY_USAGE}`)).toBe(true);
  });
});
