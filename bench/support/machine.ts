import { availableParallelism, cpus, platform, release, totalmem } from "node:os";
import { Redis } from "ioredis";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** The flags this process runs under: `npm start`'s unless BENCH_START_FLAGS=0. */
  nodeFlags: string[];
  redis: string;
}

/** What this run was measured on, Redis included. */
export async function describeMachine(redisUrl: string): Promise<Machine> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let version = "unknown";
  try {
    await redis.connect();
    const info = await redis.info("server");
    version = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? "unknown";
  } finally {
    redis.disconnect();
  }
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: availableParallelism(),
    memoryGb: totalmem() / 1024 ** 3,
    os: `${platform()} ${release()}`,
    node: process.version,
    nodeFlags: process.execArgv.filter((flag) => !flag.startsWith("--cpu-prof")),
    redis: version,
  };
}
