import { expect, test } from "vitest";
import { createProbot, githubClientFactory } from "../../../src/github/create-probot.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { FakeGitHub } from "../../support/fake-github.ts";
import { testPrivateKey } from "../../support/harness.ts";

test("token from the configured host", async () => {
  const fake = new FakeGitHub();
  const host = await fake.start();
  const probot = createProbot(
    {
      appId: "1",
      privateKey: testPrivateKey(),
      webhookSecret: "x".repeat(20),
      baseUrl: `http://${host}/api/v3`,
    },
    createLogger("silent", []),
  );
  const token = await (await githubClientFactory(probot)(1)).installationToken();
  expect(token).toContain("ghs_");
  await fake.stop();
});
