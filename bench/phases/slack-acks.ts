import { SLACK_EVENTS_PATH } from "../../src/ingress/http/create-server.ts";
import { commandRequestId } from "../../src/ingress/slack/request-id.ts";
import { slackIntakeJobId } from "../../src/jobs/slack-intake-job.schema.ts";
import { sendSlackRequest, slashCommandRequest } from "../../test/support/slack-request.ts";
import type { BenchApp } from "../support/bench-app.ts";
import type { BenchConfig } from "../support/bench-config.ts";
import { type LoadFigures, loadFigures } from "../support/load-figures.ts";
import { countJobIds } from "../support/queue-inspect.ts";
import { runLoad } from "../support/run-load.ts";

/** What Slack users type; the bench's Slack user is mapped to alice, who may deploy acme/shop. */
export const SLASH_COMMAND = "deploy acme/shop#7 to staging";

export interface SlackAckLevel extends LoadFigures {
  /** How many of this level's requests are intake jobs once the last answer is in. */
  recorded: number;
}

/**
 * Sends `config.slackN` signed `/shipmate deploy …` slash commands to POST /slack/events at each
 * concurrency, from the load process, and checks each ack stands for a recorded intake job.
 */
export async function measureSlackAcks(
  bench: BenchApp,
  config: BenchConfig,
  onLevel: (level: SlackAckLevel) => void,
): Promise<SlackAckLevel[]> {
  const url = `${bench.app.url}${SLACK_EVENTS_PATH}`;
  // The first request pays for the receiver's first use; it is not one of the figures.
  const warmUp = await sendSlackRequest(url, command(bench, "warm-up"));
  if (warmUp.status !== 200) throw new Error(`Slack warm-up answered ${warmUp.status}: ${warmUp.text}`);
  const levels: SlackAckLevel[] = [];
  for (const concurrency of config.slackLevels) {
    const requests = Array.from({ length: config.slackN }, (_, i) => command(bench, `c${concurrency}-${i}`));
    const result = await runLoad({
      url: bench.app.url,
      send: {
        kind: "prepared",
        path: SLACK_EVENTS_PATH,
        requests: requests.map(({ body, headers }) => ({ body, headers })),
      },
      concurrency,
      requestTimeoutMs: config.requestTimeoutMs,
      capMs: config.levelCapMs,
    });
    const ids = requests
      .slice(0, result.sent)
      .map((r) => slackIntakeJobId(commandRequestId(r.fields.triggerId)));
    const level: SlackAckLevel = {
      ...loadFigures(concurrency, result),
      recorded: await countJobIds(bench.app.redis, bench.intake, ids),
    };
    levels.push(level);
    onLevel(level);
  }
  return levels;
}

/** A signed slash command with a trigger id of its own; ephemeral answers go to the fake Slack. */
function command(bench: BenchApp, tag: string) {
  return slashCommandRequest({ text: SLASH_COMMAND, responseUrl: bench.slack.responseUrl(tag) });
}
