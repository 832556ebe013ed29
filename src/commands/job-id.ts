import { code } from "./reply-text.ts";

// Job ids are `task-<comment id>-<line>`; the pattern is wider so that ids of other task kinds read the same way.
const JOB_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** True when `word` has the shape of a job id; whether such a job exists is for whoever looks it up. */
export function isJobId(word: string): boolean {
  return JOB_ID.test(word);
}

/** The reply text for a word that was meant as a job id but is not one. */
export function jobIdProblem(word: string): string {
  return `${code(word)} is not a job id: letters, digits, \`_\` and \`-\`, at most 100, such as \`task-123456-1\`.`;
}
