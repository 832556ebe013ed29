/** A duration as people read it: `<1s`, `45s`, `1m 05s`, `2h 03m 07s`, `3d 04h 05m`. */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) ? Math.floor(Math.max(0, ms) / 1000) : 0;
  if (total === 0) return "<1s";
  const days = Math.floor(total / 86_400);
  const hours = Math.floor(total / 3600) % 24;
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, "0");
  if (days > 0) return `${days}d ${two(hours)}h ${two(minutes)}m`;
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}
