import type { Page } from 'playwright-core';
import type { Journey } from './e2e-browser';
import type { E2eServer } from './e2e-server';
import { logInAs } from './e2e-suite';

/** Helpers for browser journeys through live discussion updates: pages joining rooms, and moderators acting in another page. */

export interface LiveConnection {
  /** The server's answers to "discussion:join", as sent: '{"ok":true}' or '{"ok":false,"error":"not-allowed"}'. */
  answers: string[];
  closed: boolean;
}

/** Every Socket.io connection the page opens over its lifetime, across reloads, in order. */
export function watchConnections(page: Page): LiveConnection[] {
  const connections: LiveConnection[] = [];
  page.on('websocket', (ws) => {
    const connection: LiveConnection = { answers: [], closed: false };
    connections.push(connection);
    ws.on('framereceived', ({ payload }) => {
      // An acknowledgement packet: engine.io "message" (4), Socket.io "ack" (3), its id, then [answer].
      const ack = /^43\d+\[(.*)\]$/.exec(String(payload));
      if (ack) connection.answers.push(ack[1]);
    });
    ws.on('close', () => {
      connection.closed = true;
    });
  });
  return connections;
}

export async function until(what: string, holds: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const OK = '{"ok":true}';
export const REFUSED = '{"ok":false,"error":"not-allowed"}';
export const last = (connections: LiveConnection[]) => connections[connections.length - 1];
export const joinedCount = (connections: LiveConnection[]) => connections.filter((c) => c.answers.includes(OK)).length;

/** Opens the thread and waits until its page has joined the thread's room. */
export async function watchThread(j: Journey, page: Page, connections: LiveConnection[], threadPath: string, name: string): Promise<void> {
  const before = joinedCount(connections);
  await j.visit(page, threadPath, name);
  await until(`${name} to join the thread's room`, () => joinedCount(connections) > before);
}

/** Lee, a learner in the running session, logs in and starts a thread on week 1's board. */
export async function leePostsThread(j: Journey, db: E2eServer['db'], title: string, body: string) {
  const running = await db('enrolments as e').join('users as u', 'u.id', 'e.user_id').where('u.email', 'learner@kindred.test').first('e.course_session_id as id');
  const lee = await j.newPage();
  await logInAs(j, lee, 'learner@kindred.test');
  await j.check(lee, 'dashboard');
  await j.visit(lee, `/sessions/${running.id}/weeks/1/discussion`, 'discussion board');
  await lee.getByLabel('Title').fill(title);
  await lee.getByLabel('Your post').fill(body);
  await Promise.all([lee.waitForURL(/\/threads\/\d+/), lee.getByRole('button', { name: 'Post thread' }).click()]);
  await j.check(lee, 'thread posted');
  const threadPath = new URL(lee.url()).pathname;
  const postId = Number(await lee.locator('article.post').first().getAttribute('data-post-id'));
  return { lee, threadPath, postId, sessionId: Number(running.id) };
}

/** Sam (a learner in the session) and Helen (its instructor) log in and open the thread, each page in the thread's room. */
export async function samAndHelenWatch(j: Journey, threadPath: string) {
  const sam = await j.newPage();
  const samConnections = watchConnections(sam);
  await logInAs(j, sam, 'sam@kindred.test');
  await j.check(sam, 'dashboard');
  await watchThread(j, sam, samConnections, threadPath, "Sam's thread");
  const helen = await j.newPage();
  const helenConnections = watchConnections(helen);
  await logInAs(j, helen, 'helen@kindred.test');
  await j.check(helen, 'teaching');
  await watchThread(j, helen, helenConnections, threadPath, "Helen's thread");
  return { sam, samConnections, helen, helenConnections };
}

export async function reply(j: Journey, page: Page, threadPath: string, text: string): Promise<void> {
  await page.getByLabel('Your reply').fill(text);
  await Promise.all([page.waitForURL(`**${threadPath}*`), page.getByRole('button', { name: 'Post reply' }).click()]);
  await j.check(page, 'reply posted');
}

/** Hides or restores a post through its Moderate form on this page, and waits for the page the form leads back to. */
export async function moderate(page: Page, postId: number, action: 'Hide' | 'Restore', reason: string): Promise<void> {
  const post = page.locator(`#post-${postId}`);
  await post.getByText('Moderate').click();
  await post.getByLabel(action === 'Hide' ? 'Reason for hiding (the author sees it)' : 'Reason for restoring').fill(reason);
  await Promise.all([page.waitForURL(/\/threads\/\d+/), page.waitForEvent('load'), post.getByRole('button', { name: action }).click()]);
}

/** Locks or unlocks the thread through its "Moderate this thread" controls on this page, and waits for the page they lead back to. */
export async function setLock(page: Page, action: 'Lock' | 'Unlock', reason: string): Promise<void> {
  await page.getByText('Moderate this thread', { exact: true }).click();
  await page.getByLabel(action === 'Lock' ? 'Reason for locking' : 'Reason for unlocking (optional)').fill(reason);
  await Promise.all([page.waitForURL(/\/threads\/\d+/), page.waitForEvent('load'), page.getByRole('button', { name: action, exact: true }).click()]);
}

/** Ada, an admin, logs in and opens the thread in her own page. */
export async function adaOpens(j: Journey, threadPath: string): Promise<Page> {
  const ada = await j.newPage();
  await logInAs(j, ada, 'admin@kindred.test');
  await j.check(ada, 'admin home');
  await j.visit(ada, threadPath, "Ada's thread");
  return ada;
}
