import type { z } from 'zod';

/** One message per field, the first one zod found, for showing next to the field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    if (!errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** The submitted values to show again, without any password. */
export function keptValues(body: unknown, drop: string[] = ['password', 'confirm', '_csrf']): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (!drop.includes(k) && typeof v === 'string') values[k] = v;
    }
  }
  return values;
}
