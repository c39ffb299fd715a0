import type { RequestHandler } from 'express';

// Passwords are compared as typed, so they are never changed.
const SECRET = /password|^current$|^confirm$/i;
// Form feeds, vertical tabs and the old "next line" arrive in text copied from PDFs and old
// documents, where they meant a break; other control characters mean nothing in a form, cannot
// all be stored (PostgreSQL refuses the NUL), and would reach exports and PDFs unseen.
const BREAKS = /[\v\f\u0085]/g;
const HIDDEN = /(?![\t\n\r])\p{Cc}/gu;

export function cleanText(text: string): string {
  return text.replace(BREAKS, '\n').replace(HIDDEN, '');
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (depth > 3 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  for (const [key, v] of Object.entries(value)) {
    if (!SECRET.test(key)) (value as Record<string, unknown>)[key] = clean(v, depth + 1);
  }
  return value;
}

/** Takes control characters out of every submitted text but passwords, before any route reads it. */
export const cleanFormText: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object') clean(req.body, 0);
  next();
};
