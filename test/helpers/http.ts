import type { Express } from 'express';
import { decodeHTML } from 'entities';
import request from 'supertest';
import type { Knex } from 'knex';
import type { Role } from '../../src/auth';
import { createTestContext, type TestContext } from './app';
import { createUser, type TestUser } from './factories';

export type Agent = ReturnType<typeof request.agent>;

/** The CSRF token from the forms on a page, as a browser would see it. */
export async function csrfFrom(agent: Agent, pagePath: string): Promise<string> {
  const res = await agent.get(pagePath);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on ${pagePath} (status ${res.status})`);
  return match[1];
}

/**
 * A page's file-upload form as a browser would post it: its action and its CSRF token (the
 * form's first field, sent before any file).
 */
export async function uploadFormOf(agent: Agent, pagePath: string): Promise<{ action: string; token: string }> {
  const res = await agent.get(pagePath);
  const form = /<form[^>]*action="([^"]+)"[^>]*enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)">/.exec(res.text);
  if (!form) throw new Error(`no upload form with its token first on ${pagePath} (status ${res.status})`);
  // The path a browser posts to: a fragment (#write, where the page opens again) is never sent.
  return { action: form[1].replace(/&amp;/g, '&').replace(/#.*$/, ''), token: form[2] };
}

/** A supertest parser that keeps the body as bytes (PDFs, zips). */
export function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** An agent logged in through the real login form. */
export async function signIn(app: Express, user: Pick<TestUser, 'email' | 'password'>): Promise<Agent> {
  const agent = request.agent(app);
  const token = await csrfFrom(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: user.password });
  if (res.status !== 302) throw new Error(`login failed for ${user.email}: ${res.status}`);
  return agent;
}

/** Posts a form with a valid CSRF token taken from `tokenPage` (default: the dashboard). */
export async function postForm(agent: Agent, url: string, data: Record<string, string | string[]>, tokenPage = '/dashboard') {
  const token = await csrfFrom(agent, tokenPage);
  return agent.post(url).type('form').send({ _csrf: token, ...data });
}

/** Deletes an account through the account page, as its owner does, and checks it is gone. */
export async function deleteAccountAsOwner(app: Express, db: Knex, user: TestUser): Promise<void> {
  const agent = await signIn(app, user);
  const token = await csrfFrom(agent, '/account/delete');
  const res = await agent.post('/account/delete').type('form').send({ _csrf: token, password: user.password });
  expect(res.text).toContain('Your account is deleted');
  expect(await db('users').where({ id: user.id }).first()).toBeUndefined();
}

/** A new account with the role, and an agent logged in as it. */
export async function signedInAs(app: Express, db: Knex, role: Role): Promise<{ user: TestUser; agent: Agent }> {
  const user = await createUser(db, { role });
  return { user, agent: await signIn(app, user) };
}

/** A test context with an admin signed in: `({ ctx, admin, adminId } = await adminContext())` in a file's beforeAll. */
export async function adminContext(): Promise<{ ctx: TestContext; admin: Agent; adminId: number }> {
  const ctx = await createTestContext();
  const signed = await signedInAs(ctx.app, ctx.db, 'admin');
  return { ctx, admin: signed.agent, adminId: signed.user.id };
}

/** A page's text with its HTML entities read back, so assertions can quote what a reader sees. */
export const decode = (html: string): string => decodeHTML(html);

/**
 * A page with the numeric references it writes for characters beyond Latin-1 read back (`&#8217;`
 * as ’), and every other escape left as it is (see src/lib/one-byte-html.ts).
 */
export const readable = <T>(page: T): T =>
  (typeof page === 'string' ? page.replace(/&#(\d+);/g, (ref, code: string) => (Number(code) > 0xff ? String.fromCodePoint(Number(code)) : ref)) : page) as T;
