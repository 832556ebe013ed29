import { existsSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { describe, expect, test } from "vitest";
import { durationSeconds, ROOT, readText, readYaml, variablesShipmateReads } from "./deploy-files.ts";

interface Service {
  build?: unknown;
  command?: string[];
  container_name?: string;
  ports?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { disable?: boolean };
  stop_grace_period?: string;
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
}
interface ScrapeConfig {
  job_name: string;
  dns_sd_configs?: { names: string[]; port: number }[];
}
interface Provider {
  options: { path: string };
}

const compose = readYaml<Compose>("docker-compose.yml");
const services = compose.services;
const shipmate = Object.entries(services).filter(([, s]) => s.build !== undefined);

/** The bind mounts of a service: source (repository-relative) and target. */
function binds(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? [])
    .filter((v) => v.startsWith("./"))
    .map((v) => {
      const [source = "", target = ""] = v.split(":");
      return { source: posix.normalize(source), target };
    });
}

describe("docker-compose.yml", () => {
  test("runs web and worker from the image by default, with the role each one is", () => {
    expect(shipmate.map(([name]) => name).sort()).toEqual(["web", "worker"]);
    for (const [name, service] of shipmate) {
      expect(service.profiles, name).toBeUndefined();
      expect(service.environment?.ROLE).toBe(name);
    }
  });

  test("lets `--scale worker=N` run: no fixed container name or host port on the worker", () => {
    expect(services.worker?.container_name).toBeUndefined();
    expect(services.worker?.ports).toBeUndefined();
    for (const [name, service] of Object.entries(services))
      expect(service.container_name, name).toBeUndefined();
  });

  test("keeps the health check on every Shipmate process: each serves /healthz", () => {
    for (const [name, service] of shipmate) expect(service.healthcheck?.disable, name).not.toBe(true);
  });

  test("runs Redis append-only and with noeviction", () => {
    const command = (services.redis?.command ?? []).join(" ");
    expect(command).toContain("--appendonly yes");
    expect(command).toContain("--maxmemory-policy noeviction");
  });

  test("points Shipmate at the compose Redis and sets only variables Shipmate reads", () => {
    const known = variablesShipmateReads();
    for (const [name, service] of shipmate) {
      expect(service.environment?.REDIS_URL, name).toBe("redis://redis:6379");
      expect(Object.keys(service.environment ?? {}).filter((v) => !known.has(v))).toEqual([]);
    }
  });

  test("gives workers a longer stop grace than the web side", () => {
    const worker = durationSeconds(services.worker?.stop_grace_period ?? "0s");
    expect(worker).toBeGreaterThanOrEqual(60);
    expect(worker).toBeGreaterThan(durationSeconds(services.web?.stop_grace_period ?? "10s"));
  });

  test("starts Prometheus and Grafana only with the monitoring profile", () => {
    for (const name of ["prometheus", "grafana"]) expect(services[name]?.profiles).toEqual(["monitoring"]);
  });

  test("mounts only files that exist in the repository", () => {
    const sources = Object.values(services).flatMap((s) => binds(s).map((b) => b.source));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !existsSync(join(ROOT, source)))).toEqual([]);
  });
});

describe("monitoring wired to compose", () => {
  const prometheus = readYaml<{ scrape_configs: ScrapeConfig[] }>("deploy/prometheus/prometheus.yml");

  test("Prometheus finds every web and worker container by service name on Shipmate's port", () => {
    const port = Number(services.web?.environment?.PORT);
    const found = prometheus.scrape_configs.flatMap((c) => c.dns_sd_configs ?? []);
    for (const name of ["web", "worker"]) {
      expect(found.filter((d) => d.names.includes(name)).map((d) => d.port)).toEqual([port]);
      expect(Number(services[name]?.environment?.PORT)).toBe(port);
    }
  });

  test("compose gives Prometheus the config in deploy/prometheus", () => {
    expect(binds(services.prometheus ?? {})).toContainEqual({
      source: "deploy/prometheus/prometheus.yml",
      target: "/etc/prometheus/prometheus.yml",
    });
  });

  test("Grafana's datasource is the compose Prometheus, and its dashboard provider reads the mounted dashboard", () => {
    const sources = readYaml<{ datasources: { type: string; url: string }[] }>(
      "deploy/grafana/provisioning/datasources/prometheus.yml",
    );
    expect(sources.datasources).toEqual([
      expect.objectContaining({ type: "prometheus", url: "http://prometheus:9090" }),
    ]);
    expect(services.prometheus?.ports).toContain("127.0.0.1:9090:9090");

    const grafana = binds(services.grafana ?? {});
    expect(grafana).toContainEqual({
      source: "deploy/grafana/provisioning",
      target: "/etc/grafana/provisioning",
    });
    const dashboard = grafana.find((b) => b.source === "deploy/grafana/shipmate.json");
    expect(dashboard).toBeDefined();
    const providers = readYaml<{ providers: Provider[] }>(
      "deploy/grafana/provisioning/dashboards/shipmate.yml",
    );
    expect(providers.providers.map((p) => p.options.path)).toEqual([dirname(dashboard?.target ?? "")]);
  });

  test(".env.example and docs/deployment.md describe the variables compose sets", () => {
    const documented = readText("docs/deployment.md");
    const example = readText(".env.example");
    for (const [, service] of shipmate) {
      for (const name of Object.keys(service.environment ?? {})) {
        expect(documented, name).toContain(`\`${name}\``);
        expect(example, name).toContain(`${name}=`);
      }
    }
  });
});
