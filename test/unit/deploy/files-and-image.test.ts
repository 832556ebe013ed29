import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  filesUnder,
  ROOT,
  readJson,
  readText,
  readYamlDocuments,
  variablesShipmateReads,
} from "./deploy-files.ts";

describe("every file under deploy/ and docker-compose.yml", () => {
  const files = [...filesUnder("deploy"), "docker-compose.yml"];

  test("is YAML or JSON", () => {
    expect(files.filter((f) => !/\.(ya?ml|json)$/.test(f))).toEqual([]);
  });

  test.each(files)("%s parses", (file) => {
    const documents = file.endsWith(".json") ? [readJson<unknown>(file)] : readYamlDocuments(file);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) expect(document).toBeTypeOf("object");
  });

  test("the reader refuses broken YAML, naming the file", () => {
    expect(() => readYamlDocuments("test/unit/deploy/broken.yaml.txt")).toThrow(/broken\.yaml\.txt/);
  });
});

describe("the Dockerfile", () => {
  const dockerfile = readText("Dockerfile");
  const lines = dockerfile.split("\n").filter((l) => !l.startsWith("#"));
  const instructions = lines.join("\n").replace(/\\\n/g, " ").split("\n");

  test("builds in stages from a Node 24 slim image", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[\w.-]*-slim$/m);
    expect(instructions.filter((l) => l.startsWith("FROM ")).length).toBeGreaterThanOrEqual(2);
    expect(instructions.filter((l) => l.startsWith("FROM ")).every((l) => l.includes("${NODE_IMAGE}"))).toBe(
      true,
    );
  });

  test("runs as a non-root user, with a health check on /healthz", () => {
    const user = instructions.filter((l) => l.startsWith("USER ")).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(instructions.findIndex((l) => l.startsWith("USER "))).toBeLessThan(
      instructions.findIndex((l) => l.startsWith("CMD ")),
    );
    expect(instructions.find((l) => l.startsWith("HEALTHCHECK "))).toContain("/healthz");
  });

  test("copies files that exist, and starts the compiled entry point of src/main/cli.ts", () => {
    for (const line of instructions.filter((l) => l.startsWith("COPY ") && !l.includes("--from="))) {
      for (const source of line.split(/\s+/).slice(1, -1))
        expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
    const build = readJson<{ compilerOptions: { outDir: string; rootDir: string } }>("tsconfig.build.json");
    expect(build.compilerOptions).toMatchObject({ outDir: "dist", rootDir: "src" });
    expect(existsSync(join(ROOT, "src/main/cli.ts"))).toBe(true);
    expect(instructions.find((l) => l.startsWith("CMD "))).toContain('"dist/main/cli.js"');
    const scripts = readJson<{ scripts: Record<string, string> }>("package.json").scripts;
    expect(instructions).toContain("RUN npm run build");
    expect(scripts.build).toContain("tsconfig.build.json");
  });

  test("sets only variables Shipmate reads", () => {
    const known = variablesShipmateReads();
    const env = instructions.filter((l) => l.startsWith("ENV ")).join(" ");
    const names = [...env.matchAll(/\b([A-Z_]+)=/g)].map((m) => m[1] ?? "");
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  test("its build context leaves out secrets and local state", () => {
    const ignored = readText(".dockerignore").split("\n");
    for (const pattern of [".env", "*.pem", "node_modules", ".data"]) expect(ignored).toContain(pattern);
  });
});
