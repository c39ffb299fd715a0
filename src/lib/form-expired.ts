import type { Request } from 'express';
import { safeReturnPath } from './http';

export interface KeptText {
  name: string;
  label: string;
  text: string;
}

// Never shown back: secrets, and the form's own plumbing (ids, tokens, save numbers, where to return to).
const NOT_SHOWN = /password|confirm|token|secret|_csrf|^returnTo$|^id$|_id$|^ids?$|^(draft_)?rev$/i;

const LABELS: Record<string, string> = {
  body: 'Your text',
  text: 'Your text',
  title: 'Title',
  content_note: 'Content note',
  reason: 'Reason',
  note: 'Note',
  feedback: 'Feedback',
  message: 'Message',
  name: 'Name',
  email: 'Email',
};

function labelFor(name: string): string {
  return LABELS[name] ?? name.charAt(0).toUpperCase() + name.slice(1).replace(/[_-]+/g, ' ');
}

/**
 * What a person typed into a form that was refused because its token had expired (after being
 * signed out, or from a page left open too long), so the page can hand it back to copy:
 * nothing someone wrote is lost to an expired form.
 */
export function keptText(body: unknown): KeptText[] {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '' && !NOT_SHOWN.test(entry[0]))
    .map(([name, text]) => ({ name, label: labelFor(name), text }));
}

/** The page the form was on, when it is one of ours, to go back to. */
export function sameSiteReferrer(req: Request, baseUrl: string): string | undefined {
  const referrer = req.get('referer');
  if (!referrer) return undefined;
  try {
    const url = new URL(referrer);
    const ours = new URL(baseUrl);
    const host = req.get('host');
    if (url.origin !== ours.origin && url.host !== host) return undefined;
    // Our own address can still name another site: a path of `//elsewhere.example` is a link there.
    return safeReturnPath(url.pathname + url.search);
  } catch {
    return undefined;
  }
}
