#!/usr/bin/env node
import "../src/main/cli.ts";
