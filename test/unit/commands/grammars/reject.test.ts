import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const reject = (job: string | undefined, reason?: string) => runs({ kind: "reject", job, reason });
const r200 = "r".repeat(200);

const cases: LineCase[] = [
  { name: "nothing", text: "/reject", expected: reject(undefined) },
  { name: "upper-case word", text: "/REJECT", expected: reject(undefined) },
  { name: "a job", text: "/reject task-123456-1", expected: reject("task-123456-1") },
  {
    name: "a job and a reason",
    text: "/reject task-123456-1 tests are red",
    expected: reject("task-123456-1", "tests are red"),
  },
  {
    name: "only a reason",
    text: "/Reject tests are red on main",
    expected: reject(undefined, "tests are red on main"),
  },
  { name: "a one-word reason", text: "/reject flaky", expected: reject(undefined, "flaky") },
  {
    name: "an id-shaped word without `task-` is reason",
    text: "/reject 12-1 looks wrong",
    expected: reject(undefined, "12-1 looks wrong"),
  },
  {
    name: "a word merely starting with `task` is reason",
    text: "/reject taskforce says no",
    expected: reject(undefined, "taskforce says no"),
  },
  {
    name: "`task-` in any case names a job, kept as typed",
    text: "/reject TASK-12-1 no",
    expected: reject("TASK-12-1", "no"),
  },
  {
    name: "a malformed job is refused, not taken as reason",
    text: "/reject task-12-1, wrong build",
    expected: replies("`task-12-1,` is not a job id"),
  },
  { name: "a job with a dot", text: "/reject task-1.2", expected: replies("`task-1.2` is not a job id") },
  {
    name: "Kelvin sign lower-cases to `k`, so it is a malformed job",
    text: "/reject tas\u212A-1-1 no",
    expected: replies("is not a job id"),
  },
  {
    name: "Cyrillic look-alike in `task-` makes it reason",
    text: "/reject t\u0430sk-1-1 no",
    expected: reject(undefined, "t\u0430sk-1-1 no"),
  },
  {
    name: "a backticked job is reason",
    text: "/reject `task-1-1` bad",
    expected: reject(undefined, "`task-1-1` bad"),
  },
  {
    name: "shell syntax in the reason is kept as typed",
    text: "/reject task-1-1 $(rm -rf /) `x` ; | >",
    expected: reject("task-1-1", "$(rm -rf /) `x` ; | >"),
  },
  {
    name: "quotes in the reason are kept",
    text: `/reject "not today`,
    expected: reject(undefined, `"not today`),
  },
  { name: "200-character reason", text: `/reject ${r200}`, expected: reject(undefined, r200) },
  {
    name: "job and 200-character reason",
    text: `/reject task-1-1 ${r200}`,
    expected: reject("task-1-1", r200),
  },
  {
    name: "201-character reason",
    text: `/reject ${r200}r`,
    expected: replies("The reason is 201 characters long; the limit is 200."),
  },
  {
    name: "job and 201-character reason",
    text: `/reject task-1-1 ${r200}r`,
    expected: replies("The reason is 201 characters long"),
  },
  {
    name: "terminal escape in the reason",
    text: "/reject task-1-1 a\u001b[2Jb",
    expected: replies("The reason contains a control character"),
  },
  {
    name: "text-direction override before the job",
    text: "/reject \u202Etask-1-1",
    expected: replies("contains a control character"),
  },
];

describeLines("reject", cases);
