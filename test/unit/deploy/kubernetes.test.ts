import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  durationSeconds,
  ROOT,
  readText,
  readYaml,
  readYamlDocuments,
  variablesShipmateReads,
} from "./deploy-files.ts";

const DIR = "deploy/kubernetes";

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: { cpu?: string; memory?: string } };
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: { name: string }[];
}
interface Resource {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    ports?: { targetPort: string | number }[];
  };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface Kustomization {
  namespace: string;
  resources: string[];
  images: { name: string }[];
}

const kustomization = readYaml<Kustomization>(`${DIR}/kustomization.yaml`);
const applied = kustomization.resources.flatMap((file) => readYamlDocuments<Resource>(`${DIR}/${file}`));
const deployments = applied.filter((r) => r.kind === "Deployment");
const shipmatePods = deployments.filter(
  (d) => d.spec?.template?.metadata.labels["app.kubernetes.io/name"] === "shipmate",
);
const secret = readYaml<Resource>(`${DIR}/secret.example.yaml`);
const config = applied.find((r) => r.kind === "ConfigMap" && r.metadata.name === "shipmate-config");

function deployment(component: string): Resource {
  const found = shipmatePods.find(
    (d) => d.spec?.template?.metadata.labels["app.kubernetes.io/component"] === component,
  );
  if (!found) throw new Error(`no ${component} Deployment`);
  return found;
}
function podOf(resource: Resource): PodSpec {
  const pod = resource.spec?.template?.spec;
  if (!pod) throw new Error(`${resource.metadata.name} has no pod template`);
  return pod;
}
function shipmateContainer(resource: Resource): Container {
  const container = podOf(resource).containers[0];
  if (!container) throw new Error(`${resource.metadata.name} has no container`);
  return container;
}

