/** A measured figure a test reports beside its verdict, printed after the run by the summary reporter. */
export interface Figure {
  name: string;
  value: string;
}

declare module "vitest" {
  interface TaskMeta {
    figures?: Figure[];
  }
}

interface WithTask {
  task: { meta: { figures?: Figure[] } };
}

/**
 * Records `name: value` for the report printed at the end of the run (`npm run test:security`,
 * `npm run test:faults`). Figures describe what a test saw; its assertions still decide pass or fail.
 */
export function recordFigure(context: WithTask, name: string, value: string | number): void {
  context.task.meta.figures ??= [];
  context.task.meta.figures.push({ name, value: typeof value === "number" ? formatNumber(value) : value });
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(1);
}
