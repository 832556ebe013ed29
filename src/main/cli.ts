import { HELP } from "./cli-help.ts";

/** `shipmate <command>`: the local tools, or a server role; returns the exit status (-1: keep running). */
async function main(argv: readonly string[]): Promise<number> {
  const [arg, ...rest] = argv;
  switch (arg) {
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${HELP}\n`);
      return 0;
    // Loaded on demand: the local tools start fast and never load the server, and the server never loads them.
    case "validate":
      return (await import("./cli-validate.ts")).validateCommand(rest);
    case "run":
      return (await import("./cli-run.ts")).runCommand(rest);
    case "audit":
      return (await import("./cli-audit.ts")).auditCommand(rest);
    default:
      return (await import("./cli-server.ts")).startServer(arg);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`shipmate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
