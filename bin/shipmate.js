#!/usr/bin/env node
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// In a checkout the TypeScript sources run (Node 24 strips types), so a dist/ left from an earlier build
// never runs stale code. Node does not strip types under node_modules, nor does an older Node at all:
// those run dist/.
const source = new URL("../src/main/cli.ts", import.meta.url);
const compiled = new URL("../dist/main/cli.js", import.meta.url);
const installed = fileURLToPath(import.meta.url)
  .split(/[\\/]/)
  .includes("node_modules");
const stripsTypes = Boolean(process.features.typescript);
await import(existsSync(source) && stripsTypes && !installed ? source.href : compiled.href);
