import { Cluster, type Redis } from "ioredis";
import { Gauge, type Registry } from "prom-client";
import { decodeHold } from "../locks/hold-codec.ts";
import { isExpired } from "../locks/hold-rules.ts";
import type { Logger } from "../shared/logger.ts";
import { within } from "../shared/within.ts";

const SCAN_COUNT = 1_000;
const SCRAPE_BUDGET_MS = 2_000;

interface LockDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  now: () => number;
}

/**
 * `shipmate_environment_leases` and `shipmate_environment_holds`, read from Redis when scraped. The
 * key shapes are those of src/locks/line-keys.ts (`<prefix>:lease:<repo>:<env>`, one key per running
 * job) and src/locks/environment-holds.ts (`<prefix>:holds:<repo>`, one field per held environment).
 */
export function defineEnvironmentLocks(registry: Registry, deps: LockDeps): void {
  const pattern = (kind: string) => `${globEscape(deps.prefix)}:${kind}:*`;
  new Gauge({
    name: "shipmate_environment_leases",
    help: "Environments where a job runs now (it holds the environment's lease), when scraped.",
    registers: [registry],
    async collect() {
      const keys = await read(deps, "leases", () => scanKeys(deps.redis, pattern("lease")));
      if (keys === undefined) this.remove();
      else this.set(keys.length);
    },
  });
  new Gauge({
    name: "shipmate_environment_holds",
    help: "Environments held with /lock (holds past their lock_ttl not counted), when scraped.",
    registers: [registry],
    async collect() {
      const count = await read(deps, "holds", async () => {
        const keys = await scanKeys(deps.redis, pattern("holds"));
        const values = await Promise.all(keys.map((key) => deps.redis.hvals(key)));
        const at = deps.now();
        return values.flat().filter((raw) => !isExpired(decodeHold(raw), at)).length;
      });
      if (count === undefined) this.remove();
      else this.set(count);
    },
  });
}

/** The value, or undefined (and a debug line) when Redis did not answer in time. */
async function read<T>(deps: LockDeps, what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await within(SCRAPE_BUDGET_MS, work());
  } catch (error) {
    deps.log.debug({ err: error instanceof Error ? error.message : String(error) }, `${what} not read`);
    return undefined;
  }
}

async function scanKeys(redis: Redis, match: string): Promise<string[]> {
  const keys = new Set<string>();
  // A cursor belongs to one server: on a Redis Cluster (passed as a Redis), each primary is scanned on its own.
  const client = redis as Redis | Cluster;
  const nodes: readonly Redis[] = client instanceof Cluster ? client.nodes("master") : [client];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, found] = await node.scan(cursor, "MATCH", match, "COUNT", SCAN_COUNT);
      cursor = next;
      // SCAN may return a key twice; a set counts it once.
      for (const key of found) keys.add(key);
    } while (cursor !== "0");
  }
  return [...keys];
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
