// What every bench step shares: its arguments (one JSON object in argv) and its answer (one JSON
// line on stdout, with the step's own peak RSS, so steps measured in separate processes never
// pollute each other's memory figures).
export function stepArgs<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('a bench step takes its arguments as one JSON object');
  return JSON.parse(raw) as T;
}

/** Peak resident set size of this process so far, in MB (resourceUsage reports kilobytes). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Prints the step's answer; a step that ran the work in a child process passes that child's peakRssMb. */
export function finishStep(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ peakRssMb: peakRssMb(), ...result })}\n`);
}

export function seconds(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}
