import type { ShipmateProcess } from "../../integration/operate/shipmate-process.ts";

/** Resolves as `waiting` does; when it fails, the message carries what each process logged at warn or above. */
export async function explained<T>(
  waiting: Promise<T>,
  processes: Record<string, ShipmateProcess>,
): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    const logs = Object.entries(processes).map(([name, proc]) => {
      const lines = proc
        .output()
        .split("\n")
        .filter((line) => /"level":(40|50|60)/.test(line))
        .map((line) => line.slice(0, 400));
      return `--- ${name}\n${lines.slice(-20).join("\n") || "(nothing at warn or above)"}`;
    });
    throw new Error(`${(error as Error).message}\n${logs.join("\n")}`);
  }
}
