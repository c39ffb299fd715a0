import { z } from 'zod';

// zod's own words for a missing or mistyped field ("Invalid input: expected string, received
// undefined") are not for people; a schema's own message still wins over these.
z.config({
  customError(issue) {
    if (issue.code !== 'invalid_type') return undefined;
    return issue.input === undefined ? 'Please fill in this field.' : 'We could not read this field. Please check it and try again.';
  },
});

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
