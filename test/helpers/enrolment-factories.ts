import type { Express } from 'express';
import type { Knex } from 'knex';
import { decode, signIn, type Agent } from './http';
import type { TestUser } from './factories';

/** Sets columns of a session directly, for arranging registration windows and states. */
export async function updateSession(db: Knex, sessionId: number, values: Record<string, unknown>): Promise<void> {
  await db('course_sessions').where({ id: sessionId }).update(values);
}

/** The newest email to an address, or undefined. */
export async function lastEmailTo(db: Knex, email: string): Promise<{ subject: string; body_text: string; reply_to: string | null } | undefined> {
  return db('outbox_emails').where({ to_address: email.toLowerCase() }).orderBy('id', 'desc').first('subject', 'body_text', 'reply_to');
}

export async function emailsTo(db: Knex, email: string): Promise<{ subject: string; body_text: string }[]> {
  return db('outbox_emails').where({ to_address: email.toLowerCase() }).orderBy('id').select('subject', 'body_text');
}

export async function enrolmentOf(db: Knex, sessionId: number, userId: number) {
  return db('enrolments').where({ course_session_id: sessionId, user_id: userId }).first();
}

export async function eventsOf(db: Knex, enrolmentId: number) {
  return db('enrolment_events').where({ enrolment_id: enrolmentId }).orderBy('id');
}

/** Signs many users in, a few at a time (each login runs argon2 on a shared 2-core machine). */
export async function signInAll(app: Express, users: TestUser[], parallel = 4): Promise<Agent[]> {
  const agents: Agent[] = new Array(users.length);
  for (let i = 0; i < users.length; i += parallel) {
    const batch = users.slice(i, i + parallel);
    const signed = await Promise.all(batch.map((u) => signIn(app, u)));
    signed.forEach((a, j) => (agents[i + j] = a));
  }
  return agents;
}

/** Follows one redirect and returns the page, so a flashed message can be read. */
export async function follow(agent: Agent, res: { status: number; headers: Record<string, string> }) {
  if (res.status !== 302 && res.status !== 303) throw new Error(`expected a redirect, got ${res.status}`);
  return agent.get(res.headers.location);
}

/** The edit form's fields as its page fills them in, hidden ones included. */
export async function editFormOf(agent: Agent, sessionId: number): Promise<Record<string, string>> {
  const html = (await agent.get(`/admin/sessions/${sessionId}/edit`)).text;
  const form = html.slice(html.indexOf(`action="/admin/sessions/${sessionId}"`));
  const values: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (name !== '_csrf') values[name] = decode(value);
  values.currency = /<option value="([A-Z]{3})" selected/.exec(form)![1];
  return values;
}
