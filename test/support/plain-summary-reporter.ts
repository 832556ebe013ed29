import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import type { Figure } from "./figures.ts";

/**
 * Prints the figures tests recorded (see figures.ts), then the one-line `N passed, N failed` summary
 * that CI reads (vitest's own summary is not in that form).
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const report: string[] = [];
    for (const module of [...testModules].sort((a, b) => a.moduleId.localeCompare(b.moduleId))) {
      const lines: string[] = [];
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
        const figures: Figure[] = test.meta().figures ?? [];
        if (figures.length > 0) lines.push(`  ${test.name}${state === "passed" ? "" : ` (${state})`}`);
        for (const figure of figures) lines.push(`    ${figure.name}: ${figure.value}`);
      }
      if (module.state() === "failed" && module.children.size === 0) failed++;
      if (lines.length > 0) report.push(relative(process.cwd(), module.moduleId), ...lines);
    }
    if (report.length > 0) process.stdout.write(`\nFigures\n${report.join("\n")}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
