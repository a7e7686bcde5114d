/** `75.2` → `1:15`: a time-axis label. */
export function clockTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** Round tick times (s) for a time axis of `duration` seconds: about `count` of them, at 1-2-5 × 10ⁿ s or minutes. */
export function timeTicks(duration: number, count = 6): number[] {
  if (!(duration > 0) || !Number.isFinite(duration)) return [0];
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800];
  const step = steps.find((s) => duration / s <= count) ?? 3600;
  const ticks: number[] = [];
  for (let t = 0; t <= duration + 1e-9; t += step) ticks.push(t);
  return ticks;
}
