import type { LocalRepo } from "../../support/git-repo.ts";

/** The repository and `.github/shipmate.yml` of the cancel and rollback tests. */

// Holds its environment until the test lets it finish, writing when it started and ended.
const HOLD_SCRIPT = `#!/bin/sh
run="$SHIPMATE_ENVIRONMENT-$SHIPMATE_PR\${SHIPMATE_PARAM_N:+-$SHIPMATE_PARAM_N}"
out="$TEST_DEPLOY_OUT"
echo "start $run $(date +%s%N)" >> "$out/runs"
while [ ! -e "$out/release-$run" ] && [ ! -e "$out/release-all" ]; do sleep 0.05; done
echo "end $run $(date +%s%N)" >> "$out/runs"
`;

// A task with a child of its own, as real deploy scripts have; with \`quick=1\` it ends at once.
const FORK_SCRIPT = `#!/bin/sh
run="$SHIPMATE_ENVIRONMENT-$SHIPMATE_PR"
out="$TEST_DEPLOY_OUT"
echo "start $run $(date +%s%N)" >> "$out/runs"
if [ -n "\${SHIPMATE_PARAM_QUICK:-}" ]; then
  echo "end $run $(date +%s%N)" >> "$out/runs"
  exit 0
fi
echo $$ > "$out/$run.script"
sh -c 'sleep 60 & echo $! > "$TEST_DEPLOY_OUT/$1.child"; echo $$ > "$TEST_DEPLOY_OUT/$1.task"; wait' sh "$run"
echo "end $run $(date +%s%N)" >> "$out/runs"
`;

export const CANCEL_CONFIG = `environments:
  line:
    deploy: { run: ./scripts/hold.sh, timeout: 90s }
  latest:
    deploy: { run: ./scripts/hold.sh, timeout: 90s }
  forked:
    deploy: { run: ./scripts/fork.sh, timeout: 90s }
  gated:
    deploy: ./scripts/hold.sh
    require:
      approvers: [maya]
  gated-eu:
    deploy: ./scripts/hold.sh
    require:
      approvers: [maya]
  production:
    deploy: 'printf "%s\\n" "$SHIPMATE_SHA" > "$TEST_DEPLOY_OUT/production.sha"; printf "%s\\n" "$SHIPMATE_REF" > "$TEST_DEPLOY_OUT/production.ref"; cat VERSION > "$TEST_DEPLOY_OUT/production.version"'
  canary:
    deploy: 'true'
`;

export const ROLES = { alice: "write", bob: "write", carol: "write", maya: "maintain", rita: "read" };

/** The commits of a deploy history, oldest first, then the pull requests' head. */
export interface History {
  a: string;
  b: string;
  c: string;
  d: string;
  head: string;
}

/** Commits the scripts and four versions (A to D), then the head every pull request points at. */
export function commitHistory(repo: LocalRepo): History {
  const a = repo.commit(
    { "scripts/hold.sh": HOLD_SCRIPT, "scripts/fork.sh": FORK_SCRIPT, VERSION: "A\n" },
    "version A",
  );
  const b = repo.commit({ VERSION: "B\n" }, "version B");
  const c = repo.commit({ VERSION: "C\n" }, "version C");
  const d = repo.commit({ VERSION: "D\n" }, "version D");
  const head = repo.commit({ VERSION: "head\n" }, "work in progress");
  return { a, b, c, d, head };
}
