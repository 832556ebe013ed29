import { describe, expect, test } from "vitest";
import { createLogger } from "../../src/shared/logger.ts";

const SECRET = 'p@ss "w/rd"+x=1 long enough';
const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

function logged(message: string): string {
  const lines: string[] = [];
  const log = createLogger("info", [SECRET, TOKEN], { write: (line: string) => lines.push(line) });
  log.info(message);
  return lines.join("");
}

describe("createLogger masks secrets in every form the task masker knows", () => {
  test.each([
    ["raw (JSON-escaped in the line)", SECRET],
    ["base64", Buffer.from(SECRET).toString("base64")],
    ["URL-encoded", encodeURIComponent(SECRET)],
    ["x-access-token basic auth", Buffer.from(`x-access-token:${TOKEN}`).toString("base64")],
    ["halves on two lines", `${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}`],
    ["JSON-escaped, then escaped again in the log line", JSON.stringify(SECRET).slice(1, -1)],
  ])("%s", (_name, form) => {
    const line = logged(`failed with ${form} inside`);
    // Each line's part of a secret broken over lines is masked on its own line.
    expect(JSON.parse(line).msg).toMatch(/^failed with \*\*\*(\n\*\*\*)? inside$/);
  });
});
