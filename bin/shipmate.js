#!/usr/bin/env node
import { existsSync } from "node:fs";

// The compiled CLI when `npm run build` has run; the TypeScript sources otherwise (Node 24 strips types).
const compiled = new URL("../dist/main/cli.js", import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL("../src/main/cli.ts", import.meta.url).href);