describe("the Kubernetes manifests", () => {
  test("kustomization lists files that exist, and leaves the example Secret out", () => {
    for (const file of kustomization.resources) expect(existsSync(join(ROOT, DIR, file)), file).toBe(true);
    expect(kustomization.resources).not.toContain("secret.example.yaml");
    expect(secret.metadata.namespace).toBe(kustomization.namespace);
  });

  test("run a web and a worker Deployment of the one image, each with its ROLE", () => {
    expect(shipmatePods.map((d) => d.metadata.name).sort()).toEqual(["shipmate-web", "shipmate-worker"]);
    for (const component of ["web", "worker"]) {
      const container = shipmateContainer(deployment(component));
      expect(kustomization.images.map((i) => i.name)).toContain(container.image);
      expect(container.env).toContainEqual({ name: "ROLE", value: component });
    }
  });

  test("probe /healthz for liveness and /readyz for readiness on a declared port", () => {
    for (const resource of shipmatePods) {
      const container = shipmateContainer(resource);
      const ports = (container.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
      expect(container.livenessProbe?.httpGet?.path, resource.metadata.name).toBe("/healthz");
      expect(container.readinessProbe?.httpGet?.path, resource.metadata.name).toBe("/readyz");
      expect(ports).toContain(container.livenessProbe?.httpGet?.port);
      expect(ports).toContain(container.readinessProbe?.httpGet?.port);
      expect(ports).toContain(Number(config?.data?.PORT));
    }
  });

  test("every pod runs as non-root on a read-only root filesystem, with resource requests", () => {
    for (const resource of deployments.concat(applied.filter((r) => r.kind === "StatefulSet"))) {
      const pod = podOf(resource);
      expect(pod.securityContext?.runAsNonRoot, resource.metadata.name).toBe(true);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext?.readOnlyRootFilesystem, container.name).toBe(true);
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(container.securityContext?.capabilities?.drop).toEqual(["ALL"]);
        expect(container.resources?.requests?.cpu).toBeDefined();
        expect(container.resources?.requests?.memory).toBeDefined();
        const volumes = (pod.volumes ?? []).map((v) => v.name);
        for (const mount of container.volumeMounts ?? []) {
          if (resource.kind === "Deployment") expect(volumes).toContain(mount.name);
        }
      }
    }
  });

  test("workers have WORKSPACE_DIR and /tmp on writable volumes", () => {
    const mounts = (shipmateContainer(deployment("worker")).volumeMounts ?? []).map((m) => m.mountPath);
    expect(mounts).toContain(config?.data?.WORKSPACE_DIR);
    expect(mounts).toContain("/tmp");
  });

  test("give workers longer to stop than the shutdown grace (compose's worker stop_grace_period)", () => {
    const compose = readYaml<{ services: { worker: { stop_grace_period: string } } }>("docker-compose.yml");
    const grace = durationSeconds(compose.services.worker.stop_grace_period);
    expect(podOf(deployment("worker")).terminationGracePeriodSeconds).toBeGreaterThan(grace);
    expect(podOf(deployment("web")).terminationGracePeriodSeconds).toBeGreaterThan(0);
  });

  test("read credentials from one Secret, whose example holds the required keys", () => {
    for (const resource of shipmatePods) {
      const refs = (shipmateContainer(resource).envFrom ?? []).flatMap((e) =>
        e.secretRef ? [e.secretRef.name] : [],
      );
      expect(refs).toEqual([secret.metadata.name]);
    }
    expect(Object.keys(secret.stringData ?? {})).toEqual(
      expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]),
    );
  });

  test("set only variables Shipmate reads, each described in docs/deployment.md", () => {
    const known = variablesShipmateReads();
    const documented = readText("docs/deployment.md");
    const names = [
      ...Object.keys(config?.data ?? {}),
      ...Object.keys(secret.stringData ?? {}),
      ...shipmatePods.flatMap((d) => (shipmateContainer(d).env ?? []).map((e) => e.name)),
    ];
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(names.filter((n) => !documented.includes(`\`${n}\``))).toEqual([]);
  });

  test("the web Service selects the web pods only, on their http port", () => {
    const service = applied.find((r) => r.kind === "Service" && r.metadata.name === "shipmate-web");
    const selector = service?.spec?.selector ?? {};
    const web = deployment("web").spec?.template?.metadata.labels ?? {};
    const worker = deployment("worker").spec?.template?.metadata.labels ?? {};
    expect(web).toMatchObject(selector);
    expect(worker).not.toMatchObject(selector);
    const portNames = (shipmateContainer(deployment("web")).ports ?? []).map((p) => p.name);
    for (const port of service?.spec?.ports ?? []) expect(portNames).toContain(port.targetPort);
  });

  test("each Deployment's selector matches its own pod labels", () => {
    for (const resource of deployments) {
      expect(resource.spec?.template?.metadata.labels).toMatchObject(
        resource.spec?.selector?.matchLabels ?? { none: "" },
      );
    }
  });

  test("Redis runs append-only with noeviction", () => {
    const redis = applied.find((r) => r.kind === "StatefulSet" && r.metadata.name === "redis");
    const args =
      ((redis && podOf(redis).containers[0]) as { args?: string[] } | undefined)?.args?.join(" ") ?? "";
    expect(args).toContain("--appendonly yes");
    expect(args).toContain("--maxmemory-policy noeviction");
    expect(config?.data?.REDIS_URL).toBe("redis://redis:6379");
  });

  test("Prometheus's Kubernetes config keeps Shipmate's pods by their labels and port name", () => {
    const text = readText("deploy/prometheus/prometheus-kubernetes.yml");
    const prometheus = readYaml<{
      scrape_configs: {
        kubernetes_sd_configs: { namespaces: { names: string[] } }[];
        relabel_configs: { source_labels?: string[]; regex?: string; action?: string }[];
      }[];
    }>("deploy/prometheus/prometheus-kubernetes.yml");
    const [job] = prometheus.scrape_configs;
    expect(job?.kubernetes_sd_configs[0]?.namespaces.names).toEqual([kustomization.namespace]);
    const keep = (job?.relabel_configs ?? []).filter((r) => r.action === "keep");
    expect(keep).toContainEqual(
      expect.objectContaining({
        source_labels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
        regex: "shipmate",
      }),
    );
    const portName = keep.find(
      (r) => r.source_labels?.[0] === "__meta_kubernetes_pod_container_port_name",
    )?.regex;
    for (const resource of shipmatePods) {
      expect((shipmateContainer(resource).ports ?? []).map((p) => p.name)).toContain(portName);
    }
    expect(text).toContain("target_label: role");
  });
});
