import { describe, expect, test } from "vitest";
import { BoundedLabel } from "../../../src/metrics/bounded-label.ts";
import {
  githubEventLabel,
  methodLabel,
  routeLabel,
  slackMethodLabel,
  statusClass,
} from "../../../src/metrics/labels.ts";

describe("routeLabel", () => {
  test.each([
    ["/api/github/webhooks", "github_webhooks"],
    ["/slack/events", "slack_events"],
    ["/healthz", "healthz"],
    ["/readyz", "readyz"],
    ["/metrics", "metrics"],
    ["/jobs/task-123-1", "jobs"],
    ["/jobs", "jobs"],
    ["/admin/queues/api/queues", "admin"],
    ["/jobsx", "other"],
    ["/administrator", "other"],
    ["/api/github/webhooks/extra", "other"],
    ["/", "other"],
    ["/.env", "other"],
  ])("%s → %s", (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });
});

describe("methodLabel", () => {
  test.each([
    ["GET", "GET"],
    ["post", "POST"],
    ["PATCH", "PATCH"],
    ["PROPFIND", "other"],
    ["", "other"],
  ])("%s → %s", (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });
});

describe("statusClass", () => {
  test.each([
    [200, "2xx"],
    [202, "2xx"],
    [304, "3xx"],
    [401, "4xx"],
    [429, "4xx"],
    [503, "5xx"],
    [0, "other"],
    [600, "other"],
  ])("%i → %s", (status, label) => {
    expect(statusClass(status)).toBe(label);
  });
});

describe("githubEventLabel", () => {
  test.each([
    ["issue_comment", "issue_comment"],
    ["push", "push"],
    ["ping", "ping"],
    ["check_suite", "check_suite"],
    ["made_up_event", "other"],
    ["issue_comment\n", "other"],
    ["", "other"],
  ])("%j → %s", (event, label) => {
    expect(githubEventLabel(event)).toBe(label);
  });
});

describe("slackMethodLabel", () => {
  test.each([
    ["chat.postMessage", "chat.postMessage"],
    ["chat.update", "chat.update"],
    ["response_url", "response_url"],
    ["users.list", "other"],
  ])("%s → %s", (method, label) => {
    expect(slackMethodLabel(method)).toBe(label);
  });
});

describe("BoundedLabel", () => {
  test("keeps the first names seen, then answers other for new ones and the same for known ones", () => {
    const environments = new BoundedLabel(2);
    expect(environments.of("staging")).toBe("staging");
    expect(environments.of("production")).toBe("production");
    expect(environments.of("pr-17")).toBe("other");
    expect(environments.of("staging")).toBe("staging");
    expect(environments.of("pr-18")).toBe("other");
    expect(environments.of("production")).toBe("production");
  });
});
