import type { EnvironmentRequirements } from "../../config/repo-config.ts";
import type { Refusal } from "../reason-codes.ts";
import { allowlistGate } from "./allowlist-gate.ts";
import { approvalsGate } from "./approvals-gate.ts";
import { branchesGate } from "./branches-gate.ts";
import { checksGate } from "./checks-gate.ts";
import type { Gate } from "./gate.ts";
import type { GateFacts } from "./gate-facts.ts";
import { permissionGate } from "./permission-gate.ts";

// Who may ask, and for which pull requests: these hold for dry runs too.
const ALWAYS: readonly Gate[] = [permissionGate, allowlistGate, branchesGate];
// These protect what a real run changes; a dry run changes nothing.
const REAL_RUNS_ONLY: readonly Gate[] = [approvalsGate, checksGate];

/** Every unmet gate of an environment, each saying what would satisfy it; empty when all are met. */
export function evaluateGates(
  requirements: EnvironmentRequirements,
  environment: string,
  facts: GateFacts,
): Refusal[] {
  const gates = facts.dryRun ? ALWAYS : [...ALWAYS, ...REAL_RUNS_ONLY];
  return gates.flatMap((gate) => gate(requirements, environment, facts));
}
