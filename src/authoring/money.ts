/** Parses a decimal amount like "250.00" or "250" to integer minor units, without floats. */
export function parseMinorUnits(value: string): number | undefined {
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(fraction);
}

/** Shows integer minor units as a decimal string with two places: 25000 → "250.00". */
export function formatMinorUnits(minor: number): string {
  const whole = Math.floor(minor / 100);
  const cents = String(minor % 100).padStart(2, '0');
  return `${whole}.${cents}`;
}

/** Continuing-education units: one CEU per ten contact hours, shown to one decimal place. */
export function ceusFor(contactHours: number): string {
  const tenths = Math.round(contactHours);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
