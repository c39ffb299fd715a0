const t0 = Date.now();

/** A progress line with the seconds since the run began. */
export function log(line: string): void {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
