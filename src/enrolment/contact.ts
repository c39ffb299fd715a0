import type { Request } from 'express';
import type { Db } from '../db';
import { listInstructorsOf } from './sessions.repository';

/** Whom a learner can write to for help with a session: the site's contact address, else its instructors. */
export interface ContactHelp {
  email?: string;
  instructors: { name: string; email: string }[];
}

/** The CONTACT_EMAIL setting, which createApp keeps in app.locals for the footer and these pages. */
export function contactEmailOf(req: Request): string | undefined {
  const email: unknown = req.app.locals.contactEmail;
  return typeof email === 'string' && email ? email : undefined;
}

/** The contact address when one is set; otherwise the session's instructors, by name and email. */
export async function contactHelpFor(db: Db, sessionId: number, contactEmail: string | undefined): Promise<ContactHelp> {
  if (contactEmail) return { email: contactEmail, instructors: [] };
  const instructors = await listInstructorsOf(db, [sessionId]);
  return { instructors: instructors.map((i) => ({ name: i.name, email: i.email })) };
}

/** The same help as one plain sentence (for flash messages), or nothing when there is nobody to name. */
export function contactHelpSentence(help: ContactHelp): string {
  if (help.email) return `Please write to ${help.email} and we will help.`;
  if (!help.instructors.length) return '';
  const names = help.instructors.map((i) => `${i.name} (${i.email})`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `Please write to your ${names.length === 1 ? 'instructor' : 'instructors'}, ${list}, who can help.`;
}
